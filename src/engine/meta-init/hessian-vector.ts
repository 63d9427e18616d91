/**
 * Second-order pieces the initialization tuners need, from gradients alone:
 * a Hessian-vector product by a finite difference of gradients, and
 * MetaInit's gradient quotient built on it.
 */

/** ∇L at a point, as a flat vector. */
export type GradientAt = (point: Float64Array) => Float64Array;

/** Relative size of the finite-difference step: h·‖v‖ = 10⁻³·max(‖w‖, 1). */
export const HESSIAN_STEP = 1e-3;

/**
 * H(w)·v ≈ (∇L(w + h·v) − ∇L(w)) / h, with h = step·max(‖w‖, 1)/‖v‖ so the
 * probe moves the weights by a fixed fraction of their norm: small enough for
 * the linear term to dominate, large enough that float32 gradients do not
 * drown it in rounding. `gradientAtPoint` is ∇L(w) when the caller has it
 * already (one gradient saved). A zero v gives a zero product.
 */
export function hessianVectorProduct(gradient: GradientAt, point: Float64Array, vector: Float64Array, gradientAtPoint?: Float64Array, step = HESSIAN_STEP): Float64Array {
  const vectorNorm = norm(vector);
  if (vectorNorm === 0) return new Float64Array(point.length);
  const h = (step * Math.max(norm(point), 1)) / vectorNorm;
  const base = gradientAtPoint ?? gradient(point);
  const moved = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) moved[i] = point[i] + h * vector[i];
  const shifted = gradient(moved);
  const product = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) product[i] = (shifted[i] - base[i]) / h;
  return product;
}

/**
 * The gradient quotient of Dauphin & Schoenholz (2019, eq. 1):
 * GQ = (1/N)·Σᵢ |(gᵢ − (Hg)ᵢ)/(gᵢ + ε·sign gᵢ) − 1|, sign 0 = +1 as in their
 * code. It is 0 when a gradient step leaves the gradient unchanged
 * (Hg ≈ 0 relative to g): the curvature is small where the step moves.
 */
export function gradientQuotient(gradient: Float64Array, hessianGradient: Float64Array, epsilon: number): number {
  let sum = 0;
  for (let i = 0; i < gradient.length; i++) {
    const g = gradient[i];
    sum += Math.abs((g - hessianGradient[i]) / (g + (g >= 0 ? epsilon : -epsilon)) - 1);
  }
  return sum / gradient.length;
}

/** Euclidean norm. */
export function norm(vector: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}
