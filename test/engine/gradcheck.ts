import { expect } from 'vitest';
import type { Layer } from '../../src/engine/layers/layer';
import { Rng } from '../../src/engine/rng';

/**
 * Finite-difference gradient checking for float32 code. A central difference
 * D(h) = (f(x+h) − f(x−h))/2h has error O(h²); Richardson extrapolation
 * (4·D(h/2) − D(h))/3 cancels the h² term, so h can be large enough (0.02)
 * that float32 rounding of f (~1e-7 relative) costs only ~1e-5 in the slope.
 */
export function numericDerivative(f: () => number, values: Float32Array, index: number, h = 0.02): number {
  const original = values[index];
  const central = (step: number): number => {
    values[index] = original + step;
    const plus = f();
    values[index] = original - step;
    const minus = f();
    values[index] = original;
    // The stored perturbation is rounded to float32; divide by what was really applied.
    const applied = Math.fround(original + step) - Math.fround(original - step);
    return (plus - minus) / applied;
  };
  return (4 * central(h / 2) - central(h)) / 3;
}

/**
 * Checks every element of `analytic` against the numeric derivative of `f`
 * with respect to `values`: |a − n| ≤ atol + rtol·max(|a|, |n|).
 */
export function expectGradientMatches(
  label: string,
  f: () => number,
  values: Float32Array,
  analytic: ArrayLike<number>,
  { rtol = 2e-3, atol = 2e-4, h = 0.02 } = {},
): void {
  expect(analytic.length, `${label}: gradient length`).toBe(values.length);
  for (let i = 0; i < values.length; i++) {
    const numeric = numericDerivative(f, values, i, h);
    const a = analytic[i];
    const tolerance = atol + rtol * Math.max(Math.abs(a), Math.abs(numeric));
    if (!(Math.abs(a - numeric) <= tolerance)) {
      expect.fail(`${label}[${i}]: analytic ${a} vs numeric ${numeric} (tolerance ${tolerance.toExponential(2)})`);
    }
  }
}

/** A fixed pseudo-random projection r, so L = Σ r⊙y is a scalar with dL/dy = r. */
export function projection(length: number, seed: number): Float32Array {
  const r = new Float32Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    r[i] = (s / 2147483648) * 2 - 1;
  }
  return r;
}

/** Σ rᵢyᵢ in float64. */
export function dot(r: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += r[i] * y[i];
  return sum;
}

/**
 * L = Σ r⊙layer(x) for a fixed r and inputs x (default spread over [−2, 2));
 * checks dL/dx and dL/dθ of every parameter against finite differences. Each
 * forward gets an Rng with the same seed, so dropout masks stay the same
 * between evaluations.
 */
export function expectLayerGradients(
  layer: Layer,
  batch: number,
  { training = true, x = projection(batch * layer.inputSize, 3).map((v) => 2 * v), h }: { training?: boolean; x?: Float32Array; h?: number } = {},
): void {
  const r = projection(batch * layer.outputSize, 9);
  const context = () => ({ training, rng: new Rng(42) });
  const loss = (): number => dot(r, layer.forward(x, batch, context()));
  loss();
  const gradInput = Float32Array.from(layer.backward(r, batch));
  const paramGrads = layer.parameters.map((p) => Float32Array.from(p.grad));
  const step = h === undefined ? {} : { h };
  expectGradientMatches(`${layer.kind} dL/dx`, loss, x, gradInput, step);
  layer.parameters.forEach((p, i) => expectGradientMatches(`${layer.kind} dL/d${p.name}`, loss, p.value, paramGrads[i], step));
}
