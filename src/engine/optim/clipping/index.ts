import { ConfigError } from '../../errors';
import type { Parameter } from '../../parameter';
import {
  number,
  ParamSchema,
  type Options,
  type ParamSpecs,
  type ParamValue,
  requiredNumber,
  type Resolved,
} from '../../params';
import { Registry, type NamedEntry } from '../../registry';

/**
 * Gradient clipping, applied to the gradients after backward and before the
 * optimizer step: by global norm, by value, per layer, adaptively (AutoClip
 * and AGC), or not at all. Each clipper rewrites `Parameter.grad` in place and
 * reports what it did in a ClipResult it owns, so a step allocates nothing.
 *
 * A non-finite gradient norm is reported and left alone by every clipper:
 * scaling cannot repair a NaN or an ∞ (∞·0 is NaN), and the divergence check
 * downstream stops the run on it.
 */

/** What one clip did. The object is owned by the clipper and overwritten by its next call (no per-step allocation). */
export interface ClipResult {
  /** Global L2 norm of all gradients before clipping. */
  normBefore: number;
  /** Global L2 norm after clipping (computed, not measured again). */
  normAfter: number;
  /** True when any gradient was changed. */
  clipped: boolean;
  /** The threshold in force: a norm, a value, or for agc the ratio λ. */
  threshold: number;
}

/** Rewrites the gradients of `params` in place; returns its own, reused ClipResult. */
export interface GradientClipper {
  readonly name: string;
  clip(params: readonly Parameter[]): ClipResult;
}

/** A clipping method in the registry; `create` takes language spellings (`max_norm=1`). */
export interface ClipperEntry extends NamedEntry {
  create(options?: Readonly<Record<string, ParamValue>>): GradientClipper;
}

/** ‖g‖₂ over every gradient of every parameter, accumulated in float64. */
export function globalGradientNorm(params: readonly Parameter[]): number {
  let sum = 0;
  for (let p = 0; p < params.length; p++) sum += sumOfSquares(params[p].grad);
  return Math.sqrt(sum);
}

function sumOfSquares(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

function scale(values: Float32Array, factor: number, from = 0, to = values.length): void {
  for (let i = from; i < to; i++) values[i] *= factor;
}

function scaleGradients(params: readonly Parameter[], factor: number): void {
  for (let p = 0; p < params.length; p++) scale(params[p].grad, factor);
}

/** The one result object a clipper hands out, and the way it is filled. */
abstract class Clipper implements GradientClipper {
  private readonly result: ClipResult = { normBefore: 0, normAfter: 0, clipped: false, threshold: 0 };

  constructor(readonly name: string) {}

  abstract clip(params: readonly Parameter[]): ClipResult;

  protected report(normBefore: number, normAfter: number, clipped: boolean, threshold: number): ClipResult {
    const r = this.result;
    r.normBefore = normBefore;
    r.normAfter = normAfter;
    r.clipped = clipped;
    r.threshold = threshold;
    return r;
  }

  /** Global-norm clipping to τ, shared by `norm` and AutoClip. */
  protected clipToNorm(params: readonly Parameter[], norm: number, maxNorm: number): ClipResult {
    if (!(Number.isFinite(norm) && norm > maxNorm)) return this.report(norm, norm, false, maxNorm);
    scaleGradients(params, maxNorm / norm);
    return this.report(norm, maxNorm, true, maxNorm);
  }
}

const noneSchema = new ParamSchema('clip none', {});

/** Clipping `none`: gradients pass unchanged; the norm is still measured for the charts. */
class NoClipping extends Clipper {
  constructor() {
    super('none');
  }

  clip(params: readonly Parameter[]): ClipResult {
    const norm = globalGradientNorm(params);
    return this.report(norm, norm, false, Infinity);
  }
}

/** No clipping: the gradient norm is reported, nothing is changed. */
export function noClipping(): GradientClipper {
  return new NoClipping();
}

const normSchema = new ParamSchema('clip norm', {
  maxNorm: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: the largest global gradient norm let through.' }),
});

/** Options of `clipByGlobalNorm`. */
export type GlobalNormOptions = Options<typeof normSchema.specs>;

/**
 * Clipping by global norm (Pascanu et al., 2013, "On the difficulty of
 * training recurrent neural networks"; PyTorch clip_grad_norm_, TensorFlow
 * clip_by_global_norm): g ← g·τ/‖g‖ when ‖g‖ > τ, over all gradients at once,
 * so the step keeps its direction. PyTorch divides by ‖g‖ + 1e-6 and scales
 * even below τ by min(1, τ/(‖g‖ + 1e-6)); this is the exact rule, which leaves
 * gradients below τ bit-for-bit untouched.
 */
class GlobalNormClipper extends Clipper {
  private readonly maxNorm: number;

  constructor(o: Resolved<typeof normSchema.specs>) {
    super('norm');
    this.maxNorm = o.maxNorm;
  }

  clip(params: readonly Parameter[]): ClipResult {
    return this.clipToNorm(params, globalGradientNorm(params), this.maxNorm);
  }
}

/** g ← g·τ/‖g‖ when the global norm ‖g‖ exceeds τ; see the `norm` clipper. */
export function clipByGlobalNorm(options: GlobalNormOptions): GradientClipper {
  return new GlobalNormClipper(normSchema.resolve(options));
}

const valueSchema = new ParamSchema('clip value', {
  clipValue: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: each gradient component is clamped into [−τ, τ].' }),
});

/** Options of `clipByValue`. */
export type ValueOptions = Options<typeof valueSchema.specs>;

/**
 * Clipping by value (PyTorch clip_grad_value_, Keras clipvalue):
 * g_i ← min(max(g_i, −τ), τ) for every component. Unlike norm clipping it can
 * change the step's direction. The norms reported are global L2 norms.
 */
class ValueClipper extends Clipper {
  private readonly limit: number;

  constructor(o: Resolved<typeof valueSchema.specs>) {
    super('value');
    this.limit = o.clipValue;
  }

  clip(params: readonly Parameter[]): ClipResult {
    const limit = this.limit;
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let p = 0; p < params.length; p++) {
      const grad = params[p].grad;
      for (let i = 0; i < grad.length; i++) {
        const g = grad[i];
        before += g * g;
        if (g > limit || g < -limit) {
          grad[i] = g > limit ? limit : -limit;
          clipped = true;
        }
        after += grad[i] * grad[i];
      }
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, limit);
  }
}

/** Each gradient component clamped into [−τ, τ]; see the `value` clipper. */
export function clipByValue(options: ValueOptions): GradientClipper {
  return new ValueClipper(valueSchema.resolve(options));
}

const layerSchema = new ParamSchema('clip layer_norm', {
  maxNorm: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: the largest gradient norm let through for each layer.' }),
});

/** Options of `clipByLayerNorm`. */
export type LayerNormOptions = Options<typeof layerSchema.specs>;

/**
 * Per-layer norm clipping: the parameters of each layer (grouped by
 * Parameter.layer) form one vector g_l, and g_l ← g_l·τ/‖g_l‖ when ‖g_l‖ > τ.
 * One layer with a large gradient is held back without shrinking the others,
 * as global clipping would. (Keras clipnorm clips each tensor separately,
 * which splits a layer's weight from its bias.)
 */
class LayerNormClipper extends Clipper {
  private readonly maxNorm: number;
  /** The parameter list the grouping was built for, compared element by element. */
  private groupedFor: Parameter[] = [];
  private layerOf = new Int32Array(0);
  private layerSums = new Float64Array(0);

  constructor(o: Resolved<typeof layerSchema.specs>) {
    super('layer_norm');
    this.maxNorm = o.maxNorm;
  }

  clip(params: readonly Parameter[]): ClipResult {
    this.group(params);
    const sums = this.layerSums;
    sums.fill(0);
    for (let p = 0; p < params.length; p++) sums[this.layerOf[p]] += sumOfSquares(params[p].grad);
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let l = 0; l < sums.length; l++) {
      const norm = Math.sqrt(sums[l]);
      before += sums[l];
      if (Number.isFinite(norm) && norm > this.maxNorm) {
        sums[l] = this.maxNorm / norm; // from here on: the layer's scale factor
        after += this.maxNorm * this.maxNorm;
        clipped = true;
      } else {
        after += sums[l];
        sums[l] = 1;
      }
    }
    for (let p = 0; p < params.length; p++) {
      const factor = sums[this.layerOf[p]];
      if (factor !== 1) scale(params[p].grad, factor);
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, this.maxNorm);
  }

  /** Builds the layer index once per parameter list, not once per step. */
  private group(params: readonly Parameter[]): void {
    if (params.length === this.groupedFor.length) {
      let same = true;
      for (let p = 0; p < params.length && same; p++) same = params[p] === this.groupedFor[p];
      if (same) return;
    }
    const index = new Map<string, number>();
    this.layerOf = new Int32Array(params.length);
    params.forEach((p, i) => {
      if (!index.has(p.layer)) index.set(p.layer, index.size);
      this.layerOf[i] = index.get(p.layer) as number;
    });
    this.layerSums = new Float64Array(index.size);
    this.groupedFor = [...params];
  }
}

/** Each layer's gradient clipped to norm τ on its own; see the `layer_norm` clipper. */
export function clipByLayerNorm(options: LayerNormOptions): GradientClipper {
  return new LayerNormClipper(layerSchema.resolve(options));
}

const autoClipSchema = new ParamSchema('clip adaptive', {
  percentile: number({ default: 10, min: 0, max: 100, doc: 'p: the clip threshold is the p-th percentile of recent gradient norms.' }),
  // Bounded because each step shifts up to `window` sorted norms and the history is saved with the run.
  window: number({ default: 1000, min: 1, max: 100_000, integer: true, doc: 'How many recent steps\' gradient norms the percentile is taken over.' }),
});

/** Options of `autoClip`. */
export type AutoClipOptions = Options<typeof autoClipSchema.specs>;

/** AutoClip's saved history: the recorded gradient norms, oldest first. */
export interface AutoClipState {
  readonly history: readonly number[];
}

/**
 * AutoClip (Seetharaman et al., 2020, "AutoClip: Adaptive Gradient Clipping
 * for Source Separation Networks"), the adaptive method of choice here: no
 * threshold to tune, because τ_t is the p-th percentile (linear interpolation,
 * as numpy.percentile) of the gradient norms seen so far, the current one
 * included; then global-norm clipping with τ_t. The paper keeps every norm of
 * the run; here the last `window` norms, so memory is bounded and the
 * threshold follows the gradient scale as training moves on.
 *
 * A ring buffer remembers the order of arrival and a sorted copy is kept by
 * binary-search insert and remove, so clip() is O(window) and allocates
 * nothing. Non-finite norms are not recorded.
 */
export class AutoClipper extends Clipper {
  private readonly percentile: number;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  /** Where the next norm goes in the ring; when full, the oldest one is there. */
  private head = 0;

  constructor(o: Resolved<typeof autoClipSchema.specs>) {
    super('adaptive');
    this.percentile = o.percentile;
    this.ring = new Float64Array(o.window);
    this.sorted = new Float64Array(o.window);
  }

  clip(params: readonly Parameter[]): ClipResult {
    const norm = globalGradientNorm(params);
    if (Number.isFinite(norm)) this.record(norm);
    return this.clipToNorm(params, norm, this.threshold());
  }

  /** τ: the p-th percentile of the recorded norms (∞ before the first one). */
  threshold(): number {
    const n = this.count;
    if (n === 0) return Infinity;
    const rank = (this.percentile / 100) * (n - 1);
    const low = Math.floor(rank);
    const high = Math.min(low + 1, n - 1);
    return this.sorted[low] + (this.sorted[high] - this.sorted[low]) * (rank - low);
  }

  getState(): AutoClipState {
    const window = this.ring.length;
    const history: number[] = [];
    for (let i = 0; i < this.count; i++) history.push(this.ring[(this.head - this.count + i + window) % window]);
    return { history };
  }

  /** Restores a saved history; if it is longer than the window, its newest norms are kept. */
  setState(s: AutoClipState): void {
    if (!Array.isArray(s.history)) throw new ConfigError(`${autoClipSchema.owner}: saved state history must be an array of norms`);
    for (const norm of s.history) {
      if (typeof norm !== 'number' || !Number.isFinite(norm) || norm < 0) {
        throw new ConfigError(`${autoClipSchema.owner}: saved state history must hold finite norms ≥ 0, got ${String(norm)}`);
      }
    }
    this.count = 0;
    this.head = 0;
    for (const norm of s.history) this.record(norm);
  }

  private record(norm: number): void {
    const window = this.ring.length;
    const sorted = this.sorted;
    if (this.count === window) {
      const at = lowerBound(sorted, this.count, this.ring[this.head]);
      sorted.copyWithin(at, at + 1, this.count);
      this.count--;
    }
    const at = lowerBound(sorted, this.count, norm);
    sorted.copyWithin(at + 1, at, this.count);
    sorted[at] = norm;
    this.count++;
    this.ring[this.head] = norm;
    this.head = (this.head + 1) % window;
  }
}

/** The first index in sorted[0, n) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** AutoClip: global-norm clipping at a percentile of recent norms; see the `adaptive` clipper. */
export function autoClip(options: AutoClipOptions = {}): AutoClipper {
  return new AutoClipper(autoClipSchema.resolve(options));
}

const agcSchema = new ParamSchema('clip agc', {
  clipping: number({ default: 0.01, min: 0, minExclusive: true, doc: 'λ: the largest gradient-to-weight norm ratio per unit.' }),
  eps: number({ default: 1e-3, min: 0, minExclusive: true, doc: 'ε: weights smaller than this count as ε, so zero-initialised units can still move.' }),
});

/** Options of `adaptiveGradientClipping`. */
export type AgcOptions = Options<typeof agcSchema.specs>;

/**
 * Unit-wise adaptive gradient clipping (Brock et al., 2021, "High-Performance
 * Large-Scale Image Recognition Without Normalization", NFNets): for each
 * output unit i — a row of a weight ([units, …] as in PyTorch), or one element
 * of a 1-D parameter (bias, scale, shift) —
 *   if ‖G_i‖ > λ·max(‖W_i‖, ε) then G_i ← G_i·λ·max(‖W_i‖, ε)/‖G_i‖.
 * The NFNets and timm code take a 1-D parameter's norm over the whole vector
 * instead; per element keeps every unit's bias to its own scale. The paper
 * leaves the final classifier layer unclipped: pass the parameter list without
 * it to do the same. ClipResult.threshold is λ, a ratio, not a norm.
 */
class AdaptiveGradientClipper extends Clipper {
  constructor(private readonly o: Resolved<typeof agcSchema.specs>) {
    super('agc');
  }

  clip(params: readonly Parameter[]): ClipResult {
    const { clipping, eps } = this.o;
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let p = 0; p < params.length; p++) {
      const { shape, value, grad } = params[p];
      const units = shape.length <= 1 ? grad.length : shape[0];
      const width = units === 0 ? 0 : grad.length / units;
      for (let u = 0; u < units; u++) {
        const from = u * width;
        const to = from + width;
        let weightSq = 0;
        let gradSq = 0;
        for (let i = from; i < to; i++) {
          weightSq += value[i] * value[i];
          gradSq += grad[i] * grad[i];
        }
        const gradNorm = Math.sqrt(gradSq);
        const maxNorm = clipping * Math.max(Math.sqrt(weightSq), eps);
        before += gradSq;
        if (Number.isFinite(gradNorm) && gradNorm > maxNorm) {
          scale(grad, maxNorm / gradNorm, from, to);
          after += maxNorm * maxNorm;
          clipped = true;
        } else {
          after += gradSq;
        }
      }
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, clipping);
  }
}

/** Unit-wise AGC with ratio λ; see the `agc` clipper. */
export function adaptiveGradientClipping(options: AgcOptions = {}): GradientClipper {
  return new AdaptiveGradientClipper(agcSchema.resolve(options));
}

/**
 * A registry entry whose `create` resolves language spellings through `schema`
 * and hands the typed result to `build`.
 */
function defineClipper<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  schema: ParamSchema<S>,
  build: (options: Resolved<S>) => GradientClipper,
): ClipperEntry {
  return {
    name,
    aliases,
    params: schema,
    create: (options = {}) => build(schema.resolveNamed(options)),
  };
}

/** Every clipping method by name (PyTorch and TensorFlow function names as aliases). */
export const clippers = new Registry<ClipperEntry>('clipping method', [
  defineClipper('none', ['off'], noneSchema, () => new NoClipping()),
  defineClipper('norm', ['clip_by_global_norm', 'clip_grad_norm_', 'clip_grad_norm', 'global_norm'], normSchema, (o) => new GlobalNormClipper(o)),
  defineClipper('value', ['clip_by_value', 'clip_grad_value_', 'clip_grad_value', 'clipvalue'], valueSchema, (o) => new ValueClipper(o)),
  defineClipper('layer_norm', ['per_layer', 'per_layer_norm'], layerSchema, (o) => new LayerNormClipper(o)),
  defineClipper('adaptive', ['autoclip', 'auto_clip'], autoClipSchema, (o) => new AutoClipper(o)),
  defineClipper('agc', ['adaptive_gradient_clipping', 'unitwise'], agcSchema, (o) => new AdaptiveGradientClipper(o)),
]);

/**
 * The clipping method `name` (or an alias) with options in language spellings
 * (`max_norm=1`). Unknown names and bad parameters throw a ConfigError naming them.
 */
export function createClipper(name: string, options?: Readonly<Record<string, ParamValue>>): GradientClipper {
  return clippers.get(name).create(options);
}
