import type { CellOutput, CellResult, RunSummary, StepSeries, StepSummary } from './cell-output';

/**
 * What the notebook renderer receives in a cell's `CELL_OUTPUT_MIME` item.
 *
 * When a cell has finished it is the cell's {@link CellResult} (the same JSON
 * the CLI writes and the `.nnlab` file saves), except that a run keeps at most
 * {@link RESULT_EPOCHS} of its epoch records, evenly spaced, the first and the
 * last among them. While the cell
 * trains it is a {@link LiveCellPayload}: status `running` and a single
 * {@link LiveOutput} holding what live charts need. The controller writes it
 * when the run starts and then only every few seconds, so that a reload finds
 * a recent picture; the snapshots in between (setting `nnlab.updateRate`)
 * reach the renderer as messages for the payload's `stream.run`
 * (renderer-messages.ts). A notebook saved mid-run keeps an
 * {@link InterruptedCellPayload} instead. A renderer draws all of them with
 * the same code: every output by its `kind`, `live` among them.
 */
export type CellPayload = CellResult | LiveCellPayload | InterruptedCellPayload;

/**
 * The most epoch records a finished run carries to the editor. A run of many
 * tiny epochs (64 samples in batches of 16 for a million steps) records
 * hundreds of thousands, tens of megabytes with their per-layer statistics:
 * too much to copy to the editor's thread, hand to the renderer and save in
 * the notebook. Longer runs are thinned evenly, the first and last epoch
 * kept; the step series are already bounded by the run itself.
 */
export const RESULT_EPOCHS = 200;

/**
 * The most a live snapshot carries, whatever the run's length: a snapshot
 * crosses to the extension host's main thread several times a second, and
 * the editor's responsiveness depends on it staying small (about 100 KB of
 * JSON, two thirds of that once the controller rounds its numbers).
 * The final result carries everything up to {@link RESULT_EPOCHS}.
 */
export const LIVE_LIMITS = {
  /** Buckets per step series (the run keeps up to 1,024; neighbours are merged). */
  seriesPoints: 200,
  /** Epoch records; a longer run's are thinned evenly, the first and the last kept. */
  epochs: 60,
} as const;

/** Which stream of live messages a snapshot belongs to, and its place in it. */
export interface LiveStream {
  /** The run's id, unique to one execution of the cell. */
  readonly run: string;
  /** The snapshot's number in the run: 0 for the output written at the start, then counting up. */
  readonly sequence: number;
}

/** A cell still running: its training so far. */
export interface LiveCellPayload {
  readonly status: 'running';
  readonly problems: CellResult['problems'];
  readonly outputs: readonly (CellOutput | LiveOutput)[];
  /** Set by the controller on what it writes and sends; the worker's snapshots have none. */
  readonly stream?: LiveStream;
}

/**
 * A live snapshot as a notebook saved mid-run keeps it: the run was cut off
 * by the save (its kernel does not outlive the window), so its runs that were
 * training say `interrupted` and a problem tells the reader to run the cell
 * again. It names no stream: nothing will send it more.
 */
export interface InterruptedCellPayload {
  readonly status: 'interrupted';
  readonly problems: CellResult['problems'];
  readonly outputs: readonly (CellOutput | LiveOutput)[];
}

/**
 * A run in progress, as far as it has gone: the fields of a {@link RunSummary}
 * that are known before the end (settings, concepts and diagnostics come
 * with the final result). To keep a snapshot small however long the run,
 * its series and epochs are thinned to {@link LIVE_LIMITS}, the first and
 * last kept.
 */
export interface LiveRun extends Pick<RunSummary, 'label' | 'steps' | 'totalSteps' | 'elapsedMs' | 'epochs' | 'schedulePreview' | 'landscape'> {
  /**
   * `running` for the run training now; `finished` for a compare arm done
   * before it; `interrupted` for a run that was training when the notebook was saved.
   */
  readonly status: 'running' | 'finished' | 'interrupted';
  /** The epoch being trained (1-based; 0 before the first step). */
  readonly epoch: number;
  /** The last step taken, for a "loss 0.123 at step 456" line. */
  readonly latest?: StepSummary;
  readonly series: StepSeries;
}

/** A `train` or `compare` statement while it trains. */
export interface LiveOutput {
  readonly kind: 'live';
  readonly action: 'train' | 'compare';
  /** The statement's text, e.g. "train epochs=40 batch=32". */
  readonly title: string;
  /** One run for `train`; for `compare`, the arms so far, the last one training. */
  readonly runs: readonly LiveRun[];
}
