import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { DiagnosticThresholds } from '../engine/diagnostics/snapshot';
import type { CellResult } from '../protocol/cell-output';
import type { LiveCellPayload } from '../protocol/live-output';
import { grouped, LIMIT_SETTINGS, workerHeapMb, type Limits } from '../session/limits';
import { UPDATE_RATE, type SchedulePreview, type SchedulePreviewRequest, type WeightsEvent, type WorkerEvent, type WorkerRequest, type WorkerStartData } from '../protocol/worker-messages';

/**
 * One notebook's kernel: its training worker and the queue of requests to it.
 *
 * Cells run one after another, in the order they were asked for. Running a
 * cell while another trains queues it, as a Jupyter kernel does: the cells
 * share one session, so a `train` must see the declarations of every cell
 * run before it. Cancelling a queued cell takes it out of the queue;
 * cancelling the running one stops its training within one step and keeps
 * what it learned, and the session goes on. If the worker dies (a crash, or a
 * cell that does not stop within `stopGraceMs` of being cancelled), the cell
 * gets a failure, the cells queued behind it are dropped, and the next
 * request starts a fresh worker — whose session has forgotten every
 * declaration.
 *
 * No `vscode` here: the controller adapts this to notebook executions, and
 * tests drive it directly with the real worker.
 */

/** What the worker is started with, read each time one starts (these hold for its life). */
export interface WorkerSettings {
  readonly seed?: number;
  /** Threads a training step may use (default 1). */
  readonly threads?: number;
  readonly thresholds?: Partial<DiagnosticThresholds>;
  /** Size limits that differ from the defaults; the worker's heap is sized from them too. */
  readonly limits?: Partial<Limits>;
  /** The folders the notebook may read and write files in; default its own folder alone. */
  readonly allowedFolders?: readonly string[];
}

export interface KernelOptions {
  /** The bundled worker entry (dist/worker.js). */
  readonly workerScript: string;
  /** Relative paths in the notebook resolve against this folder. */
  readonly notebookFolder: string;
  readonly workerSettings?: () => WorkerSettings;
  /** Most progress events a second; read at each run. */
  readonly updateRate?: () => number;
  /** How long a cancelled cell may take to stop before the worker is restarted (default 5 s). */
  readonly stopGraceMs?: number;
  /** Makes the worker, with the heap it may use; tests substitute their own to watch or kill it. */
  readonly createWorker?: (script: string, data: WorkerStartData, resourceLimits: ResourceLimits) => Worker;
}

/** How one queued cell ended. */
export type CellOutcome =
  | { readonly kind: 'result'; readonly result: CellResult }
  /** Cancelled before its turn came: it never ran. */
  | { readonly kind: 'skipped' }
  /**
   * The cell could not finish: an exception escaped the session (`restarted`
   * false, the session goes on), or the worker died or was stopped
   * (`restarted` true, the next cell starts a fresh session).
   */
  | { readonly kind: 'failed'; readonly message: string; readonly stack?: string; readonly restarted: boolean };

export interface CellRunHandlers {
  /** The cell's turn has come; until then it waits in the queue. */
  readonly onStart?: () => void;
  /** A snapshot of its training, at most `updateRate` times a second. */
  readonly onProgress?: (payload: LiveCellPayload) => void;
}

/** A queued or running cell. */
export interface CellRun {
  readonly outcome: Promise<CellOutcome>;
  /** Takes it out of the queue, or stops its training within one step. */
  cancel(): void;
}

/** One request in the queue; `settle` ends it however it ends. */
interface Job {
  readonly request: Exclude<WorkerRequest, { type: 'dispose' }>;
  readonly onStart?: () => void;
  /** Handles an event for this job; true when it was the last. */
  readonly onEvent: (event: WorkerEvent) => boolean;
  readonly onFailure: (message: string, restarted: boolean, stack?: string) => void;
  readonly onSkip: () => void;
}

/** Messages the kernel gives when the worker goes away. */
const WORKER_LOST = 'the training worker stopped unexpectedly';
const RESTART_NOTE = 'The kernel was restarted: declarations from earlier cells are gone; run them again.';

/** The worker reached its heap limit: what the cell shows instead of a bare ERR_WORKER_OUT_OF_MEMORY. */
function outOfMemory(heapMb: number): string {
  return (
    `training ran out of memory (limit ${grouped(heapMb)} MB of JavaScript heap, sized from ${LIMIT_SETTINGS.maxDataValues}): ` +
    `use a smaller data set or model. ${RESTART_NOTE}`
  );
}

export class Kernel {
  private worker?: Worker;
  private cancel?: Int32Array;
  private readonly queue: Job[] = [];
  private current?: Job;
  private nextId = 1;
  private graceTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;

  constructor(private readonly options: KernelOptions) {}

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }

  /** Queues a code cell: `cell` is its index in the notebook, for source locations. */
  run(cell: number, source: string, handlers: CellRunHandlers = {}): CellRun {
    const id = this.nextId++;
    let job!: Job;
    const outcome = new Promise<CellOutcome>((resolve) => {
      job = {
        request: { type: 'run', id, cell, source, updateRate: this.options.updateRate?.() ?? UPDATE_RATE.default },
        ...(handlers.onStart ? { onStart: handlers.onStart } : {}),
        onEvent: (event) => {
          if (event.type === 'progress') {
            handlers.onProgress?.(event.payload);
            return false;
          }
          if (event.type === 'result') resolve({ kind: 'result', result: event.result });
          else if (event.type === 'failed') resolve({ kind: 'failed', message: event.message, ...(event.stack ? { stack: event.stack } : {}), restarted: false });
          return true;
        },
        onFailure: (message, restarted, stack) => resolve({ kind: 'failed', message, ...(stack ? { stack } : {}), restarted }),
        onSkip: () => resolve({ kind: 'skipped' }),
      };
    });
    this.enqueue(job);
    return { outcome, cancel: () => this.cancelJob(job) };
  }

  /** The session's current weights as a .safetensors or .json file; undefined bytes before any training. */
  exportWeights(format: 'safetensors' | 'json'): Promise<WeightsEvent> {
    return this.ask({ type: 'weights', id: this.nextId++, format }, 'weights');
  }

  /** The learning rate a cell's training would follow, planned without training. */
  async previewSchedule(cells: SchedulePreviewRequest['cells'], target: number): Promise<SchedulePreview> {
    return (await this.ask({ type: 'schedule', id: this.nextId++, cells, target }, 'schedule')).preview;
  }

  /** Stops the worker now: the running cell fails, queued ones are dropped; the next request starts a fresh session. */
  restart(): void {
    this.dropWorker(`${WORKER_LOST}: the kernel was restarted`);
    this.pump();
  }

  /** Stops the worker and drops every queued request. */
  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.onSkip();
    this.dropWorker('the notebook was closed');
  }

  private ask<T extends 'weights' | 'schedule'>(request: Extract<Job['request'], { type: T }>, answer: T): Promise<Extract<WorkerEvent, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.enqueue({
        request,
        onEvent: (event) => {
          if (event.type === answer) resolve(event as Extract<WorkerEvent, { type: T }>);
          else if (event.type === 'failed') reject(new Error(event.message));
          return event.type !== 'progress';
        },
        onFailure: (message) => reject(new Error(message)),
        onSkip: () => reject(new Error('the kernel stopped before answering')),
      });
    });
  }

  private enqueue(job: Job): void {
    if (this.disposed) {
      job.onSkip();
      return;
    }
    this.queue.push(job);
    this.pump();
  }

  private cancelJob(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.onSkip();
      return;
    }
    if (this.current !== job || !this.cancel) return;
    Atomics.store(this.cancel, 0, job.request.id);
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      if (this.current !== job) return;
      const seconds = (this.options.stopGraceMs ?? 5000) / 1000;
      this.dropWorker(`the cell did not stop within ${seconds} s of being cancelled, so its worker was stopped. ${RESTART_NOTE}`);
      this.pump();
    }, this.options.stopGraceMs ?? 5000);
  }

  /** Starts the next queued request when the worker is free. */
  private pump(): void {
    if (this.current || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    const worker = this.ensureWorker();
    job.onStart?.();
    worker.postMessage(job.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const cancel = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const settings = this.options.workerSettings?.() ?? {};
    const data: WorkerStartData = { notebookFolder: this.options.notebookFolder, cancel, ...settings };
    // Without a limit a worker's heap grows until the whole extension host is short of memory.
    const heapMb = workerHeapMb(settings.limits);
    const create = this.options.createWorker ?? ((script, workerData, resourceLimits) => new Worker(script, { workerData, resourceLimits }));
    const worker = create(this.options.workerScript, data, { maxOldGenerationSizeMb: heapMb });
    worker.on('message', (event: WorkerEvent) => this.receive(worker, event));
    worker.on('error', (error) => this.lost(worker, (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(heapMb) : `${WORKER_LOST}: ${error.message}. ${RESTART_NOTE}`, error.stack));
    worker.on('exit', (code) => this.lost(worker, `${WORKER_LOST} (exit code ${code}). ${RESTART_NOTE}`));
    this.worker = worker;
    this.cancel = new Int32Array(cancel);
    return worker;
  }

  private receive(worker: Worker, event: WorkerEvent): void {
    const job = this.current;
    if (worker !== this.worker || !job || event.id !== job.request.id) return;
    if (!job.onEvent(event)) return;
    clearTimeout(this.graceTimer);
    this.current = undefined;
    this.pump();
  }

  /** The worker went away on its own: fail what it was doing and start afresh for the next request. */
  private lost(worker: Worker, message: string, stack?: string): void {
    if (worker !== this.worker) return;
    this.dropWorker(message, stack);
    this.pump();
  }

  /**
   * Ends the worker and everything waiting for it: the running request fails,
   * queued ones are dropped, as a Jupyter kernel's queue is when it dies or
   * restarts (they would run on a session that forgot what they build on).
   */
  private dropWorker(message: string, stack?: string): void {
    const worker = this.worker;
    this.worker = undefined;
    this.cancel = undefined;
    clearTimeout(this.graceTimer);
    const job = this.current;
    this.current = undefined;
    job?.onFailure(message, true, stack);
    for (const queued of this.queue.splice(0)) queued.onSkip();
    void worker?.terminate();
  }
}
