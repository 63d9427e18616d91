/**
 * A convolution's bias added to every output plane of a batch on the f32x4
 * kernel of conv-bias.wat: whole planes are copied into the kernel's memory
 * a chunk at a time and back, two copies and a vector loop in place of a
 * scalar loop over every output value.
 */
import { AreaViews, ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { convBiasWasmBase64 } from './conv-bias-wasm.generated';

/** z[n, f, p] += bias[f] over `planes` planes of `positions` values, filters cycling through `bias`. */
export type AddPlaneBias = (z: Float32Array, planes: number, positions: number, bias: Float32Array) => void;

interface Exports {
  addBias(z: number, planes: number, positions: number, bias: number, filters: number, first: number): void;
}

/** Output floats per chunk, 64 KB; a plane larger than that is a chunk of its own. */
const CHUNK = 16384;

/** The kernel, or undefined where WebAssembly SIMD is missing. */
export function createAddPlaneBias(): AddPlaneBias | undefined {
  const instance = instantiateWasm<Exports>(convBiasWasmBase64);
  if (instance === undefined) return undefined;
  const { exports: kernel, memory } = instance;
  const chunks = new ChunkViews();
  // The planes' area, then the bias.
  let area = 0;
  let heap = new Float32Array(memory.buffer);
  let planesArea = new AreaViews(heap, 0);

  return (z, planes, positions, bias) => {
    const perChunk = Math.max(1, Math.floor(CHUNK / positions));
    const floats = perChunk * positions;
    if (floats > area || bias.length > area) {
      area = Math.max(floats, bias.length);
      const bytes = 2 * area * 4;
      if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
      heap = new Float32Array(memory.buffer);
      planesArea = new AreaViews(heap, 0);
    }
    heap.set(bias, area);
    const views = chunks.of(z, planes * positions, floats);
    for (let c = 0; c < views.length; c++) {
      heap.set(views[c], 0);
      kernel.addBias(0, views[c].length / positions, positions, area * 4, bias.length, c * perChunk);
      views[c].set(planesArea.of(views[c].length));
    }
  };
}
