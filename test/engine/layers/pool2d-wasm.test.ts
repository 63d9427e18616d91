import { afterAll, describe, expect, it } from 'vitest';
import { activeKernels, availableKernels, useKernels } from '../../../src/engine/kernels';
import { MaxPool2d } from '../../../src/engine/layers/pool2d';
import { Rng } from '../../../src/engine/rng';
import { firstDifference } from '../first-difference';

const initialKernels = activeKernels();
afterAll(() => {
  useKernels(initialKernels);
});

const context = { training: true, rng: new Rng(0) };

/**
 * Small whole numbers, so windows hold ties, with a NaN in about one value in
 * twenty (two in a window now and then) and both zeros.
 */
function tiedWithNaN(length: number, rng: Rng): Float32Array {
  return Float32Array.from({ length }, () => {
    const u = rng.uniform();
    if (u < 0.05) return Number.NaN;
    if (u < 0.1) return -0;
    return Math.floor(rng.uniform() * 5) - 2;
  });
}

/** Distinct gradients (so each input's share names its window) and some −0. */
function gradients(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (i % 11 === 3 ? -0 : (i + 1) * (i % 2 === 0 ? 1 : -1)));
}

/** The forward output and input gradient of a 2×2 max pool under one implementation of the kernels. */
function run(choice: 'js' | 'wasm', shape: readonly number[], batch: number, input: Float32Array, gradOutput: Float32Array) {
  useKernels(choice);
  const pool = new MaxPool2d('0', shape);
  // Twice, as a layer runs every step: the second call must not depend on the first's leftovers.
  pool.forward(input.map((v) => -v), batch, context);
  pool.backward(gradOutput.map((v) => 2 * v), batch);
  const y = pool.forward(input, batch, context).slice();
  const dx = pool.backward(gradOutput, batch).slice();
  return { y, dx };
}

const shapes: [number, number, number][] = [
  [1, 2, 2], [3, 2, 3], [5, 3, 2], [1, 3, 3], [3, 4, 4], [1, 5, 7], [5, 8, 8], [3, 9, 17],
  [1, 11, 11], [3, 13, 13], [5, 16, 18], [1, 26, 26], [3, 29, 31], [5, 31, 29],
];

describe.runIf(availableKernels().includes('wasm'))('2×2 max pooling on WebAssembly', () => {
  describe.each(shapes)('%i×%i×%i', (channels, height, width) => {
    it.each([1, 7])('matches the JavaScript outputs and winners bit for bit, batch %i', (batch) => {
      const shape = [channels, height, width];
      const rng = new Rng(channels * 1000 + height * 37 + width + batch);
      const input = tiedWithNaN(batch * channels * height * width, rng);
      const gradOutput = gradients(batch * channels * (height >> 1) * (width >> 1));
      const js = run('js', shape, batch, input, gradOutput);
      const wasm = run('wasm', shape, batch, input, gradOutput);
      expect(firstDifference(wasm.y, js.y)).toBeUndefined();
      expect(firstDifference(wasm.dx, js.dx)).toBeUndefined();
    });
  });

  it.each([
    // 5 × 29 × 31 × 7 values: several chunks of whole planes.
    [[5, 29, 31], 7],
    // One plane larger than a chunk.
    [[1, 130, 131], 2],
  ] as const)('matches across chunks, %j batch %i', (shape, batch) => {
    const rng = new Rng(5);
    const input = tiedWithNaN(batch * shape[0] * shape[1] * shape[2], rng);
    const gradOutput = gradients(batch * shape[0] * (shape[1] >> 1) * (shape[2] >> 1));
    const js = run('js', shape, batch, input, gradOutput);
    const wasm = run('wasm', shape, batch, input, gradOutput);
    expect(firstDifference(wasm.y, js.y)).toBeUndefined();
    expect(firstDifference(wasm.dx, js.dx)).toBeUndefined();
  });

  it('lets NaN win, keeps the first of equal values, and routes the gradient there', () => {
    useKernels('wasm');
    // Windows: [1, 3 | 3, 2] → 3 at index 1; [NaN, 5 | 7, 1] → NaN at 2; [4, 4 | 4, 4] → 4 at 8; [0, NaN | NaN, 9] → NaN, the last NaN (13).
    const pool = new MaxPool2d('0', [1, 4, 4]);
    const input = Float32Array.from([1, 3, NaN, 5, 3, 2, 7, 1, 4, 4, 0, NaN, 4, 4, NaN, 9]);
    expect([...pool.forward(input, 1, context)]).toEqual([3, NaN, 4, NaN]);
    expect([...pool.backward(Float32Array.from([10, 20, 30, 40]), 1)]).toEqual([0, 10, 20, 0, 0, 0, 0, 0, 30, 0, 0, 0, 0, 0, 40, 0]);
  });
});
