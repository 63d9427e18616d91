import type { BatchIterator } from '../data/batches';
import { number, ParamSchema, type Options } from '../params';
import { probeTraining } from './probe-training';
import type { TrainingSetup } from './step';

/** `find clip`'s options. */
export const gradientSurveySchema = new ParamSchema('find clip', {
  steps: number({ default: 100, min: 5, max: 5000, integer: true, doc: 'Batches in the survey, trained without clipping at the optimizer\'s η.' }),
  percentile: number({
    default: 90,
    min: 1,
    max: 100,
    integer: true,
    doc: 'p: τ is suggested at the p-th percentile of the norms seen, so about (100 − p) % of steps would be clipped.',
  }),
  batch: number({ default: 32, min: 1, integer: true, doc: 'Samples per batch (as train).' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seeds the batch order and dropout: the same seed repeats the survey exactly.' }),
});
export type GradientSurveyOptions = Options<typeof gradientSurveySchema.specs>;

/** The percentiles every survey reports besides the chosen one. */
export const REPORTED_PERCENTILES = [10, 50, 90, 99] as const;
/** Bars of the ‖g‖ histogram. */
export const HISTOGRAM_BINS = 20;

export interface GradientSurvey {
  /** ‖g‖ of each step, before any update, in order. */
  readonly norms: readonly number[];
  readonly percentiles: readonly { readonly p: number; readonly value: number }[];
  /** The suggested τ: the chosen percentile of the norms. */
  readonly threshold: { readonly p: number; readonly value: number };
  /** HISTOGRAM_BINS equal bins from the smallest norm to the largest: bin k holds edges[k] ≤ ‖g‖ < edges[k+1] (the last one closed). */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  /** The step whose loss or gradient was not finite, when one stopped the survey. */
  readonly stoppedAt?: number;
}

/**
 * The gradient norms of a short run at the current settings without
 * clipping (the schedule is left out too: every step is at the optimizer's
 * η), for choosing τ from what the model really produces rather than by
 * guess. The weights and the optimizer's state are put back afterwards.
 */
export function surveyGradientNorms(setup: TrainingSetup, batches: BatchIterator, options: Partial<GradientSurveyOptions> = {}): GradientSurvey {
  const o = gradientSurveySchema.resolve(options);
  const norms: number[] = [];
  let stoppedAt: number | undefined;
  probeTraining({ ...setup, clipper: undefined, schedule: undefined }, batches, (step) => {
    for (let i = 0; i < o.steps; i++) {
      const result = step();
      if (!result.finite) {
        stoppedAt = i;
        return;
      }
      norms.push(result.gradNormBefore);
    }
  });
  const sorted = [...norms].sort((a, b) => a - b);
  const ps = [...new Set([...REPORTED_PERCENTILES, o.percentile])].sort((a, b) => a - b);
  return {
    norms,
    percentiles: ps.map((p) => ({ p, value: percentile(sorted, p) })),
    threshold: { p: o.percentile, value: percentile(sorted, o.percentile) },
    histogram: histogram(sorted, HISTOGRAM_BINS),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
  };
}

/**
 * The p-th percentile of ascending values by linear interpolation between
 * the closest ranks (NumPy's default): rank h = (n−1)·p/100, value
 * x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋). NaN for no values.
 */
export function percentile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (p / 100) * (n - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, n - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** Equal-width bins over [min, max] of ascending values; one bin of all of them when they are all equal. */
export function histogram(sorted: readonly number[], bins: number): { edges: number[]; counts: number[] } {
  if (sorted.length === 0) return { edges: [], counts: [] };
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  if (high === low) return { edges: [low, high], counts: [sorted.length] };
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? high : low + k * width));
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.floor((value - low) / width))]++;
  return { edges, counts };
}
