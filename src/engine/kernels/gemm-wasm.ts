/**
 * The dense-layer matrix products on the WebAssembly SIMD kernel of gemm.wat
 * (f32x4 multiply-adds over 4×8 register tiles). Operands are copied into one
 * WebAssembly.Memory laid out as [C | A | B | packed A | packed B | scratch
 * tile], which grows to the largest product seen and is then reused, so a
 * training step allocates nothing. Copies and packing cost O(mk + kn + mn)
 * against the product's O(mnk).
 *
 * The module comes in two builds of one source: with relaxed SIMD's
 * `f32x4.relaxed_madd` (a fused multiply-add on CPUs that have one, rounding
 * once) and with a multiply then an add. The relaxed one is taken where the
 * runtime validates it. Either way, sums are float32 in a different order
 * than the reference loops, so results differ from them only by float32
 * rounding, and a seeded run repeats bit for bit on one runtime.
 */
import { AreaViews, decodeBase64, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { gemmRelaxedWasmBase64, gemmWasmBase64 } from './gemm-wasm.generated';
import { gemmNNTiled, gemmNTBiasTiled, gemmNTTiled, gemmTNTiled } from './gemm-tiled';

/**
 * One product: C (m×n) = op(A)·op(B), added to C when `accumulate` is set.
 * `reuseB` promises that B is the B of the previous product of the same kind
 * and shape, unchanged since (a recurrent weight over a sequence's steps): an
 * implementation that keeps its operands may then skip copying it again. It
 * changes no result; a product made since, or another B, voids it.
 */
export type Gemm = (
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate?: boolean, reuseB?: boolean,
) => void;

/** C (m×n) = A·Bᵀ + bias, the bias (n values) added to every row: a dense layer's forward product. `reuseB` as for Gemm. */
export type GemmBias = (
  c: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array,
  m: number, n: number, k: number, reuseB?: boolean,
) => void;

/** The products dense layers need, from one implementation. */
export interface GemmKernels {
  /** C = A·B, with A m×k and B k×n. */
  readonly gemmNN: Gemm;
  /** C = A·Bᵀ, with A m×k and B n×k. */
  readonly gemmNT: Gemm;
  /** C = Aᵀ·B, with A k×m and B k×n. */
  readonly gemmTN: Gemm;
  /** C = A·Bᵀ + bias, with A m×k, B n×k and the bias broadcast over rows. */
  readonly gemmNTBias: GemmBias;
}

/** The two builds of gemm.wat: with relaxed SIMD's fused multiply-add, or with a multiply and an add. */
export type WasmVariant = 'relaxed' | 'plain';

interface GemmExports {
  panels(src: number, dst: number, rows: number, cols: number, width: number): void;
  pack(src: number, dst: number, rows: number, cols: number, width: number): void;
  gemm(
    m: number, n: number, k: number,
    a: number, aStrip: number, aRow: number, aStride: number,
    b: number, bPanel: number, bStride: number,
    c: number, start: StartFrom, bias: number, scratch: number,
  ): void;
}

/** What gemm.wat's sums start from: zeros, C as it is (accumulating), or the bias row. */
const enum StartFrom {
  Zero = 0,
  C = 1,
  Bias = 2,
}

/** The register tile of gemm.wat's micro-kernel: rows of A per strip, columns of B per panel. */
const TILE_ROWS = 4;
const TILE_COLUMNS = 8;
/**
 * An operand read in place steps a whole row per step of the sum; from rows of
 * 256 floats (1 KB) on, those reads crowd a few sets of the L1 cache. Packing
 * it into contiguous panels costs one pass over it, which pays once the
 * panels are read again for at least 64 rows or columns of C (measured: Aᵀ·B
 * at 256×784×128 went from 33 to 41 GFLOP/s, while packing at 10×128×128 or
 * 64×64×64 lost 5–15 %).
 */
const PACK_ROW_FLOATS = 256;
const PACK_REUSE = 64;
/** Chrome refuses synchronous compilation of larger modules on a page's main thread. */
const SYNC_COMPILE_LIMIT = 4096;

/** Float offsets rounded up to whole 16-byte vectors. */
function alignFloats(floats: number): number {
  return (floats + 3) & ~3;
}

/** `count` rounded up to a multiple of `tile`. */
function roundUp(count: number, tile: number): number {
  return Math.ceil(count / tile) * tile;
}

function base64Of(variant: WasmVariant): string {
  return variant === 'relaxed' ? gemmRelaxedWasmBase64 : gemmWasmBase64;
}

function bytesOf(variant: WasmVariant): Uint8Array<ArrayBuffer> {
  return decodeBase64(base64Of(variant));
}

/**
 * Whether this runtime can run a build of the kernel. The module itself is
 * the probe: WebAssembly.validate on its bytes fails exactly when an
 * instruction it uses (f32x4, relaxed_madd) is unsupported.
 */
function validates(variant: WasmVariant): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  try {
    return WebAssembly.validate(bytesOf(variant));
  } catch {
    return false;
  }
}

/** Whether this runtime has WebAssembly SIMD, which every build of the kernel needs. */
export function wasmSimdSupported(): boolean {
  return validates('plain');
}

/** The builds this runtime can run, the preferred first: relaxed SIMD, then plain. */
export function wasmVariants(): WasmVariant[] {
  return (['relaxed', 'plain'] as const).filter(validates);
}

/**
 * Builds the kernels synchronously (the module is small enough for
 * `new WebAssembly.Module` everywhere) from the given build, by default the
 * preferred one this runtime has, or returns undefined where that build
 * cannot run.
 */
export function createWasmKernels(variant: WasmVariant | undefined = wasmVariants()[0]): GemmKernels | undefined {
  if (variant === undefined || !validates(variant)) return undefined;
  const bytes = bytesOf(variant);
  if (bytes.length > SYNC_COMPILE_LIMIT) return undefined;
  const instance = instantiateWasm<GemmExports>(base64Of(variant));
  if (instance === undefined) return undefined;
  const { exports: kernel, memory } = instance;
  let heap = new Float32Array(memory.buffer);
  // C's area, so copying C out allocates nothing once each product shape has been seen.
  const results = new AreaViews(heap, 0);

  /** Makes room for `floats` floats; false when the memory cannot grow that far. */
  function reserve(floats: number): boolean {
    const bytes = floats * 4;
    if (bytes <= heap.byteLength) return true;
    try {
      memory.grow(Math.ceil((bytes - heap.byteLength) / WASM_PAGE_BYTES));
    } catch {
      return false;
    }
    heap = new Float32Array(memory.buffer);
    results.reset(heap);
    return true;
  }

  function copyIn(source: Float32Array, length: number, at: number): void {
    heap.set(source.length === length ? source : source.subarray(0, length), at);
  }

  function copyOut(c: Float32Array, length: number): void {
    c.set(results.of(length));
  }

  // The B the memory holds from the last product, with that product's kind
  // and shape: a caller's reuseB is honoured only when they all match, as the
  // layout (and so where B and its panels lie) follows from kind and shape.
  let heldB: Float32Array | undefined;
  let heldKind = '';
  let heldM = -1;
  let heldN = -1;
  let heldK = -1;

  /** Whether B is already in place for this product (see `reuseB`); records this product's B either way. */
  function holdsB(kind: string, b: Float32Array, m: number, n: number, k: number, reuse: boolean): boolean {
    const held = reuse && heldB === b && heldKind === kind && heldM === m && heldN === n && heldK === k;
    heldB = b;
    heldKind = kind;
    heldM = m;
    heldN = n;
    heldK = k;
    return held;
  }

  // Byte offsets of the current product's operands in the memory, set by
  // `layout` and reused from call to call so a product allocates nothing.
  let aAt = 0;
  let bAt = 0;
  let packedAAt = 0;
  let packedBAt = 0;
  let scratchAt = 0;
  let biasAt = 0;

  /**
   * Lays one product's operands out: C at 0, then A, B, their packed copies
   * (none for an operand read in place), the scratch tile and a bias row,
   * leaving room for the edge tiles, which read up to 3 rows of A and 7
   * floats of B and of the bias past their ends. False when the memory
   * cannot grow that far.
   */
  function layout(m: number, n: number, k: number, packA: boolean, packB: boolean): boolean {
    const aFloats = alignFloats(m * n);
    const bFloats = alignFloats(aFloats + m * k);
    const packedAFloats = alignFloats(bFloats + k * n);
    const packedBFloats = alignFloats(packedAFloats + (packA ? roundUp(m, TILE_ROWS) * k : 0));
    const scratchFloats = alignFloats(packedBFloats + (packB ? roundUp(n, TILE_COLUMNS) * k : 0));
    const biasFloats = alignFloats(scratchFloats + TILE_ROWS * TILE_COLUMNS);
    if (!reserve(biasFloats + n + TILE_COLUMNS + (TILE_ROWS - 1) * k)) return false;
    aAt = aFloats * 4;
    bAt = bFloats * 4;
    packedAAt = packedAFloats * 4;
    packedBAt = packedBFloats * 4;
    scratchAt = scratchFloats * 4;
    biasAt = biasFloats * 4;
    return true;
  }

  /**
   * What the kernel's sums start from, with C copied in when it accumulates;
   * undefined when the product needs no kernel (an empty C, or k = 0).
   */
  function start(c: Float32Array, m: number, n: number, k: number, accumulate: boolean): StartFrom | undefined {
    if (m === 0 || n === 0) return undefined;
    if (k === 0) {
      if (!accumulate) c.fill(0, 0, m * n);
      return undefined;
    }
    if (!accumulate) return StartFrom.Zero;
    copyIn(c, m * n, 0);
    return StartFrom.C;
  }

  /**
   * C = [start] + A·B for a row-major B (k×n) already copied in, with A's
   * 4-row strips at aStart, aStrip bytes apart, their rows aRow bytes apart
   * and their steps aStride apart. B is read in place, or packed into
   * contiguous 8-column panels first when `packB` is set.
   */
  function productWithB(
    m: number, n: number, k: number,
    aStart: number, aStrip: number, aRow: number, aStride: number,
    packB: boolean, from: StartFrom,
  ): void {
    if (packB) {
      kernel.panels(bAt, packedBAt, k, n, TILE_COLUMNS);
      kernel.gemm(m, n, k, aStart, aStrip, aRow, aStride, packedBAt, k * TILE_COLUMNS * 4, TILE_COLUMNS * 4, 0, from, biasAt, scratchAt);
    } else {
      kernel.gemm(m, n, k, aStart, aStrip, aRow, aStride, bAt, TILE_COLUMNS * 4, n * 4, 0, from, biasAt, scratchAt);
    }
  }

  /** A·Bᵀ into C's slot from `from`: B is packed into column panels, so Bᵀ is never formed. B's panels are kept when `packed`. */
  function productNT(a: Float32Array, b: Float32Array, m: number, n: number, k: number, from: StartFrom, packed: boolean): void {
    copyIn(a, m * k, aAt / 4);
    if (!packed) {
      copyIn(b, n * k, bAt / 4);
      kernel.pack(bAt, packedBAt, n, k, TILE_COLUMNS);
    }
    kernel.gemm(
      m, n, k,
      aAt, TILE_ROWS * k * 4, k * 4, 4,
      packedBAt, k * TILE_COLUMNS * 4, TILE_COLUMNS * 4,
      0, from, biasAt, scratchAt,
    );
  }

  return {
    gemmNN(c, a, b, m, n, k, accumulate = false, reuseB = false) {
      const packB = n >= PACK_ROW_FLOATS && m >= PACK_REUSE;
      if (!layout(m, n, k, false, packB)) return gemmNNTiled(c, a, b, m, n, k, accumulate);
      const from = start(c, m, n, k, accumulate);
      if (from === undefined) return;
      const held = holdsB('NN', b, m, n, k, reuseB);
      copyIn(a, m * k, aAt / 4);
      if (!held) copyIn(b, k * n, bAt / 4);
      if (packB && held) {
        kernel.gemm(m, n, k, aAt, TILE_ROWS * k * 4, k * 4, 4, packedBAt, k * TILE_COLUMNS * 4, TILE_COLUMNS * 4, 0, from, biasAt, scratchAt);
      } else {
        productWithB(m, n, k, aAt, TILE_ROWS * k * 4, k * 4, 4, packB, from);
      }
      copyOut(c, m * n);
    },
    gemmNT(c, a, b, m, n, k, accumulate = false, reuseB = false) {
      if (!layout(m, n, k, false, true)) return gemmNTTiled(c, a, b, m, n, k, accumulate);
      const from = start(c, m, n, k, accumulate);
      if (from === undefined) return;
      productNT(a, b, m, n, k, from, holdsB('NT', b, m, n, k, reuseB));
      copyOut(c, m * n);
    },
    gemmTN(c, a, b, m, n, k, accumulate = false) {
      const packA = m >= PACK_ROW_FLOATS && n >= PACK_REUSE;
      const packB = n >= PACK_ROW_FLOATS && m >= PACK_REUSE;
      if (!layout(m, n, k, packA, packB)) return gemmTNTiled(c, a, b, m, n, k, accumulate);
      const from = start(c, m, n, k, accumulate);
      if (from === undefined) return;
      holdsB('TN', b, m, n, k, false);
      copyIn(a, k * m, aAt / 4);
      copyIn(b, k * n, bAt / 4);
      // Row i of Aᵀ is column i of A: its floats are m apart, its neighbours' 1 apart,
      // so Aᵀ's 4-row strips are A's 4-column panels, packed or read in place.
      if (packA) {
        kernel.panels(aAt, packedAAt, k, m, TILE_ROWS);
        productWithB(m, n, k, packedAAt, k * TILE_ROWS * 4, 4, TILE_ROWS * 4, packB, from);
      } else {
        productWithB(m, n, k, aAt, TILE_ROWS * 4, 4, m * 4, packB, from);
      }
      copyOut(c, m * n);
    },
    gemmNTBias(c, a, b, bias, m, n, k, reuseB = false) {
      if (!layout(m, n, k, false, true)) return gemmNTBiasTiled(c, a, b, bias, m, n, k);
      if (m === 0 || n === 0) return;
      const row = bias.length === n ? bias : bias.subarray(0, n);
      if (k === 0) {
        for (let i = 0; i < m; i++) c.set(row, i * n);
        return;
      }
      // The sums start at the bias, so it is added inside the kernel's one pass over C.
      heap.set(row, biasAt / 4);
      productNT(a, b, m, n, k, StartFrom.Bias, holdsB('NT', b, m, n, k, reuseB));
      copyOut(c, m * n);
    },
  };
}
