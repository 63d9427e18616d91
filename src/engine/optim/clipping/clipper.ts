import type { Parameter } from '../../parameter';
import type { ParamSpecs, Resolved } from '../../params';
import type { OptionsEntry } from '../../registry';

/**
 * What every gradient clipper is: the result it reports, the interface it
 * implements, the base class that owns its result object, and the registry
 * entry that builds it from language options.
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
export type ClipperEntry = OptionsEntry<GradientClipper>;

/** ‖g‖₂ over every gradient of every parameter, accumulated in float64. */
export function globalGradientNorm(params: readonly Parameter[]): number {
  let sum = 0;
  for (let p = 0; p < params.length; p++) sum += sumOfSquares(params[p].grad);
  return Math.sqrt(sum);
}

/** Σg² of one gradient tensor, accumulated in float64. */
export function sumOfSquares(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return sum;
}

/** Multiplies values[from, to) by factor in place. */
export function scale(values: Float32Array, factor: number, from = 0, to = values.length): void {
  for (let i = from; i < to; i++) values[i] *= factor;
}

function scaleGradients(params: readonly Parameter[], factor: number): void {
  for (let p = 0; p < params.length; p++) scale(params[p].grad, factor);
}

/** The one result object a clipper hands out, the way it is filled, and the clipper's resolved options. */
export abstract class Clipper<S extends ParamSpecs = Record<never, never>> implements GradientClipper {
  private readonly result: ClipResult = { normBefore: 0, normAfter: 0, clipped: false, threshold: 0 };

  constructor(
    readonly name: string,
    protected readonly o: Resolved<S>,
  ) {}

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
