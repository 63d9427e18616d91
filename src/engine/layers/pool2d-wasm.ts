/**
 * Max pooling over the default 2×2 window, stride 2, no padding, on the
 * f32x4 kernels of pool2d.wat. Whole planes are copied into the kernel's
 * memory a chunk at a time and the outputs, winners or input gradient
 * copied back: the copies are a fraction of the scalar loop they replace,
 * which compares one window at a time.
 */
import { AreaViews, ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { pool2dWasmBase64 } from './pool2d-wasm.generated';

/** 2×2, stride 2 max pooling over `planes` planes of height × width, laid one after another. */
export interface MaxPoolKernels {
  /**
   * y[plane, oy, ox] = the largest of the window at (2oy, 2ox), NaN winning
   * and the first of equal values staying; `winners` receives its index
   * into `x`. Both outputs hold planes · ⌊height/2⌋ · ⌊width/2⌋ values;
   * `winners` is an Int32Array's bytes viewed as floats.
   */
  forward(x: Float32Array, planes: number, height: number, width: number, y: Float32Array, winners: Float32Array): void;
  /** dx = the gradient routed to each window's winner, 0 elsewhere, over planes · height · width values. */
  backward(gradY: Float32Array, winners: Float32Array, planes: number, height: number, width: number, dx: Float32Array): void;
}

interface Exports {
  maxPoolForward(x: number, planes: number, height: number, width: number, y: number, winners: number, base: number): void;
  maxPoolBackward(g: number, winners: number, planes: number, height: number, width: number, dx: number, base: number): void;
}

/** Input floats per chunk, 64 KB; a plane larger than that is a chunk of its own. */
const CHUNK = 16384;
/** Floats past an area's values that the kernels' last vectors may read or write. */
const SLACK = 16;

/** The kernels, or undefined where WebAssembly SIMD is missing. */
export function createMaxPoolKernels(): MaxPoolKernels | undefined {
  const instance = instantiateWasm<Exports>(pool2dWasmBase64);
  if (instance === undefined) return undefined;
  const { exports: kernels, memory } = instance;
  const chunks = new ChunkViews();
  // Three areas of `area` floats: the input (or input gradient), the outputs (or their gradients), the winners.
  let area = 0;
  let heap = new Float32Array(memory.buffer);
  let indices = new Int32Array(memory.buffer);
  let inputs = new AreaViews(heap, 0);
  let outputs = inputs;
  let winnerArea = inputs;

  /** Makes each area hold `floats` values and the slack, growing the memory when needed. */
  function reserve(floats: number): void {
    if (floats + SLACK <= area) return;
    area = (floats + SLACK + 3) & ~3;
    const bytes = 3 * area * 4;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
    heap = new Float32Array(memory.buffer);
    indices = new Int32Array(memory.buffer);
    inputs = new AreaViews(heap, 0);
    outputs = new AreaViews(heap, area);
    winnerArea = new AreaViews(heap, 2 * area);
  }

  /** Planes per chunk for planes of `plane` values, with the areas made to hold them. */
  function planesPerChunk(plane: number): number {
    const perChunk = Math.max(1, Math.floor(CHUNK / plane));
    reserve(perChunk * plane);
    return perChunk;
  }

  return {
    forward(x, planes, height, width, y, winners) {
      const plane = height * width;
      const outPlane = (height >> 1) * (width >> 1);
      const perChunk = planesPerChunk(plane);
      const inputChunks = chunks.of(x, planes * plane, perChunk * plane);
      const ys = chunks.of(y, planes * outPlane, perChunk * outPlane);
      const ws = chunks.of(winners, planes * outPlane, perChunk * outPlane);
      for (let c = 0; c < inputChunks.length; c++) {
        heap.set(inputChunks[c], 0);
        const chunkPlanes = inputChunks[c].length / plane;
        kernels.maxPoolForward(0, chunkPlanes, height, width, area * 4, 2 * area * 4, c * perChunk * plane);
        ys[c].set(outputs.of(ys[c].length));
        ws[c].set(winnerArea.of(ws[c].length));
      }
    },
    backward(gradY, winners, planes, height, width, dx) {
      const plane = height * width;
      const outPlane = (height >> 1) * (width >> 1);
      const perChunk = planesPerChunk(plane);
      const dxs = chunks.of(dx, planes * plane, perChunk * plane);
      const gs = chunks.of(gradY, planes * outPlane, perChunk * outPlane);
      const ws = chunks.of(winners, planes * outPlane, perChunk * outPlane);
      const oddSided = height % 2 === 1 || width % 2 === 1;
      for (let c = 0; c < dxs.length; c++) {
        const n = gs[c].length;
        heap.set(gs[c], area);
        heap.set(ws[c], 2 * area);
        indices.fill(-1, 2 * area + n, 2 * area + n + 4);
        // Every input of an even-sided plane is in a window and written; odd sides leave a row or column at 0.
        if (oddSided) heap.fill(0, 0, dxs[c].length);
        kernels.maxPoolBackward(area * 4, 2 * area * 4, dxs[c].length / plane, height, width, 0, c * perChunk * plane);
        dxs[c].set(inputs.of(dxs[c].length));
      }
    },
  };
}
