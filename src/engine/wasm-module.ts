/**
 * Compiling the engine's WebAssembly SIMD modules (the matrix kernel, the
 * optimizer updates, the ReLU family) from their generated base64 text.
 */

/** A generated module's bytes from its base64 text. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes in a page of WebAssembly memory, the unit a memory grows by. */
export const WASM_PAGE_BYTES = 65536;

/**
 * The compiled module, or null where this runtime cannot run it: no
 * WebAssembly, or no SIMD, which WebAssembly.validate reports by rejecting
 * the module's own bytes.
 */
function compileWasm(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return null;
  try {
    const bytes = decodeBase64(base64);
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** Each generated module compiled once per thread, by its base64 text; null where it cannot run. */
const compiled = new Map<string, WebAssembly.Module | null>();

/** One instance of a generated module and the memory it imports as env.memory. */
export interface WasmInstance<Exports> {
  readonly exports: Exports;
  readonly memory: WebAssembly.Memory;
}

/**
 * An instance of a generated module on a fresh memory of at least `bytes`
 * bytes, or undefined where this runtime cannot run it (no WebAssembly, no
 * SIMD, or no memory to spare). Every kernel wrapper starts here.
 */
export function instantiateWasm<Exports>(base64: string, bytes = WASM_PAGE_BYTES): WasmInstance<Exports> | undefined {
  let module = compiled.get(base64);
  if (module === undefined) {
    module = compileWasm(base64);
    compiled.set(base64, module);
  }
  if (module === null) return undefined;
  try {
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
    return { exports, memory };
  } catch {
    return undefined;
  }
}

/**
 * Arrays cut into views of `step` values over their first `length`, the
 * pieces a kernel copies into its memory one at a time. Layers and
 * optimizers pass the same buffers every step, so the views are made the
 * first time an array is seen with that length and step, and a call
 * allocates nothing after that.
 */
export class ChunkViews {
  private readonly cuts = new WeakMap<Float32Array, { readonly length: number; readonly step: number; readonly chunks: Float32Array[] }>();

  of(array: Float32Array, length: number, step: number): Float32Array[] {
    let cut = this.cuts.get(array);
    if (cut === undefined || cut.length !== length || cut.step !== step) {
      const chunks: Float32Array[] = [];
      for (let from = 0; from < length; from += step) chunks.push(array.subarray(from, Math.min(from + step, length)));
      cut = { length, step, chunks };
      this.cuts.set(array, cut);
    }
    return cut.chunks;
  }
}

/**
 * Views of the first `length` floats at one place in a module's memory, by
 * length: the result area a kernel leaves its output in, copied out with
 * `target.set(views.of(length))`. A call allocates nothing once its length
 * has been seen; at most `limit` lengths are kept (a matrix kernel meets as
 * many as a model has product shapes). When the memory grows its old views
 * are detached, so the owner calls `reset` with the new heap.
 */
export class AreaViews {
  private readonly views = new Map<number, Float32Array>();

  constructor(
    private heap: Float32Array,
    private readonly floatOffset: number,
    private readonly limit = 64,
  ) {}

  of(length: number): Float32Array {
    let view = this.views.get(length);
    if (view === undefined) {
      if (this.views.size >= this.limit) this.views.clear();
      view = this.heap.subarray(this.floatOffset, this.floatOffset + length);
      this.views.set(length, view);
    }
    return view;
  }

  reset(heap: Float32Array): void {
    this.heap = heap;
    this.views.clear();
  }
}
