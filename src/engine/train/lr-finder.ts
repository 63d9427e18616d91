import type { BatchIterator } from '../data/batches';
import { ConfigError } from '../errors';
import { number, ParamSchema, type Options } from '../params';
import { fellClearly, lossSlopes, lowestLoss, SmoothedLoss, smoothLosses, steepestDescent, steepestRule, sweepRates, type LowestLoss, type SteepestDescent, type SteepestRule } from './lr-sweep';
import { probeTraining } from './probe-training';
import type { TrainingSetup } from './step';

/** `find lr`'s options, named as fastai's `lr_find(start_lr, end_lr, num_it)` and its smoothing β. */
export const lrFinderSchema = new ParamSchema('find lr', {
  start: number({ default: 1e-7, min: 1e-12, max: 1e3, doc: 'η of the first batch (fastai start_lr).' }),
  end: number({ default: 10, min: 1e-10, max: 1e4, doc: 'η of the last batch, if the loss has not diverged before (fastai end_lr).' }),
  steps: number({ default: 100, min: 3, max: 2000, integer: true, doc: 'Batches in the sweep, each at a higher η (fastai num_it).' }),
  smoothing: number({ default: 0.98, min: 0, max: 0.999, doc: 'β of the smoothed loss: avg = β·avg + (1−β)·loss, debiased (fastai beta).' }),
  batch: number({ default: 32, min: 1, integer: true, doc: 'Samples per batch (as train).' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seeds the batch order and dropout: the same seed repeats the sweep exactly.' }),
});
export type LrFinderOptions = Options<typeof lrFinderSchema.specs>;

/** The sweep stops once the smoothed loss passes this many times its lowest value (fastai's stop_div). */
export const DIVERGENCE_FACTOR = 4;

/** Why and where a sweep stopped before its last rate. */
export interface SweepStop {
  readonly reason: 'rise' | 'not-finite';
  /** The step that stopped it, and its rate. */
  readonly index: number;
  readonly lr: number;
}

export interface LrSweep {
  /** The rates tried, one a batch, up to and including the stopping step's when the loss rose. */
  readonly rates: readonly number[];
  readonly losses: readonly number[];
  readonly smoothed: readonly number[];
  /** d ℓ̂ / d log₁₀ η. */
  readonly slopes: readonly number[];
  readonly rule: SteepestRule;
  /** Both absent when the smoothed loss never fell MIN_FALL below where the search starts (see fellClearly). */
  readonly steepest?: SteepestDescent;
  readonly lowest?: LowestLoss;
  readonly stop?: SweepStop;
}

/**
 * The learning-rate range test: from the setup's weights and optimizer
 * state, one batch per rate of an exponential sweep from `start` to `end`,
 * recording the loss before each update; stops when the smoothed loss passes
 * DIVERGENCE_FACTOR times its lowest or a loss is not finite. The weights and
 * the optimizer's state are put back at the end.
 */
export function findLearningRate(setup: TrainingSetup, batches: BatchIterator, options: Partial<LrFinderOptions> = {}): LrSweep {
  const o = lrFinderSchema.resolve(options);
  if (!(o.end > o.start)) throw new ConfigError(`find lr: end must be above start, got start=${o.start} end=${o.end}`);
  const planned = sweepRates(o.start, o.end, o.steps);
  const rates: number[] = [];
  const losses: number[] = [];
  let stop: SweepStop | undefined;
  probeTraining({ ...setup, schedule: undefined }, batches, (step) => {
    let lowest = Infinity;
    const running = new SmoothedLoss(o.smoothing);
    for (let i = 0; i < planned.length; i++) {
      const result = step(() => (setup.optimizer.lr = planned[i]));
      if (!result.finite) {
        stop = { reason: 'not-finite', index: i, lr: planned[i] };
        return;
      }
      rates.push(planned[i]);
      losses.push(result.loss);
      const smoothed = running.add(result.loss);
      lowest = Math.min(lowest, smoothed);
      if (smoothed > DIVERGENCE_FACTOR * lowest) {
        stop = { reason: 'rise', index: i, lr: planned[i] };
        return;
      }
    }
  });
  const smoothed = smoothLosses(losses, o.smoothing);
  const rule = steepestRule(o.steps);
  const steepest = steepestDescent(rates, losses, smoothed, rule);
  // A lowest point of a loss that never clearly fell is noise, and a tenth of its rate no advice.
  const lowest = fellClearly(smoothed, rule) ? lowestLoss(rates, smoothed, rule.skip) : undefined;
  return { rates, losses, smoothed, slopes: lossSlopes(rates, smoothed), rule, ...(steepest ? { steepest } : {}), ...(lowest ? { lowest } : {}), ...(stop ? { stop } : {}) };
}
