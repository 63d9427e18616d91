import type { Limits } from '../session/limits';
import type { CellProblem, CellResult } from './cell-output';
import type { LiveCellPayload } from './live-output';

/**
 * The messages between a notebook's kernel (extension host, main thread) and
 * its training worker (a `worker_threads` Worker running dist/worker.js).
 *
 * The worker runs one request at a time, synchronously: while a cell trains
 * its event loop is busy, so it cannot receive a "cancel" message. Cancelling
 * therefore goes through shared memory instead: the kernel writes the id of
 * the request to stop into `cancel[0]` (an Int32Array over the
 * SharedArrayBuffer both sides hold) and the training loop reads it before
 * every step as `signal.aborted`. Writing an id, rather than a yes/no flag,
 * means a stale cancel can never stop the next request.
 */

/** Given to the worker as `workerData` when it starts; fixed for the worker's life. */
export interface WorkerStartData {
  /** Paths in the notebook (data csv, save weights) are relative to this folder. */
  readonly notebookFolder: string;
  /** The folders the notebook may read and write files in (setting `nnlab.files.allowedFolders` and its workspace folder); default `notebookFolder` alone. */
  readonly allowedFolders?: readonly string[];
  /** Replaces every seed the notebook gives (setting `nnlab.seed`); undefined keeps them. */
  readonly seed?: number;
  /** Threads a training step may use (setting `nnlab.trainingThreads`); default 1. */
  readonly threads?: number;
  /**
   * Diagnostic thresholds that differ from the defaults (settings
   * `nnlab.diagnostics.*`), by their names in docs/diagnostics.md. The
   * worker's training runs check them and refuse an unknown name.
   */
  readonly thresholds?: Readonly<Record<string, number>>;
  /** Size limits that differ from the defaults (settings `nnlab.limits.*`). */
  readonly limits?: Partial<Limits>;
  /** Int32Array(1): the id of the request to cancel. */
  readonly cancel: SharedArrayBuffer;
}

/** Runs one code cell in the worker's session. Answered by `progress` events and one `result`. */
export interface RunCellRequest {
  readonly type: 'run';
  readonly id: number;
  /** The cell's index in the notebook (markdown cells counted), for source locations. */
  readonly cell: number;
  readonly source: string;
  /** Most progress events per second (setting `nnlab.updateRate`). */
  readonly updateRate: number;
}

/** Asks for the session's current weights as a file's bytes. Answered by `weights`. */
export interface WeightsRequest {
  readonly type: 'weights';
  readonly id: number;
  readonly format: 'safetensors' | 'json';
}

/**
 * Plans, without training, the run a cell's `train` (or `compare`) statement
 * would make, and returns its learning rate η_t for every step. The worker
 * replays the declarations of `cells` (code cells in notebook order, up to
 * and including `target`) in a scratch session, so the kernel's session is
 * untouched. Answered by `schedule`.
 */
export interface SchedulePreviewRequest {
  readonly type: 'schedule';
  readonly id: number;
  readonly cells: readonly { readonly index: number; readonly source: string }[];
  readonly target: number;
}

/** Asks the worker to exit once its current request is done. */
export interface DisposeRequest {
  readonly type: 'dispose';
}

export type WorkerRequest = RunCellRequest | WeightsRequest | SchedulePreviewRequest | DisposeRequest;

/** A snapshot of a training cell, at most `updateRate` times a second. */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly id: number;
  readonly payload: LiveCellPayload;
}

/** The cell's final result: ok, error (problems say where) or cancelled (what was learned is kept). */
export interface ResultEvent {
  readonly type: 'result';
  readonly id: number;
  readonly result: CellResult;
}

export interface WeightsEvent {
  readonly type: 'weights';
  readonly id: number;
  /** The file's bytes; undefined when nothing was trained or loaded yet. */
  readonly bytes?: Uint8Array;
  readonly tensors: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

/** The learning rate a run would follow, step by step. */
export interface SchedulePreview {
  /** `error` when the declarations are incomplete or wrong; `problems` say why. */
  readonly status: 'ok' | 'error';
  readonly problems: readonly CellProblem[];
  /** The statement that was planned, e.g. "train epochs=40 batch=32". */
  readonly statement: string;
  readonly optimizer?: string;
  /** The schedule's name, or undefined for a constant learning rate. */
  readonly schedule?: string;
  readonly totalSteps: number;
  /** η_t at up to 400 evenly spaced steps (x = step). Empty without a schedule. */
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** The learning rate without a schedule: the optimizer's. */
  readonly baseLearningRate?: number;
}

export interface ScheduleEvent {
  readonly type: 'schedule';
  readonly id: number;
  readonly preview: SchedulePreview;
}

/** An exception escaped the session (a defect, not a user error); the worker keeps running. */
export interface FailedEvent {
  readonly type: 'failed';
  readonly id: number;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerEvent = ProgressEvent | ResultEvent | WeightsEvent | ScheduleEvent | FailedEvent;

/**
 * Bounds of `nnlab.updateRate`: a chart needs a few frames a second, and each
 * costs a webview message. The default leaves a margin above ten a second,
 * the least that reads as live: updates leave on a steady cadence but can
 * only go out between steps, so the rate measured lags the nominal one slightly.
 */
export const UPDATE_RATE = { default: 12, min: 1, max: 30 } as const;

/** Milliseconds between two progress events at `rate` per second, the rate clamped to its bounds. */
export function progressInterval(rate: number): number {
  const clamped = Number.isFinite(rate) ? Math.min(UPDATE_RATE.max, Math.max(UPDATE_RATE.min, rate)) : UPDATE_RATE.default;
  return 1000 / clamped;
}
