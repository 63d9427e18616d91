import { ConfigError, didYouMean, quoted } from '../errors';
import { normalizeName } from '../registry';
import { Rng } from '../rng';
import { withRows, type Dataset } from './dataset';

/**
 * Feature scaling and input noise. A scaler is fitted on the training split
 * only and then applied to every split: statistics taken from validation or
 * test data would leak them into training and flatter the held-out scores.
 */

/** How a scaler's offset and scale were fitted. */
export type ScalerKind = 'standard' | 'minmax';

/**
 * A per-feature affine map x′ = (x − offset) / scale. Its offset and scale are
 * all a run needs to save to apply the same scaling to new inputs later.
 */
export class FeatureScaler {
  constructor(
    readonly kind: ScalerKind,
    readonly offset: Float32Array,
    readonly scale: Float32Array,
  ) {
    if (offset.length !== scale.length) {
      throw new ConfigError(`${kind} scaler: offset and scale need one value per feature, got ${offset.length} and ${scale.length}`);
    }
    for (let j = 0; j < scale.length; j++) {
      if (!(scale[j] > 0) || !Number.isFinite(scale[j])) throw new ConfigError(`${kind} scaler: the scale of feature ${j} must be a finite number > 0, got ${scale[j]}`);
    }
  }

  get features(): number {
    return this.offset.length;
  }

  /**
   * Scales rows of features from `x` into `out` (a new array unless given; it
   * may be `x` itself, to scale in place).
   */
  transform(x: Float32Array, out: Float32Array = new Float32Array(x.length)): Float32Array {
    const width = this.features;
    if (x.length % width !== 0 || out.length !== x.length) {
      throw new ConfigError(`${this.kind} scaler: expects rows of ${width} features and an output of the same length, got ${x.length} and ${out.length} values`);
    }
    for (let i = 0; i < x.length; i++) {
      const j = i % width;
      out[i] = (x[i] - this.offset[j]) / this.scale[j];
    }
    return out;
  }

  /** The data set with its features scaled; targets are shared, not copied. */
  apply(ds: Dataset): Dataset {
    if (ds.features !== this.features) {
      throw new ConfigError(`${this.kind} scaler: fitted on ${this.features} features, but ${ds.name} has ${ds.features}`);
    }
    return withRows(ds, this.transform(ds.x), ds.y, ds.count);
  }
}

/** Per-feature mean, population standard deviation, minimum and maximum, in float64. */
function featureStatistics(train: Dataset): { mean: Float64Array; std: Float64Array; min: Float64Array; max: Float64Array } {
  const { x, count, features } = train;
  const mean = new Float64Array(features);
  const min = new Float64Array(features).fill(Infinity);
  const max = new Float64Array(features).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const j = i % features;
    mean[j] += x[i];
    if (x[i] < min[j]) min[j] = x[i];
    if (x[i] > max[j]) max[j] = x[i];
  }
  for (let j = 0; j < features; j++) mean[j] /= count;
  const std = new Float64Array(features);
  for (let i = 0; i < x.length; i++) std[i % features] += (x[i] - mean[i % features]) ** 2;
  for (let j = 0; j < features; j++) std[j] = Math.sqrt(std[j] / count);
  return { mean, std, min, max };
}

/**
 * Standardisation (sklearn StandardScaler): x′ = (x − μ)/σ with μ and the
 * population σ (ddof 0) of each feature over the training split. A constant
 * feature keeps scale 1, as in sklearn, so it becomes 0 instead of 0/0.
 */
export function fitStandardizer(train: Dataset): FeatureScaler {
  const { mean, std, min, max } = featureStatistics(train);
  const constant = (j: number): boolean => min[j] === max[j];
  return new FeatureScaler(
    'standard',
    Float32Array.from(mean, (m, j) => (constant(j) ? min[j] : m)),
    Float32Array.from(std, (s, j) => (constant(j) || s === 0 ? 1 : s)),
  );
}

/**
 * Min–max scaling to [0, 1] (sklearn MinMaxScaler): x′ = (x − min)/(max − min)
 * with the training split's minimum and maximum; new data may fall outside
 * [0, 1]. A constant feature keeps scale 1, so it becomes 0.
 */
export function fitMinMax(train: Dataset): FeatureScaler {
  const { min, max } = featureStatistics(train);
  return new FeatureScaler(
    'minmax',
    Float32Array.from(min),
    Float32Array.from(max, (high, j) => (high > min[j] ? high - min[j] : 1)),
  );
}

/** Accepted spellings with `_` removed: ours, and sklearn's class names. */
const scalerNames: Readonly<Record<string, ScalerKind>> = {
  standard: 'standard',
  standardize: 'standard',
  standardscaler: 'standard',
  zscore: 'standard',
  minmax: 'minmax',
  minmaxscaler: 'minmax',
};

/** The scaler a name stands for (`standard`, `minmax`, or sklearn's `StandardScaler`, `MinMaxScaler`), fitted on `train`. */
export function fitScaler(name: string, train: Dataset): FeatureScaler {
  const kind = scalerNames[normalizeName(name).replace(/_/g, '')];
  if (kind === undefined) {
    throw new ConfigError(`unknown normalization ${quoted(name)}${didYouMean(normalizeName(name), ['standard', 'minmax'])}; use standard or minmax`);
  }
  return kind === 'standard' ? fitStandardizer(train) : fitMinMax(train);
}

/** Something done to each training batch's inputs before the forward pass. */
export interface Augmentation {
  /** Writes the augmented batch into `out` (default: `x` itself, in place) and returns it. */
  apply(x: Float32Array, out?: Float32Array): Float32Array;
}

/**
 * Input noise: x′ = x + σε, ε ~ N(0, 1) drawn afresh for every value of every
 * batch (the Keras GaussianNoise layer as an input augmentation; a classic
 * regulariser, equivalent to Tikhonov regularisation for small σ, Bishop
 * 1995). Training batches only. Draws come from `rng` (or a generator seeded
 * with the number given), so a run repeats exactly; nothing is allocated per
 * batch.
 */
export class GaussianNoise implements Augmentation {
  private readonly rng: Rng;

  constructor(
    readonly std: number,
    rng: Rng | number,
  ) {
    if (!(std >= 0) || !Number.isFinite(std)) throw new ConfigError(`gaussian noise: std must be a finite number ≥ 0, got ${std}`);
    this.rng = typeof rng === 'number' ? new Rng(rng) : rng;
  }

  apply(x: Float32Array, out: Float32Array = x): Float32Array {
    if (out.length !== x.length) throw new ConfigError(`gaussian noise: the output must hold ${x.length} values, got ${out.length}`);
    for (let i = 0; i < x.length; i++) out[i] = x[i] + this.rng.normal(0, this.std);
    return out;
  }
}

/** Gaussian input noise of standard deviation σ; see `GaussianNoise`. */
export function gaussianNoise(std: number, rng: Rng | number): GaussianNoise {
  return new GaussianNoise(std, rng);
}
