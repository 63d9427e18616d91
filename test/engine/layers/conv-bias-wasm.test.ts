import { describe, expect, it } from 'vitest';
import { createConvBiasKernels } from '../../../src/engine/layers/conv-bias-wasm';
import { Rng } from '../../../src/engine/rng';
import { firstDifference } from '../first-difference';

const kernels = createConvBiasKernels();

/** The convolution's JavaScript bias add, plane by plane. */
function reference(z: Float32Array, planes: number, positions: number, bias: Float32Array): void {
  for (let plane = 0; plane < planes; plane++) {
    const shift = bias[plane % bias.length];
    for (let p = plane * positions, end = p + positions; p < end; p++) z[p] += shift;
  }
}

/** The convolution's JavaScript bias sums: each plane in float64 from its first position, added to its filter's sum in plane order. */
function referenceSums(x: Float32Array, planes: number, positions: number, filters: number): number[] {
  const sums = new Float64Array(filters);
  for (let plane = 0; plane < planes; plane++) {
    let sum = 0;
    for (let p = plane * positions, end = p + positions; p < end; p++) sum += x[p];
    sums[plane % filters] += sum;
  }
  return [...sums];
}

/** [batch, filters, positions]: planes of 1 to 29·31 values, with and without a vector tail, chunks whose planes start mid-cycle of the filters, and a plane larger than a chunk. */
const sizes = [
  [1, 1, 1], [7, 1, 3], [1, 3, 4], [7, 3, 5], [1, 5, 121], [7, 5, 676], [7, 3, 899], [7, 5, 899], [64, 16, 121], [3, 3, 20000],
];

describe.runIf(kernels !== undefined)('the convolution bias kernels on WebAssembly', () => {
  const { addBias, sumPlanes } = kernels!;

  it.each(sizes)('adds each filter’s bias bit for bit as the JavaScript loop, batch %i, %i filters, %i positions', (batch, filters, positions) => {
    const rng = new Rng(batch * 31 + filters * 7 + positions);
    const z = Float32Array.from({ length: batch * filters * positions + 5 }, (_, i) => (i % 13 === 4 ? -0 : rng.uniform() * 6 - 3));
    const bias = Float32Array.from({ length: filters }, (_, f) => (f === 1 ? -0 : rng.uniform() - 0.5));
    const expected = z.slice();
    reference(expected, batch * filters, positions, bias);
    const got = z.slice();
    // Twice on the same arrays, as a layer does every step.
    addBias(got, batch * filters, positions, bias);
    reference(expected, batch * filters, positions, bias);
    addBias(got, batch * filters, positions, bias);
    // Values past the planes are left alone.
    expect(firstDifference(got, expected)).toBeUndefined();
  });

  it.each(sizes)('sums each filter’s gradient in float64 bit for bit as the JavaScript loop, batch %i, %i filters, %i positions', (batch, filters, positions) => {
    const rng = new Rng(batch * 17 + filters * 5 + positions);
    // Magnitudes far apart, so a sum taken in another order rounds differently.
    const x = Float32Array.from({ length: batch * filters * positions }, (_, i) => (rng.uniform() - 0.5) * 10 ** ((i % 7) - 3));
    const sums = new Float64Array(filters).fill(Number.NaN);
    // Twice: the second call starts from zero again.
    sumPlanes(x, batch * filters, positions, sums);
    sumPlanes(x, batch * filters, positions, sums);
    expect([...sums]).toEqual(referenceSums(x, batch * filters, positions, filters));
  });
});
