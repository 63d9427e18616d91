/**
 * The ReLU family on the f32x4 kernels of activations.wat. Each operand is
 * copied into the kernel's memory a chunk at a time and the result copied
 * back: a copy costs a fraction of what one scalar JavaScript loop over the
 * same values does, and the kernel picks each value's case with a vector
 * mask, never a branch on its sign.
 */
import { activationsWasmBase64 } from './activations-wasm.generated';
import { AreaViews, ChunkViews, instantiateWasm } from './wasm-module';

/** The ReLU family's loops over the first `length` values of each array. */
export interface ActivationKernels {
  reluForward(z: Float32Array, a: Float32Array, length: number): void;
  reluBackward(z: Float32Array, gradA: Float32Array, gradZ: Float32Array, length: number): void;
  leakyForward(z: Float32Array, a: Float32Array, length: number, alpha: number): void;
  leakyBackward(z: Float32Array, gradA: Float32Array, gradZ: Float32Array, length: number, alpha: number): void;
}

interface Exports {
  reluForward(z: number, n: number): void;
  reluBackward(z: number, g: number, n: number): void;
  leakyForward(z: number, n: number, alpha: number): void;
  leakyBackward(z: number, g: number, n: number, alpha: number): void;
}

/** Values per chunk and operand: two operands of 16 KB fit in L1 beside the copies' sources. */
const CHUNK = 4096;
const FIRST_AT = 0;
const SECOND_AT = CHUNK * 4;

/**
 * The kernels, or undefined where WebAssembly SIMD is missing. Chunks of an
 * array are views made the first time it is seen (layers pass the same
 * buffers every step), so a call allocates nothing after that.
 */
export function createActivationKernels(): ActivationKernels | undefined {
  const instance = instantiateWasm<Exports>(activationsWasmBase64);
  if (instance === undefined) return undefined;
  const kernels = instance.exports;
  const heap = new Float32Array(instance.memory.buffer);
  const chunks = new ChunkViews();
  // The first operand's area, where every kernel leaves its result.
  const results = new AreaViews(heap, FIRST_AT / 4);
  const chunksOf = (array: Float32Array, length: number) => chunks.of(array, length, CHUNK);

  function unary(z: Float32Array, out: Float32Array, length: number, alpha: number | undefined): void {
    const zs = chunksOf(z, length);
    const outs = chunksOf(out, length);
    for (let c = 0; c < zs.length; c++) {
      const n = zs[c].length;
      heap.set(zs[c], FIRST_AT / 4);
      if (alpha === undefined) kernels.reluForward(FIRST_AT, n);
      else kernels.leakyForward(FIRST_AT, n, alpha);
      outs[c].set(results.of(n));
    }
  }

  function binary(z: Float32Array, gradA: Float32Array, gradZ: Float32Array, length: number, alpha: number | undefined): void {
    const zs = chunksOf(z, length);
    const gs = chunksOf(gradA, length);
    const outs = chunksOf(gradZ, length);
    for (let c = 0; c < zs.length; c++) {
      const n = zs[c].length;
      heap.set(zs[c], FIRST_AT / 4);
      heap.set(gs[c], SECOND_AT / 4);
      if (alpha === undefined) kernels.reluBackward(FIRST_AT, SECOND_AT, n);
      else kernels.leakyBackward(FIRST_AT, SECOND_AT, n, alpha);
      outs[c].set(results.of(n));
    }
  }

  return {
    reluForward: (z, a, length) => unary(z, a, length, undefined),
    reluBackward: (z, gradA, gradZ, length) => binary(z, gradA, gradZ, length, undefined),
    leakyForward: (z, a, length, alpha) => unary(z, a, length, alpha),
    leakyBackward: (z, gradA, gradZ, length, alpha) => binary(z, gradA, gradZ, length, alpha),
  };
}
