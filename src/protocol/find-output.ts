/**
 * The outputs of `find lr` and `find clip`, as saved and rendered (see
 * docs/output-schema.md). Each carries its own explanation in words, so the
 * renderer and the CLI say the same thing.
 */

/** One suggestion of the learning-rate range test, with why it is made. */
export interface LrSuggestion {
  /** steepest: where the loss falls fastest; minimum: a tenth of the lowest loss's η; divergence: where the sweep stopped. */
  readonly rule: 'steepest' | 'minimum' | 'divergence';
  /** The suggested η (for divergence, the η not to reach). */
  readonly lr: number;
  /** A short label for the chart marker. */
  readonly label: string;
  readonly explanation: string;
}

/** `find lr`: the loss of one batch per η of an exponential sweep. */
export interface LrFinderOutput {
  readonly kind: 'lr-finder';
  readonly title: string;
  /** The sweep as asked: rates from start to end over steps batches; β of the smoothing. */
  readonly sweep: { readonly start: number; readonly end: number; readonly steps: number; readonly smoothing: number; readonly batch: number };
  /** The optimizer swept and the η it is declared with. */
  readonly optimizer: string;
  readonly currentLr: number;
  /** One entry a batch, in order: η, the raw loss, the debiased moving average, and its slope per decade of η. */
  readonly rates: readonly number[];
  readonly losses: readonly number[];
  readonly smoothed: readonly number[];
  readonly slopes: readonly number[];
  /** The first `skip` points the steepest descent ignores, and the points each of its windows spans. */
  readonly rule: { readonly skip: number; readonly window: number };
  /** The steepest window's first and last index, when there is one. */
  readonly steepestWindow?: { readonly from: number; readonly to: number };
  readonly suggestions: readonly LrSuggestion[];
  /** What to write to use the first suggestion, e.g. `optimizer adam lr=0.003`. */
  readonly use?: string;
  /** How to read the charts, in a paragraph. */
  readonly explanation: string;
}

/** `find clip`: gradient norms over a short run without clipping, and τ at a percentile. */
export interface GradientSurveyOutput {
  readonly kind: 'gradient-survey';
  readonly title: string;
  readonly steps: number;
  readonly learningRate: number;
  /** ‖g‖ of each step, in order. */
  readonly norms: readonly number[];
  readonly percentiles: readonly { readonly p: number; readonly value: number }[];
  /** The suggested τ and the percentile it is taken at. */
  readonly threshold: { readonly p: number; readonly value: number };
  /** Equal bins: counts[k] norms in [edges[k], edges[k+1]). */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  /** The step whose loss or gradient was not finite, when one ended the survey early. */
  readonly stoppedAt?: number;
  /** What to write: `clip norm 1.2`. */
  readonly use: string;
  readonly explanation: string;
}
