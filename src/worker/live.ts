import type { DownsampledSeries } from '../engine/train/series';
import type { RunProgress } from '../engine/train/run';
import type { ComparisonProgress } from '../engine/train/experiments';
import type { SeriesPoint } from '../protocol/cell-output';
import type { LiveCellPayload, LiveOutput, LiveRun } from '../protocol/live-output';
import type { SessionProgress } from '../session/session';

/**
 * Turns a cell's training progress into the snapshots live charts draw.
 *
 * `observe` is called on every progress event the session sends (every
 * ~100 ms and at the end of every epoch) and only keeps a reference; the
 * snapshot — a copy of the downsampled series, at most a few thousand
 * points — is built in `payload`, which the worker calls at its own bounded
 * rate. A compare arm that has finished is copied once, when the next arm
 * starts, so earlier arms stay on the chart while later ones train.
 */
export class LiveSnapshot {
  private latest?: SessionProgress;
  private finished: LiveRun[] = [];

  /** Records the newest progress; cheap enough to call on every event. */
  observe(progress: SessionProgress): void {
    const previous = this.latest;
    if (previous && (previous.action !== progress.action || previous.label !== progress.label)) {
      // A new compare arm keeps the arms before it; a second `train` in the cell replaces the first.
      if (progress.action === 'compare' && previous.action === 'compare') this.finished.push(liveRun(previous, 'finished'));
      else this.finished = [];
    }
    this.latest = progress;
  }

  /** True once there is something to draw. */
  get started(): boolean {
    return this.latest !== undefined;
  }

  /** The cell as it stands: one live output with the runs so far. */
  payload(): LiveCellPayload {
    const progress = this.latest;
    if (!progress) return { status: 'running', problems: [], outputs: [] };
    const runs = [...this.finished, liveRun(progress, 'running')];
    const output: LiveOutput = { kind: 'live', action: progress.action, title: titleOf(progress), runs };
    return { status: 'running', problems: [], outputs: [output] };
  }
}

function titleOf(progress: SessionProgress): string {
  if (progress.action === 'train') return progress.label;
  const arm = progress.progress as Partial<ComparisonProgress>;
  return arm.variants !== undefined && arm.variantIndex !== undefined
    ? `compare: ${progress.label} (${arm.variantIndex + 1} of ${arm.variants})`
    : `compare: ${progress.label}`;
}

function liveRun(progress: SessionProgress, status: LiveRun['status']): LiveRun {
  const run: RunProgress = progress.progress;
  const telemetry = run.telemetry;
  return {
    label: progress.label,
    status,
    steps: run.step,
    totalSteps: run.totalSteps,
    elapsedMs: run.elapsedMs,
    epoch: run.epoch,
    ...(run.latest ? { latest: { ...run.latest } } : {}),
    epochs: [...telemetry.epochs],
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
  return series.points().map(({ x, mean, min, max, last }) => ({ x, mean, min, max, last }));
}
