import type { EpochRecord, StepRecord } from './records';
import { DownsampledSeries, RecentWindow } from './series';

/**
 * Everything a run measures, in memory that stays flat however long it runs:
 * per-step series downsampled (extremes and the latest value kept exactly),
 * the most recent steps raw, and the epoch records: all of them up to
 * EPOCH_CAPACITY, then epochs 0 and 1, the latest RECENT_EPOCHS and, before
 * them, every epoch on a stride that doubles as the run grows, so the kept
 * history is evenly spread over the whole run.
 */
/**
 * Most epoch records kept; a run of tiny epochs would otherwise grow without
 * bound. It is at least RESULT_EPOCHS (src/protocol/live-output.ts), the
 * most a cell's output holds, so that an output's epochs are bounded by the
 * protocol and not by this (a test pins the two); at 512 a
 * million-step run of 100-step epochs held 9–10 % more heap than after
 * 10,000 steps, at the edge of the 10 % the engine allows itself.
 */
export const EPOCH_CAPACITY = 256;

/**
 * Epochs always kept whole at the end: the diagnostics that look back (plateau,
 * overfitting) read consecutive recent epochs.
 */
export const RECENT_EPOCHS = 64;

export class RunTelemetry {
  readonly loss: DownsampledSeries;
  readonly learningRate: DownsampledSeries;
  readonly gradNormBefore: DownsampledSeries;
  readonly gradNormAfter: DownsampledSeries;
  /** 1 for a clipped step, 0 otherwise: a bucket's mean is the fraction clipped. */
  readonly clipped: DownsampledSeries;
  /** Epoch 0 (initialization) first; see EPOCH_CAPACITY for what a long run keeps. */
  readonly epochs: EpochRecord[] = [];
  /** Older epochs are kept when their number is a multiple of this (a power of two). */
  private historyStride = 1;
  private readonly recent: Record<keyof StepRecord, RecentWindow>;

  constructor(recentSteps: number, seriesCapacity?: number) {
    this.loss = new DownsampledSeries(seriesCapacity);
    this.learningRate = new DownsampledSeries(seriesCapacity);
    this.gradNormBefore = new DownsampledSeries(seriesCapacity);
    this.gradNormAfter = new DownsampledSeries(seriesCapacity);
    this.clipped = new DownsampledSeries(seriesCapacity);
    this.recent = {
      step: new RecentWindow(recentSteps),
      epoch: new RecentWindow(recentSteps),
      loss: new RecentWindow(recentSteps),
      learningRate: new RecentWindow(recentSteps),
      gradNormBefore: new RecentWindow(recentSteps),
      gradNormAfter: new RecentWindow(recentSteps),
      clipped: new RecentWindow(recentSteps),
    };
  }

  recordStep(step: number, epoch: number, loss: number, learningRate: number, before: number, after: number, clipped: boolean): void {
    this.loss.push(step, loss);
    this.learningRate.push(step, learningRate);
    this.gradNormBefore.push(step, before);
    this.gradNormAfter.push(step, after);
    this.clipped.push(step, clipped ? 1 : 0);
    const recent = this.recent;
    recent.step.push(step);
    recent.epoch.push(epoch);
    recent.loss.push(loss);
    recent.learningRate.push(learningRate);
    recent.gradNormBefore.push(before);
    recent.gradNormAfter.push(after);
    recent.clipped.push(clipped ? 1 : 0);
  }

  /**
   * Adds an epoch's record. Past the capacity, the records older than the
   * latest RECENT_EPOCHS keep only epochs 0, 1 and the multiples of the
   * history stride, which doubles whenever that is still too many: the
   * history stays evenly spaced (a 3,000-epoch run keeps every 16th epoch).
   * A record leaving the latest run is dropped at once when off the stride.
   */
  recordEpoch(record: EpochRecord): void {
    this.epochs.push(record);
    const aged = this.epochs.length - RECENT_EPOCHS - 1;
    if (aged >= 0 && !this.onStride(this.epochs[aged].epoch)) this.epochs.splice(aged, 1);
    if (this.epochs.length <= EPOCH_CAPACITY) return;
    const historyEnd = this.epochs.length - RECENT_EPOCHS;
    let history = this.epochs.slice(0, historyEnd);
    while (history.length + RECENT_EPOCHS > EPOCH_CAPACITY) {
      this.historyStride *= 2;
      history = history.filter((e) => this.onStride(e.epoch));
    }
    this.epochs.splice(0, historyEnd, ...history);
  }

  private onStride(epoch: number): boolean {
    return epoch <= 1 || epoch % this.historyStride === 0;
  }

  /** The raw recent steps, oldest first. */
  recentSteps(): StepRecord[] {
    const columns = {
      step: this.recent.step.values(),
      epoch: this.recent.epoch.values(),
      loss: this.recent.loss.values(),
      learningRate: this.recent.learningRate.values(),
      gradNormBefore: this.recent.gradNormBefore.values(),
      gradNormAfter: this.recent.gradNormAfter.values(),
      clipped: this.recent.clipped.values(),
    };
    return Array.from(columns.step, (step, i) => ({
      step,
      epoch: columns.epoch[i],
      loss: columns.loss[i],
      learningRate: columns.learningRate[i],
      gradNormBefore: columns.gradNormBefore[i],
      gradNormAfter: columns.gradNormAfter[i],
      clipped: columns.clipped[i] === 1,
    }));
  }
}
