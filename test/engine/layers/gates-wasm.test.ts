import { describe, expect, it } from 'vitest';
import { createGateKernels } from '../../../src/engine/layers/gates-wasm';

/**
 * The float32 exp, sigmoid and tanh of gates.wat against float64 Math,
 * measured in float32 ulps of the exact value: the spacing of float32
 * numbers at its magnitude, 2^−149 in the subnormal range. A correctly
 * rounded result is within 0.5 ulp; the bounds below are what the kernels
 * reach, so a wrong coefficient or a lost correction term fails them.
 */

const kernels = createGateKernels()!;

/** The float32 spacing at |v|: 2^(e − 23) for 2^e ≤ |v| < 2^(e+1), and 2^−149 below 2^−126. */
function ulpAt(v: number): number {
  const magnitude = Math.abs(v);
  const exponent = magnitude < 2 ** -126 ? -126 : Math.floor(Math.log2(magnitude));
  // log2 can land one off just below a power of two.
  const e = 2 ** exponent > magnitude ? exponent - 1 : 2 ** (exponent + 1) <= magnitude ? exponent + 1 : exponent;
  return 2 ** (Math.max(e, -126) - 23);
}

/** The largest error in ulps over `xs`, and where; an infinite exact value must be met exactly. */
function worstUlps(xs: Float32Array, got: Float32Array, exact: (x: number) => number): { ulps: number; at: number } {
  let worst = { ulps: 0, at: NaN };
  for (let i = 0; i < xs.length; i++) {
    const want = exact(xs[i]);
    const ulps = Number.isFinite(Math.fround(want)) ? Math.abs(got[i] - want) / ulpAt(want) : got[i] === Math.fround(want) ? 0 : Infinity;
    if (!(ulps <= worst.ulps)) worst = { ulps, at: xs[i] };
  }
  return worst;
}

/** 1e6 points evenly over [−90, 90], each rounded to float32, the ends included. */
function denseGrid(): Float32Array {
  const count = 1_000_000;
  return Float32Array.from({ length: count }, (_, i) => -90 + (180 * i) / (count - 1));
}

/** Values near 0, through the subnormal range (|x| down to 2^−149), and huge ones. */
function tinyAndHuge(): Float32Array {
  const values: number[] = [];
  for (let e = -149; e <= -1; e++) values.push(2 ** e, -(2 ** e), 1.5 * 2 ** e, -1.7 * 2 ** e);
  for (const v of [100, 104, 150, 1e10, 1e30, 3.4e38]) values.push(v, -v);
  return Float32Array.from(values);
}

const exactSigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function apply(f: (x: Float32Array, out: Float32Array, n: number) => void, xs: Float32Array): Float32Array {
  const out = new Float32Array(xs.length);
  f(xs, out, xs.length);
  return out;
}

describe('the float32 exp, sigmoid and tanh of the gate kernels', () => {
  const grid = denseGrid();
  const cases = [
    // Measured: 0.98, 2.10 and 1.19 ulp on the grid.
    ['exp', kernels.exp, Math.exp, 1],
    ['sigmoid', kernels.sigmoid, exactSigmoid, 2.2],
    ['tanh', kernels.tanh, Math.tanh, 1.25],
  ] as const;

  it.each(cases)('%s is within its bound in ulps over 1e6 points in [−90, 90]', (_, f, exact, bound) => {
    const worst = worstUlps(grid, apply(f, grid), exact);
    expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(bound);
  });

  it.each(cases)('%s is within its bound near 0, through the subnormals, and for huge |x|', (_, f, exact, bound) => {
    const xs = tinyAndHuge();
    const worst = worstUlps(xs, apply(f, xs), exact);
    expect(worst.ulps, `worst at x = ${worst.at}`).toBeLessThanOrEqual(bound);
  });

  it('meets the limits exactly and keeps NaN and the sign of zero', () => {
    const xs = Float32Array.from([Infinity, -Infinity, NaN, 0, -0]);
    expect(Array.from(apply(kernels.exp, xs))).toEqual([Infinity, 0, NaN, 1, 1]);
    expect(Array.from(apply(kernels.sigmoid, xs))).toEqual([1, 0, NaN, 0.5, 0.5]);
    const tanh = apply(kernels.tanh, xs);
    expect(Array.from(tanh)).toEqual([1, -1, NaN, 0, -0]);
    expect(Object.is(tanh[4], -0)).toBe(true);
  });

  it('does not overflow into NaN: sigmoid and tanh saturate, exp reaches +∞ past ln(2^128)', () => {
    const xs = Float32Array.from([88.7, 88.73, 89, 1e5, -88.73, -103, -104, -1e5]);
    const e = apply(kernels.exp, xs);
    expect(e[0]).toBeGreaterThan(3e38);
    expect(Array.from(e.subarray(1, 4))).toEqual([Infinity, Infinity, Infinity]);
    // e^−103 ≈ 1.4e−45 is the smallest subnormal, 2^−149; e^−104 rounds to 0.
    expect(Array.from(e.subarray(4))).toEqual([Math.fround(Math.exp(xs[4])), 2 ** -149, 0, 0]);
    expect(Array.from(apply(kernels.sigmoid, Float32Array.from([1e5, 100, -100, -1e5])))).toEqual([1, 1, Math.fround(exactSigmoid(-100)), 0]);
    expect(Array.from(apply(kernels.tanh, Float32Array.from([1e5, 10, -10, -1e5])))).toEqual([1, 1, -1, -1]);
  });

  it('takes any length, across chunks, and writes nothing past it', () => {
    const xs = Float32Array.from({ length: 20_003 }, (_, i) => Math.sin(i) * 5);
    const out = new Float32Array(20_005).fill(7);
    kernels.tanh(xs, out, xs.length);
    expect(worstUlps(xs, out, Math.tanh).ulps).toBeLessThanOrEqual(1.25);
    expect(Array.from(out.subarray(20_003))).toEqual([7, 7]);
  });
});
