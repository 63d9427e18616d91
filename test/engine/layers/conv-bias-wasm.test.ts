import { describe, expect, it } from 'vitest';
import { createAddPlaneBias } from '../../../src/engine/layers/conv-bias-wasm';
import { Rng } from '../../../src/engine/rng';
import { firstDifference } from '../first-difference';

const addPlaneBias = createAddPlaneBias();

/** The convolution's JavaScript bias add, plane by plane. */
function reference(z: Float32Array, planes: number, positions: number, bias: Float32Array): void {
  for (let plane = 0; plane < planes; plane++) {
    const shift = bias[plane % bias.length];
    for (let p = plane * positions, end = p + positions; p < end; p++) z[p] += shift;
  }
}

describe.runIf(addPlaneBias !== undefined)('the convolution bias add on WebAssembly', () => {
  const add = addPlaneBias!;

  it.each([
    // [batch, filters, positions]: planes of 1 to 29·31 values, with and without a vector tail.
    [1, 1, 1], [7, 1, 3], [1, 3, 4], [7, 3, 5], [1, 5, 121], [7, 5, 676], [7, 3, 899], [7, 5, 899],
    // Chunks whose planes start mid-cycle of the filters, and a plane larger than a chunk.
    [64, 16, 121], [3, 3, 20000],
  ])('adds each filter’s bias bit for bit as the JavaScript loop, batch %i, %i filters, %i positions', (batch, filters, positions) => {
    const rng = new Rng(batch * 31 + filters * 7 + positions);
    const z = Float32Array.from({ length: batch * filters * positions + 5 }, (_, i) => (i % 13 === 4 ? -0 : rng.uniform() * 6 - 3));
    const bias = Float32Array.from({ length: filters }, (_, f) => (f === 1 ? -0 : rng.uniform() - 0.5));
    const expected = z.slice();
    reference(expected, batch * filters, positions, bias);
    const got = z.slice();
    // Twice on the same arrays, as a layer does every step.
    add(got, batch * filters, positions, bias);
    reference(expected, batch * filters, positions, bias);
    add(got, batch * filters, positions, bias);
    // Values past the planes are left alone.
    expect(firstDifference(got, expected)).toBeUndefined();
  });
});
