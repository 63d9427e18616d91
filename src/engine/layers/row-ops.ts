import { activeKernels } from '../kernels';
import type { Rng } from '../rng';
import { createColumnSums, type ColumnSums } from './row-ops-wasm';

/**
 * Small loops the dense, attention and positional layers repeat on row-major
 * rows×width blocks: adding a bias row, summing rows into a bias gradient,
 * and dropout.
 */

/** x[r, j] += b[j] for every row r. */
export function addRowVector(x: Float32Array, rows: number, width: number, b: Float32Array): void {
  for (let at = 0; at < rows * width; at += width) {
    for (let j = 0; j < width; j++) x[at + j] += b[j];
  }
}

let columnSums: ColumnSums | undefined | null = null;

/** The WebAssembly column sums when the matrix products run in WebAssembly (useKernels), else undefined. */
function simdColumnSums(): ColumnSums | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (columnSums === null) columnSums = createColumnSums();
  return columnSums;
}

/**
 * target[j] = Σ_r x[r, j] (a bias gradient: the column sums of dZ), summed in
 * float64 in `scratch` (at least `width` long) since there are
 * batch·timesteps rows; on the WebAssembly kernel (row-ops.wat) where the
 * matrix products run there. The JavaScript loop takes rows in row-major
 * order, four at a time, so each scratch value is loaded and stored once per
 * four rows (twice as fast as one row at a time).
 */
export function sumRows(x: Float32Array, rows: number, width: number, target: Float32Array, scratch: Float64Array): void {
  const fast = simdColumnSums();
  if (fast) {
    fast(x, rows, width, target);
    return;
  }
  scratch.fill(0, 0, width);
  const quadsEnd = (rows & ~3) * width;
  let at = 0;
  for (; at < quadsEnd; at += 4 * width) {
    const second = at + width;
    const third = second + width;
    const fourth = third + width;
    for (let j = 0; j < width; j++) scratch[j] += x[at + j] + x[second + j] + (x[third + j] + x[fourth + j]);
  }
  for (; at < rows * width; at += width) {
    for (let j = 0; j < width; j++) scratch[j] += x[at + j];
  }
  for (let j = 0; j < width; j++) target[j] = scratch[j];
}

/**
 * Inverted dropout (Srivastava et al. 2014): draws `mask` (0 or 1/(1 − p)
 * per value) and writes out = x·mask.
 */
export function dropoutForward(x: Float32Array, mask: Float32Array, out: Float32Array, rate: number, rng: Rng): void {
  const keep = 1 - rate;
  const scale = 1 / keep;
  for (let i = 0; i < mask.length; i++) {
    mask[i] = rng.uniform() < keep ? scale : 0;
    out[i] = x[i] * mask[i];
  }
}

/** out = g·mask, the gradient through `dropoutForward`'s mask. */
export function multiplyInto(g: Float32Array, mask: Float32Array, out: Float32Array): void {
  for (let i = 0; i < mask.length; i++) out[i] = g[i] * mask[i];
}
