import { activeKernels } from '../../kernels';
import type { Parameter } from '../../parameter';
import type { ParamSpecs, Resolved } from '../../params';
import type { OptionsEntry } from '../../registry';
import { createSquaresKernel } from '../update-wasm';

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

let squaresKernel: ((values: Float32Array) => number) | undefined | null = null;

/**
 * ‖g‖₂ over every gradient of every parameter, accumulated in float64: one
 * pass, on the WebAssembly SIMD kernel when the matrix products run there
 * (useKernels), so one choice keeps a seeded run bit-identical.
 */
export function globalGradientNorm(params: readonly Parameter[]): number {
  if (squaresKernel === null) squaresKernel = createSquaresKernel();
  const squares = activeKernels() === 'wasm' ? squaresKernel ?? sumOfSquares : sumOfSquares;
  let sum = 0;
  for (let p = 0; p < params.length; p++) sum += squares(params[p].grad);
  return Math.sqrt(sum);
}

/**
 * Σg² of one gradient tensor, accumulated in float64. Four running sums, as
 * one sum would wait on each addition before the next.
 */
export function sumOfSquares(values: Float32Array): number {
  const n = values.length;
  const whole = n & ~3;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i < whole; i += 4) {
    const a = values[i];
    const b = values[i + 1];
    const c = values[i + 2];
    const d = values[i + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
  }
  for (; i < n; i++) s0 += values[i] * values[i];
  return s0 + s1 + (s2 + s3);
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
