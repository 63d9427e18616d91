import type { EpochRecord, StepRecord } from './records';
import { DownsampledSeries, RecentWindow } from './series';

/**
 * Everything a run measures, in memory that stays flat however long it runs:
 * per-step series downsampled (extremes and the latest value kept exactly),
 * the most recent steps raw, and every epoch record.
 */
export class RunTelemetry {
  readonly loss: DownsampledSeries;
  readonly learningRate: DownsampledSeries;
  readonly gradNormBefore: DownsampledSeries;
  readonly gradNormAfter: DownsampledSeries;
  /** 1 for a clipped step, 0 otherwise: a bucket's mean is the fraction clipped. */
  readonly clipped: DownsampledSeries;
  readonly epochs: EpochRecord[] = [];
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
