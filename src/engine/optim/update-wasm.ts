/**
 * Optimizer updates on the f32x4 kernels of update.wat. An optimizer's state
 * buffers (Adam's m and v, a momentum buffer) live in this module's
 * WebAssembly.Memory for the whole run, as ordinary Float32Array views its
 * JavaScript loops and getState read too. A step copies each parameter's
 * values and gradients in a chunk at a time, small enough to stay in the L1
 * cache, runs the kernel on the chunk and copies the values back: two copies
 * in and one out against a kernel that does four times the scalar loop's
 * work per instruction.
 */
import { AreaViews, ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import { updateWasmBase64 } from './update-wasm.generated';

/** The kernels of update.wat; what each computes and which scalars it reads is written there. */
export type UpdateKernel =
  | 'adam'
  | 'adamAmsgrad'
  | 'sgd'
  | 'sgdMomentum'
  | 'sgdVelocity'
  | 'sgdAverage'
  | 'rmsprop'
  | 'rmspropCentered'
  | 'rmspropMomentum'
  | 'rmspropCenteredMomentum'
  | 'adagrad';

type KernelFunction = (w: number, g: number, s0: number, s1: number, s2: number, n: number) => void;
type SquaresFunction = (at: number, n: number) => number;

/** Scalars first: 16 f32 at byte 0, where every kernel reads them. */
const SCALAR_COUNT = 16;
/** Values per chunk: values and gradients, 8 KB each, stay in L1 with the state they meet. */
const CHUNK = 2048;
const VALUES_AT = SCALAR_COUNT * 4;
const GRADS_AT = VALUES_AT + CHUNK * 4;
const BUFFERS_AT = GRADS_AT + CHUNK * 4;

/** Floats rounded up to whole 16-byte vectors, so a kernel's last vector stays inside the buffer. */
function padded(floats: number): number {
  return (floats + 3) & ~3;
}

/** One allocation: where its views are kept, so they can be made again when the memory grows. */
interface Allocation {
  readonly views: Float32Array[];
  readonly offsets: readonly number[];
  readonly lengths: readonly number[];
}

/**
 * One optimizer's WebAssembly memory: its state buffers, the scalars its
 * kernel reads, and the chunked update of one parameter tensor.
 */
export class WasmUpdater {
  private heap: Float32Array;
  /** Bytes handed out so far. */
  private top = BUFFERS_AT;
  private readonly allocations: Allocation[] = [];
  private readonly chunks = new ChunkViews();
  /** The values' area, where a kernel leaves the updated chunk. */
  private readonly updated: AreaViews;
  private scalarView: Float32Array;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly kernels: Readonly<Record<UpdateKernel, KernelFunction>>,
  ) {
    this.heap = new Float32Array(memory.buffer);
    this.scalarView = this.heap.subarray(0, SCALAR_COUNT);
    this.updated = new AreaViews(this.heap, VALUES_AT / 4);
  }

  /** An updater, or undefined where WebAssembly SIMD is missing. */
  static create(): WasmUpdater | undefined {
    const instance = instantiateWasm<Record<UpdateKernel, KernelFunction>>(updateWasmBase64, BUFFERS_AT);
    return instance && new WasmUpdater(instance.memory, instance.exports);
  }

  /** The kernel's scalars, in the order update.wat lists them; write them before `run`. */
  get scalars(): Float32Array {
    return this.scalarView;
  }

  /**
   * Buffers of the given lengths in this memory, filled with `fill`; undefined
   * when the memory cannot grow that far. The returned array is kept current:
   * when a later allocation grows the memory (which detaches every view), its
   * elements are replaced by views of the same bytes.
   */
  allocate(lengths: readonly number[], fill: number): Float32Array[] | undefined {
    const offsets = lengths.map((length) => {
      const at = this.top;
      this.top += padded(length) * 4;
      return at;
    });
    const needed = this.top - this.memory.buffer.byteLength;
    if (needed > 0) {
      try {
        this.memory.grow(Math.ceil(needed / WASM_PAGE_BYTES));
      } catch {
        this.top = offsets[0] ?? this.top;
        return undefined;
      }
      this.remakeViews();
    }
    const allocation: Allocation = { views: [], offsets, lengths };
    this.allocations.push(allocation);
    this.makeViews(allocation);
    for (let i = 0; i < lengths.length; i++) this.heap.fill(fill, offsets[i] / 4, offsets[i] / 4 + padded(lengths[i]));
    return allocation.views;
  }

  /**
   * Runs `kernel` over one parameter tensor: `value` is updated in place from
   * `grad`, and the state buffers s0…s2 (from `allocate`, in the kernel's
   * order) in this memory. Scalars must be written first.
   */
  run(kernel: UpdateKernel, value: Float32Array, grad: Float32Array, s0?: Float32Array, s1?: Float32Array, s2?: Float32Array): void {
    const update = this.kernels[kernel];
    const heap = this.heap;
    const length = value.length;
    if (length <= CHUNK) {
      heap.set(value, VALUES_AT / 4);
      heap.set(grad, GRADS_AT / 4);
      update(VALUES_AT, GRADS_AT, s0?.byteOffset ?? 0, s1?.byteOffset ?? 0, s2?.byteOffset ?? 0, length);
      value.set(this.updated.of(length));
      return;
    }
    const values = this.chunks.of(value, length, CHUNK);
    const grads = this.chunks.of(grad, length, CHUNK);
    for (let c = 0; c < values.length; c++) {
      const from = c * CHUNK * 4;
      const chunk = values[c];
      heap.set(chunk, VALUES_AT / 4);
      heap.set(grads[c], GRADS_AT / 4);
      update(
        VALUES_AT,
        GRADS_AT,
        s0 === undefined ? 0 : s0.byteOffset + from,
        s1 === undefined ? 0 : s1.byteOffset + from,
        s2 === undefined ? 0 : s2.byteOffset + from,
        chunk.length,
      );
      chunk.set(this.updated.of(chunk.length));
    }
  }

  private makeViews({ views, offsets, lengths }: Allocation): void {
    for (let i = 0; i < offsets.length; i++) views[i] = this.heap.subarray(offsets[i] / 4, offsets[i] / 4 + lengths[i]);
  }

  private remakeViews(): void {
    this.heap = new Float32Array(this.memory.buffer);
    this.scalarView = this.heap.subarray(0, SCALAR_COUNT);
    this.updated.reset(this.heap);
    for (const allocation of this.allocations) this.makeViews(allocation);
  }
}

/**
 * Σx² of a float32 array on the f32x4 kernel, each square and the sum in
 * float64 as the JavaScript loop does them (only the order of the additions
 * differs); undefined where WebAssembly SIMD is missing. The array is copied
 * in a chunk at a time, through views made once per array.
 */
export function createSquaresKernel(): ((values: Float32Array) => number) | undefined {
  const instance = instantiateWasm<{ sumOfSquares: SquaresFunction }>(updateWasmBase64);
  if (instance === undefined) return undefined;
  const { sumOfSquares } = instance.exports;
  const heap = new Float32Array(instance.memory.buffer);
  const chunks = new ChunkViews();
  return (values) => {
    if (values.length <= CHUNK) {
      heap.set(values);
      return sumOfSquares(0, values.length);
    }
    const parts = chunks.of(values, values.length, CHUNK);
    let sum = 0;
    for (let c = 0; c < parts.length; c++) {
      heap.set(parts[c]);
      sum += sumOfSquares(0, parts[c].length);
    }
    return sum;
  };
}
