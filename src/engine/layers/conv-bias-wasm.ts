/**
 * A convolution's bias added to every output plane of a batch, and its
 * gradient summed, on the kernels of conv-bias.wat: whole planes are copied
 * into the kernel's memory a chunk at a time (and, for the add, back), in
 * place of scalar JavaScript loops over every output value.
 */
import { AreaViews, ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { convBiasWasmBase64 } from './conv-bias-wasm.generated';

/** The bias loops over `planes` planes of `positions` values, the filters cycling through the bias. */
export interface ConvBiasKernels {
  /** z[plane, p] += bias[plane mod filters], as float32 adds. */
  addBias(z: Float32Array, planes: number, positions: number, bias: Float32Array): void;
  /**
   * sums[f] = Σ over the planes of filter f of their float64 sums, each plane
   * summed from its first position to its last and the planes added in
   * order; `sums` holds one value per filter.
   */
  sumPlanes(x: Float32Array, planes: number, positions: number, sums: Float64Array): void;
}

interface Exports {
  addBias(z: number, planes: number, positions: number, bias: number, filters: number, first: number): void;
  planeSums(x: number, planes: number, positions: number, sums: number, filters: number, first: number): void;
}

/** Output floats per chunk, 64 KB; a plane larger than that is a chunk of its own. */
const CHUNK = 16384;

/** The kernels, or undefined where WebAssembly SIMD is missing. */
export function createConvBiasKernels(): ConvBiasKernels | undefined {
  const instance = instantiateWasm<Exports>(convBiasWasmBase64);
  if (instance === undefined) return undefined;
  const { exports: kernels, memory } = instance;
  const chunks = new ChunkViews();
  // The planes' area, then the bias (floats) or the sums (float64).
  let area = 0;
  let heap = new Float32Array(memory.buffer);
  let wide = new Float64Array(memory.buffer);
  let planesArea = new AreaViews(heap, 0);

  /** Makes room for a chunk of planes and `filters` values after it; returns the planes per chunk. */
  function prepare(positions: number, filters: number): number {
    const perChunk = Math.max(1, Math.floor(CHUNK / positions));
    const floats = Math.max(perChunk * positions, 2 * filters);
    if (floats > area) {
      area = (floats + 3) & ~3;
      const bytes = 2 * area * 4;
      if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
      heap = new Float32Array(memory.buffer);
      wide = new Float64Array(memory.buffer);
      planesArea = new AreaViews(heap, 0);
    }
    return perChunk;
  }

  return {
    addBias(z, planes, positions, bias) {
      const perChunk = prepare(positions, bias.length);
      heap.set(bias, area);
      const views = chunks.of(z, planes * positions, perChunk * positions);
      for (let c = 0; c < views.length; c++) {
        heap.set(views[c], 0);
        kernels.addBias(0, views[c].length / positions, positions, area * 4, bias.length, c * perChunk);
        views[c].set(planesArea.of(views[c].length));
      }
    },
    sumPlanes(x, planes, positions, sums) {
      const perChunk = prepare(positions, sums.length);
      const sumsAt = area / 2;
      wide.fill(0, sumsAt, sumsAt + sums.length);
      const views = chunks.of(x, planes * positions, perChunk * positions);
      for (let c = 0; c < views.length; c++) {
        heap.set(views[c], 0);
        kernels.planeSums(0, views[c].length / positions, positions, area * 4, sums.length, c * perChunk);
      }
      sums.set(wide.subarray(sumsAt, sumsAt + sums.length));
    },
  };
}
