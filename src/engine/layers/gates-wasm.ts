/**
 * The recurrent cells' elementwise arithmetic on the f32x4 kernels of
 * gates.wat: one call per timestep does a step's gates, state and output
 * (or their gradients), where the JavaScript loop takes three sigmoids and
 * two tanh per unit through float64 Math.exp. Each operand is copied into an
 * area of the kernel's memory a chunk of whole rows at a time and each
 * result copied back; the copies cost a small part of the loop they replace.
 */
import { activeKernels } from '../kernels';
import { AreaViews, ChunkViews, instantiateWasm } from '../wasm-module';
import { gatesWasmBase64 } from './gates-wasm.generated';

/** The cells' kernels; a step's arrays are its rows, batch-major, in PyTorch's gate order. */
export interface GateKernels {
  /** out[i] = e^x[i] for i < length, within a few float32 ulp. */
  exp(x: Float32Array, out: Float32Array, length: number): void;
  /** out[i] = σ(x[i]) = 1/(1 + e^(−x[i])) for i < length. */
  sigmoid(x: Float32Array, out: Float32Array, length: number): void;
  /** out[i] = tanh(x[i]) for i < length. */
  tanh(x: Float32Array, out: Float32Array, length: number): void;
  /** Whether `lstmForward` and the others take a cell of `gates` blocks of `units` (at least 4, and a row that fits an area). */
  fits(gates: number, units: number): boolean;
  /** The simple RNN's h = tanh(in + hid) over rows × units values. */
  rnnForward(rows: number, units: number, inputPart: Float32Array, hiddenPart: Float32Array, h: Float32Array): void;
  /**
   * One LSTM step: `inputPart` (overwritten with the activated gates i, f,
   * g, o) and `hiddenPart` are rows × 4H; c_t, tanh(c_t) and h_t are
   * written from c_{t−1}, rows × H each.
   */
  lstmForward(
    rows: number, units: number, inputPart: Float32Array, hiddenPart: Float32Array,
    cellPrevious: Float32Array, cell: Float32Array, tanhCell: Float32Array, h: Float32Array,
  ): void;
  /**
   * One LSTM step backward: dL/d(pre-activations) into `gradGates`, and
   * `gradCellCarry` (dL/dc_t from step t + 1) replaced by dL/dc_{t−1}.
   */
  lstmBackward(
    rows: number, units: number, gates: Float32Array, cellPrevious: Float32Array, tanhCell: Float32Array,
    gradH: Float32Array, gradCellCarry: Float32Array, gradGates: Float32Array,
  ): void;
  /** One GRU step: `inputPart` (overwritten with r, z, n) and `hiddenPart` (with b_hh) are rows × 3H; h_t from h_{t−1}. */
  gruForward(rows: number, units: number, inputPart: Float32Array, hiddenPart: Float32Array, previous: Float32Array, h: Float32Array): void;
  /**
   * One GRU step backward: the gradients of both parts (rows × 3H) and, when
   * given, z ⊙ dL/dh_t into `direct` (rows × H), what h_{t−1} receives around the weights.
   */
  gruBackward(
    rows: number, units: number, gates: Float32Array, hiddenPart: Float32Array, previous: Float32Array,
    gradH: Float32Array, gradInputPart: Float32Array, gradHiddenPart: Float32Array, direct: Float32Array | undefined,
  ): void;
}

interface Exports {
  expMap(x: number, out: number, n: number): void;
  sigmoidMap(x: number, out: number, n: number): void;
  tanhMap(x: number, out: number, n: number): void;
  rnnForward(inputPart: number, hiddenPart: number, h: number, n: number): void;
  lstmForward(inputPart: number, hiddenPart: number, cellPrevious: number, gates: number, cell: number, tanhCell: number, h: number, rows: number, units: number): void;
  lstmBackward(gates: number, cellPrevious: number, tanhCell: number, gradH: number, carry: number, gradGates: number, carryOut: number, rows: number, units: number): void;
  gruForward(inputPart: number, hiddenPart: number, previous: number, gates: number, h: number, rows: number, units: number): void;
  gruBackward(gates: number, hiddenPart: number, previous: number, gradH: number, gradInputPart: number, gradHiddenPart: number, direct: number, rows: number, units: number): void;
}

/** Floats per area: a step of the benchmark's LSTM (32 rows × 4·64) in one chunk, 32 KB. */
const AREA = 8192;
/** A kernel reads and writes at most seven areas. */
const AREAS = 7;

/** Byte offset of area `slot`. */
function at(slot: number): number {
  return slot * AREA * 4;
}

/** The kernels, or undefined where WebAssembly SIMD is missing. */
export function createGateKernels(): GateKernels | undefined {
  const instance = instantiateWasm<Exports>(gatesWasmBase64, at(AREAS));
  if (instance === undefined) return undefined;
  const kernel = instance.exports;
  const heap = new Float32Array(instance.memory.buffer);
  const chunks = new ChunkViews();
  const areas = Array.from({ length: AREAS }, (_, slot) => new AreaViews(heap, at(slot) / 4));

  /** Chunk c of the first `length` values of `array`, cut `step` values apart, copied into area `slot`. */
  function put(array: Float32Array, length: number, step: number, c: number, slot: number): void {
    heap.set(chunks.of(array, length, step)[c], at(slot) / 4);
  }

  /** Area `slot` copied back into chunk c of `array`. */
  function take(array: Float32Array, length: number, step: number, c: number, slot: number): void {
    const chunk = chunks.of(array, length, step)[c];
    chunk.set(areas[slot].of(chunk.length));
  }

  function map(run: (x: number, out: number, n: number) => void, x: Float32Array, out: Float32Array, length: number): void {
    const count = Math.ceil(length / AREA);
    for (let c = 0; c < count; c++) {
      put(x, length, AREA, c, 0);
      run(at(0), at(1), Math.min(AREA, length - c * AREA));
      take(out, length, AREA, c, 1);
    }
  }

  /** Rows per chunk for rows of `width` floats. */
  const rowsPerChunk = (width: number): number => Math.floor(AREA / width);

  return {
    exp: (x, out, length) => map(kernel.expMap, x, out, length),
    sigmoid: (x, out, length) => map(kernel.sigmoidMap, x, out, length),
    tanh: (x, out, length) => map(kernel.tanhMap, x, out, length),
    fits: (gates, units) => units >= 4 && gates * units <= AREA,

    rnnForward(rows, units, inputPart, hiddenPart, h) {
      const length = rows * units;
      const count = Math.ceil(length / AREA);
      for (let c = 0; c < count; c++) {
        put(inputPart, length, AREA, c, 0);
        put(hiddenPart, length, AREA, c, 1);
        kernel.rnnForward(at(0), at(1), at(2), Math.min(AREA, length - c * AREA));
        take(h, length, AREA, c, 2);
      }
    },

    lstmForward(rows, units, inputPart, hiddenPart, cellPrevious, cell, tanhCell, h) {
      const wide = 4 * units;
      const step = rowsPerChunk(wide);
      for (let from = 0, c = 0; from < rows; from += step, c++) {
        put(inputPart, rows * wide, step * wide, c, 0);
        put(hiddenPart, rows * wide, step * wide, c, 1);
        put(cellPrevious, rows * units, step * units, c, 2);
        kernel.lstmForward(at(0), at(1), at(2), at(3), at(4), at(5), at(6), Math.min(step, rows - from), units);
        take(inputPart, rows * wide, step * wide, c, 3);
        take(cell, rows * units, step * units, c, 4);
        take(tanhCell, rows * units, step * units, c, 5);
        take(h, rows * units, step * units, c, 6);
      }
    },

    lstmBackward(rows, units, gates, cellPrevious, tanhCell, gradH, gradCellCarry, gradGates) {
      const wide = 4 * units;
      const step = rowsPerChunk(wide);
      for (let from = 0, c = 0; from < rows; from += step, c++) {
        put(gates, rows * wide, step * wide, c, 0);
        put(cellPrevious, rows * units, step * units, c, 1);
        put(tanhCell, rows * units, step * units, c, 2);
        put(gradH, rows * units, step * units, c, 3);
        put(gradCellCarry, rows * units, step * units, c, 4);
        kernel.lstmBackward(at(0), at(1), at(2), at(3), at(4), at(5), at(6), Math.min(step, rows - from), units);
        take(gradGates, rows * wide, step * wide, c, 5);
        take(gradCellCarry, rows * units, step * units, c, 6);
      }
    },

    gruForward(rows, units, inputPart, hiddenPart, previous, h) {
      const wide = 3 * units;
      const step = rowsPerChunk(wide);
      for (let from = 0, c = 0; from < rows; from += step, c++) {
        put(inputPart, rows * wide, step * wide, c, 0);
        put(hiddenPart, rows * wide, step * wide, c, 1);
        put(previous, rows * units, step * units, c, 2);
        kernel.gruForward(at(0), at(1), at(2), at(3), at(4), Math.min(step, rows - from), units);
        take(inputPart, rows * wide, step * wide, c, 3);
        take(h, rows * units, step * units, c, 4);
      }
    },

    gruBackward(rows, units, gates, hiddenPart, previous, gradH, gradInputPart, gradHiddenPart, direct) {
      const wide = 3 * units;
      const step = rowsPerChunk(wide);
      for (let from = 0, c = 0; from < rows; from += step, c++) {
        put(gates, rows * wide, step * wide, c, 0);
        put(hiddenPart, rows * wide, step * wide, c, 1);
        put(previous, rows * units, step * units, c, 2);
        put(gradH, rows * units, step * units, c, 3);
        kernel.gruBackward(at(0), at(1), at(2), at(3), at(4), at(5), at(6), Math.min(step, rows - from), units);
        take(gradInputPart, rows * wide, step * wide, c, 4);
        take(gradHiddenPart, rows * wide, step * wide, c, 5);
        if (direct) take(direct, rows * units, step * units, c, 6);
      }
    },
  };
}

let shared: GateKernels | undefined | null = null;

/**
 * The kernels when the matrix products run in WebAssembly (useKernels), made
 * once; undefined otherwise, where the cells keep their JavaScript loops.
 */
export function activeGateKernels(): GateKernels | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (shared === null) shared = createGateKernels();
  return shared;
}
