/**
 * Column sums (bias gradients) on the f32x4 kernel of row-ops.wat: whole rows
 * are copied into the kernel's memory a chunk at a time, and the float64 sums
 * stay there until the last chunk, so the scalar loop's load, widen, add and
 * store per value become a copy and a quarter of the instructions.
 */
import { ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { rowOpsWasmBase64 } from './row-ops-wasm.generated';

/** target[j] = Σ_r x[r, j] over the first `rows` rows of a row-major rows×width block. */
export type ColumnSums = (x: Float32Array, rows: number, width: number, target: Float32Array) => void;

interface Exports {
  columnSums(x: number, rows: number, width: number, sums: number): void;
}

/** Floats of x per chunk (at least one row): 32 KB, copied while the sums stay in L1. */
const CHUNK = 8192;

/** The kernel, or undefined where WebAssembly SIMD is missing. */
export function createColumnSums(): ColumnSums | undefined {
  const instance = instantiateWasm<Exports>(rowOpsWasmBase64);
  if (instance === undefined) return undefined;
  const { exports: kernel, memory } = instance;
  let heap = new Float32Array(memory.buffer);
  let sums = new Float64Array(memory.buffer);
  const cuts = new ChunkViews();

  return (x, rows, width, target) => {
    // Chunks of whole rows.
    const chunks = cuts.of(x, rows * width, Math.max(1, Math.floor(CHUNK / width)) * width);
    // Sums first, 8-byte aligned, then the rows, 16-byte aligned.
    const rowsAt = (width * 8 + 15) & ~15;
    const bytes = rowsAt + Math.max(CHUNK, width) * 4;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
      heap = new Float32Array(memory.buffer);
      sums = new Float64Array(memory.buffer);
    }
    sums.fill(0, 0, width);
    for (let c = 0; c < chunks.length; c++) {
      heap.set(chunks[c], rowsAt / 4);
      kernel.columnSums(rowsAt, chunks[c].length / width, width, 0);
    }
    for (let j = 0; j < width; j++) target[j] = sums[j];
  };
}
