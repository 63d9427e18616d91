import type { DownsampledSeries } from '../engine/train/series';
import type { RunProgress } from '../engine/train/run';
import type { ComparisonProgress } from '../engine/train/experiments';
import type { CellResult, DecisionLandscape, RunSummary, SeriesPoint } from '../protocol/cell-output';
import { LIVE_LIMITS, RESULT_EPOCHS, type LiveCellPayload, type LiveOutput, type LiveRun } from '../protocol/live-output';
import { epochSummary, stepSummary } from '../session/output-records';
import type { SessionProgress } from '../session/session';

/** The result with every run's epochs thinned to {@link RESULT_EPOCHS}; unchanged when they fit. */
export function boundResult(result: CellResult): CellResult {
  const bound = (run: RunSummary): RunSummary => (run.epochs.length <= RESULT_EPOCHS ? run : { ...run, epochs: thinEpochs(run.epochs, RESULT_EPOCHS) });
  const outputs = result.outputs.map((output) => {
    if (output.kind === 'train') return { ...output, run: bound(output.run) };
    if (output.kind === 'compare') return { ...output, runs: output.runs.map(bound) };
    return output;
  });
  return { ...result, outputs };
}

/**
 * Turns a cell's training progress into the snapshots live charts draw.
 *
 * `observe` is called on every progress event the session sends (every
 * ~100 ms and at the end of every epoch) and only keeps a reference; the
 * snapshot, bounded by {@link LIVE_LIMITS}, is built in `payload`, which the
 * worker calls at its own bounded rate. A compare arm that has finished is
 * copied once, when the next arm starts, so earlier arms stay on the chart
 * while later ones train. A decision landscape, which runs the model over a
 * grid, is made again only every {@link LANDSCAPE_INTERVAL_MS}, and less
 * often when making it is slow, so it never takes more than a twentieth of
 * the training time.
 */
export class LiveSnapshot {
  private latest?: SessionProgress;
  private finished: LiveRun[] = [];
  private landscape?: { readonly label: string; readonly value: DecisionLandscape; readonly madeAt: number; readonly costMs: number };

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Records the newest progress; cheap enough to call on every event. */
  observe(progress: SessionProgress): void {
    const previous = this.latest;
    if (previous && (previous.action !== progress.action || previous.label !== progress.label)) {
      // A new compare arm keeps the arms before it; a second `train` in the cell replaces the first.
      if (progress.action === 'compare' && previous.action === 'compare') this.finished.push(liveRun(previous, 'finished', previous.landscape?.()));
      else this.finished = [];
    }
    this.latest = progress;
  }

  /** The cell as it stands: one live output with the runs so far. */
  payload(): LiveCellPayload {
    const progress = this.latest;
    if (!progress) return { status: 'running', problems: [], outputs: [] };
    const runs = [...this.finished, liveRun(progress, 'running', this.landscapeOf(progress))];
    const output: LiveOutput = { kind: 'live', action: progress.action, title: titleOf(progress), runs };
    return { status: 'running', problems: [], outputs: [output] };
  }

  /** The running run's landscape: the last one made while it is recent enough, else a new one. */
  private landscapeOf(progress: SessionProgress): DecisionLandscape | undefined {
    if (progress.landscape === undefined) return undefined;
    const kept = this.landscape;
    const now = this.now();
    if (kept?.label === progress.label && now - kept.madeAt < Math.max(LANDSCAPE_INTERVAL_MS, 20 * kept.costMs)) return kept.value;
    const value = progress.landscape();
    this.landscape = { label: progress.label, value, madeAt: now, costMs: this.now() - now };
    return value;
  }
}

/** Least time between two live decision landscapes of a run. */
export const LANDSCAPE_INTERVAL_MS = 500;

function titleOf(progress: SessionProgress): string {
  if (progress.action === 'train') return progress.label;
  const arm = progress.progress as Partial<ComparisonProgress>;
  return arm.variants !== undefined && arm.variantIndex !== undefined
    ? `compare: ${progress.label} (${arm.variantIndex + 1} of ${arm.variants})`
    : `compare: ${progress.label}`;
}

function liveRun(progress: SessionProgress, status: LiveRun['status'], landscape: DecisionLandscape | undefined): LiveRun {
  const run: RunProgress = progress.progress;
  const telemetry = run.telemetry;
  return {
    label: progress.label,
    status,
    steps: run.step,
    totalSteps: run.totalSteps,
    elapsedMs: run.elapsedMs,
    epoch: run.epoch,
    ...(run.latest ? { latest: stepSummary(run.latest) } : {}),
    epochs: thinEpochs(telemetry.epochs, LIVE_LIMITS.epochs).map(epochSummary),
    schedulePreview: progress.schedulePreview,
    ...(landscape ? { landscape } : {}),
    series: {
      loss: points(telemetry.loss),
      learningRate: points(telemetry.learningRate),
      gradNormBefore: points(telemetry.gradNormBefore),
      gradNormAfter: points(telemetry.gradNormAfter),
      clipped: points(telemetry.clipped),
    },
  };
}

function points(series: DownsampledSeries): SeriesPoint[] {
  return thinSeries(series.points(), LIVE_LIMITS.seriesPoints);
}

/**
 * At most `limit` buckets: runs of neighbouring buckets merged into one, its
 * mean the mean of theirs, its envelope theirs, its last value the run's last.
 */
export function thinSeries(buckets: readonly SeriesPoint[], limit: number): SeriesPoint[] {
  const width = Math.ceil(buckets.length / limit);
  if (width <= 1) return buckets.map(({ x, mean, min, max, last }) => ({ x, mean, min, max, last }));
  const thinned: SeriesPoint[] = [];
  for (let start = 0; start < buckets.length; start += width) {
    const group = buckets.slice(start, start + width);
    thinned.push({
      x: group.reduce((sum, b) => sum + b.x, 0) / group.length,
      mean: group.reduce((sum, b) => sum + b.mean, 0) / group.length,
      min: Math.min(...group.map((b) => b.min)),
      max: Math.max(...group.map((b) => b.max)),
      last: group[group.length - 1].last,
    });
  }
  return thinned;
}

/**
 * At most `limit` records whose epochs are evenly spread from the first (the
 * network at initialization) to the last, both always kept. Spacing is by
 * epoch number, not by position: a long run keeps its latest epochs densely
 * and its early history sparsely, and picking by position would draw the
 * last few epochs at the cost of the whole curve. Records sorted by epoch.
 */
export function thinEpochs<T extends { readonly epoch: number }>(epochs: readonly T[], limit: number): T[] {
  if (epochs.length <= limit) return [...epochs];
  const first = epochs[0].epoch;
  const span = epochs[epochs.length - 1].epoch - first;
  const picked: T[] = [];
  let cursor = 0;
  for (let i = 0; i < limit; i++) {
    const target = first + (span * i) / (limit - 1);
    while (cursor + 1 < epochs.length && Math.abs(epochs[cursor + 1].epoch - target) <= Math.abs(epochs[cursor].epoch - target)) cursor++;
    if (picked[picked.length - 1] !== epochs[cursor]) picked.push(epochs[cursor]);
  }
  return picked;
}
