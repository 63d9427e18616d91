/**
 * The three dense-layer matrix products on the WebAssembly SIMD kernel of
 * gemm.wat (f32x4 multiply-adds over 4×8 register tiles). Operands are copied
 * into one WebAssembly.Memory laid out as [C | A | B | Bᵀ], which grows to the
 * largest product seen and is then reused, so a training step allocates
 * nothing. Copies cost O(mk + kn + mn) against the product's O(mnk).
 *
 * Sums are float32 in four-lane partial order, so results differ from the
 * reference loops only by float32 rounding.
 */
import { gemmWasmBase64 } from './gemm-wasm.generated';
import { gemmNNTiled, gemmNTTiled, gemmTNTiled } from './gemm-tiled';

/** One product: C (m×n) = op(A)·op(B), added to C when `accumulate` is set. */
export type Gemm = (
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate?: boolean,
) => void;

/** The three products dense layers need, from one implementation. */
export interface GemmKernels {
  /** C = A·B, with A m×k and B k×n. */
  readonly gemmNN: Gemm;
  /** C = A·Bᵀ, with A m×k and B n×k. */
  readonly gemmNT: Gemm;
  /** C = Aᵀ·B, with A k×m and B k×n. */
  readonly gemmTN: Gemm;
}

interface GemmExports {
  gemm(m: number, n: number, k: number, a: number, aRow: number, aCol: number, b: number, c: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

const PAGE_BYTES = 65536;
/** Chrome refuses synchronous compilation of larger modules on a page's main thread. */
const SYNC_COMPILE_LIMIT = 4096;
/** More distinct result sizes than this and the view cache starts over. */
const VIEW_CACHE_LIMIT = 64;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Float offsets rounded up to whole 16-byte vectors. */
function alignFloats(floats: number): number {
  return (floats + 3) & ~3;
}

/**
 * Whether this runtime can run the kernel. The module itself is the probe:
 * WebAssembly.validate on its bytes fails exactly when an instruction it uses
 * (f32x4, v128.load32_splat) is unsupported, with no separate test module.
 */
export function wasmSimdSupported(): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  try {
    return WebAssembly.validate(decodeBase64(gemmWasmBase64));
  } catch {
    return false;
  }
}

/**
 * Builds the kernels synchronously (the module is small enough for
 * `new WebAssembly.Module` everywhere), or returns undefined where WebAssembly
 * SIMD is missing.
 */
export function createWasmKernels(): GemmKernels | undefined {
  if (!wasmSimdSupported()) return undefined;
  const bytes = decodeBase64(gemmWasmBase64);
  if (bytes.length > SYNC_COMPILE_LIMIT) return undefined;
  let memory: WebAssembly.Memory;
  let kernel: GemmExports;
  try {
    memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    kernel = instance.exports as unknown as GemmExports;
  } catch {
    return undefined;
  }
  let heap = new Float32Array(memory.buffer);
  // Views of heap[0, length) by length, so copying C out allocates nothing
  // once each product shape has been seen.
  const views = new Map<number, Float32Array>();

  /** Makes room for `floats` floats; false when the memory cannot grow that far. */
  function reserve(floats: number): boolean {
    const bytes = floats * 4;
    if (bytes <= heap.byteLength) return true;
    try {
      memory.grow(Math.ceil((bytes - heap.byteLength) / PAGE_BYTES));
    } catch {
      return false;
    }
    heap = new Float32Array(memory.buffer);
    views.clear();
    return true;
  }

  function copyIn(source: Float32Array, length: number, at: number): void {
    heap.set(source.length === length ? source : source.subarray(0, length), at);
  }

  function copyOut(c: Float32Array, length: number): void {
    let view = views.get(length);
    if (view === undefined) {
      if (views.size >= VIEW_CACHE_LIMIT) views.clear();
      view = heap.subarray(0, length);
      views.set(length, view);
    }
    c.set(view);
  }

  /** Fills C's slot with its start value; false when the product needs no kernel. */
  function start(c: Float32Array, m: number, n: number, k: number, accumulate: boolean): boolean {
    if (m === 0 || n === 0) return false;
    if (k === 0) {
      if (!accumulate) c.fill(0, 0, m * n);
      return false;
    }
    if (accumulate) copyIn(c, m * n, 0);
    else heap.fill(0, 0, m * n);
    return true;
  }

  return {
    gemmNN(c, a, b, m, n, k, accumulate = false) {
      const aAt = alignFloats(m * n);
      const bAt = alignFloats(aAt + m * k);
      if (!reserve(bAt + k * n)) return gemmNNTiled(c, a, b, m, n, k, accumulate);
      if (!start(c, m, n, k, accumulate)) return;
      copyIn(a, m * k, aAt);
      copyIn(b, k * n, bAt);
      kernel.gemm(m, n, k, aAt * 4, k, 1, bAt * 4, 0);
      copyOut(c, m * n);
    },
    gemmNT(c, a, b, m, n, k, accumulate = false) {
      const aAt = alignFloats(m * n);
      const bAt = alignFloats(aAt + m * k);
      const btAt = alignFloats(bAt + n * k);
      if (!reserve(btAt + k * n)) return gemmNTTiled(c, a, b, m, n, k, accumulate);
      if (!start(c, m, n, k, accumulate)) return;
      copyIn(a, m * k, aAt);
      copyIn(b, n * k, bAt);
      kernel.transpose(bAt * 4, btAt * 4, n, k);
      kernel.gemm(m, n, k, aAt * 4, k, 1, btAt * 4, 0);
      copyOut(c, m * n);
    },
    gemmTN(c, a, b, m, n, k, accumulate = false) {
      const aAt = alignFloats(m * n);
      const bAt = alignFloats(aAt + k * m);
      if (!reserve(bAt + k * n)) return gemmTNTiled(c, a, b, m, n, k, accumulate);
      if (!start(c, m, n, k, accumulate)) return;
      copyIn(a, k * m, aAt);
      copyIn(b, k * n, bAt);
      kernel.gemm(m, n, k, aAt * 4, 1, m, bAt * 4, 0);
      copyOut(c, m * n);
    },
  };
}
