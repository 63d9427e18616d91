import { describe, expect, it } from 'vitest';
import { createWasmKernels, wasmVariants } from '../../../src/engine/kernels/gemm-wasm';
import { Rng } from '../../../src/engine/rng';

const random = (length: number, rng: Rng) => new Float32Array(length).map(() => rng.normal());

/**
 * reuseB lets a recurrent layer's steps skip copying W_hh into the kernel's
 * memory again. It must never change a result: with the promise kept the
 * products equal fresh ones bit for bit, and wherever the promise is void
 * (another product between, another B or shape) the kernel copies B anyway.
 */
describe.each(wasmVariants())('reuseB on the %s WebAssembly build', (variant) => {
  const kernels = () => createWasmKernels(variant)!;

  it('gives the bits of a fresh product when B is the last product\'s, for A·Bᵀ + bias and A·B, packed or read in place', () => {
    const rng = new Rng(5);
    // 32×256×64 is an LSTM step (B read as packed panels); 96×300×70 packs B's rows for A·B as well.
    for (const [m, n, k] of [[32, 256, 64], [96, 300, 70], [5, 7, 3]]) {
      const reused = kernels();
      const fresh = kernels();
      const bT = random(n * k, rng);
      const b = random(k * n, rng);
      const bias = random(n, rng);
      for (let step = 0; step < 3; step++) {
        const a = random(m * k, rng);
        const [mine, theirs] = [new Float32Array(m * n), new Float32Array(m * n)];
        reused.gemmNTBias(mine, a, bT, bias, m, n, k, step > 0);
        fresh.gemmNTBias(theirs, a, bT, bias, m, n, k);
        expect(mine).toEqual(theirs);
      }
      for (let step = 0; step < 3; step++) {
        const a = random(m * k, rng);
        const [mine, theirs] = [random(m * n, rng), new Float32Array(m * n)];
        theirs.set(mine);
        reused.gemmNN(mine, a, b, m, n, k, true, step > 0);
        fresh.gemmNN(theirs, a, b, m, n, k, true);
        expect(mine).toEqual(theirs);
      }
    }
  });

  it('copies B again when the promise is void: another B, another shape, or a product in between', () => {
    const rng = new Rng(6);
    const [m, n, k] = [32, 256, 64];
    const reused = kernels();
    const fresh = kernels();
    const first = random(n * k, rng);
    const second = random(n * k, rng);
    const bias = new Float32Array(n);
    const a = random(m * k, rng);
    const product = (kernel: typeof reused, b: Float32Array, reuse: boolean) => {
      const c = new Float32Array(m * n);
      kernel.gemmNTBias(c, a, b, bias, m, n, k, reuse);
      return c;
    };
    product(reused, first, false);
    // Another array as B, though promised to be the last one.
    expect(product(reused, second, true)).toEqual(product(fresh, second, false));
    // The same B after a product of another shape overwrote the memory.
    const other = new Float32Array(64 * 70);
    reused.gemmNT(other, random(64 * 50, rng), random(70 * 50, rng), 64, 70, 50);
    expect(product(reused, second, true)).toEqual(product(fresh, second, false));
    // The same array, changed in place, is the caller's promise broken: the kernel then computes with the B it holds.
    second.set(first);
    expect(product(reused, second, true)).not.toEqual(product(fresh, second, false));
  });
});
