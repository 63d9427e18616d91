import { ConfigError } from '../errors';
import { activeKernels } from '../kernels';
import { convOutputLength } from '../kernels/im2col';
import { number, optionalNumber, ParamSchema } from '../params';
import { pairText, readImageShape, readPair, type Pair } from './image-shape';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerEntry } from './layer-entry';
import { createMaxPoolKernels, type MaxPoolKernels } from './pool2d-wasm';

const windowSpecs = {
  size: number({ default: 2, min: 1, integer: true, doc: 'Side of the square window (Keras pool_size, PyTorch kernel_size).' }),
  stride: optionalNumber({ min: 1, integer: true, doc: 'Step between windows (Keras strides); default the window size, so windows tile without overlap.' }),
  padding: number({ default: 0, min: 0, integer: true, doc: 'Pixels added on every side, at most half the window (PyTorch’s rule).' }),
};

/** The parameters of `maxpool` as the language writes them (`maxpool 2`). */
export const maxPoolParams = new ParamSchema('maxpool', windowSpecs);

/** The parameters of `avgpool` as the language writes them (`avgpool 2`). */
export const avgPoolParams = new ParamSchema('avgpool', windowSpecs);

/** `global_avgpool` takes no parameters. */
export const globalAvgPoolParams = new ParamSchema('global_avgpool', {});

/** How a pooling window is declared; PyTorch's defaults. */
export interface Pool2dOptions {
  /** Window height and width; default 2. */
  readonly size?: Pair;
  /** Default the window size. */
  readonly stride?: Pair;
  /** Pixels on each side, at most half the window; default 0. */
  readonly padding?: Pair;
}

/** Where a pool's windows lie, shared by max and average pooling. */
export interface PoolWindow {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly sizeHeight: number;
  readonly sizeWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padHeight: number;
  readonly padWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  /** Rows [rowStart[oy], rowEnd[oy]) of output row oy's window that lie inside the image. */
  readonly rowStart: Int32Array;
  readonly rowEnd: Int32Array;
  /** Columns [columnStart[ox], columnEnd[ox]) likewise. */
  readonly columnStart: Int32Array;
  readonly columnEnd: Int32Array;
}

/** Each window's [start, end) along one axis, clipped to the image: padding holds no input. */
function clippedSpans(outLength: number, length: number, size: number, stride: number, pad: number): [Int32Array, Int32Array] {
  const start = new Int32Array(outLength);
  const end = new Int32Array(outLength);
  for (let o = 0; o < outLength; o++) {
    start[o] = Math.max(o * stride - pad, 0);
    end[o] = Math.min(o * stride - pad + size, length);
  }
  return [start, end];
}

/**
 * Checks a pool's options against its input as PyTorch does and works out its
 * windows without building the layer: the output is [channels, outHeight,
 * outWidth]. `kind` is 'maxpool' or 'avgpool', for messages.
 */
export function pool2dWindow(kind: string, name: string, inputShape: readonly number[], options: Pool2dOptions): PoolWindow {
  const owner = `${kind} ${name}`;
  const [channels, height, width] = readImageShape(owner, inputShape);
  const size = options.size ?? 2;
  const [sizeHeight, sizeWidth] = readPair(owner, 'size', size, 1);
  const [strideHeight, strideWidth] = readPair(owner, 'stride', options.stride ?? size, 1);
  const [padHeight, padWidth] = readPair(owner, 'padding', options.padding ?? 0, 0);
  if (2 * padHeight > sizeHeight || 2 * padWidth > sizeWidth) {
    throw new ConfigError(`${owner}: padding ${pairText(options.padding ?? 0)} is more than half the window ${pairText(size)} (a window would see only padding)`);
  }
  if (sizeHeight > height + 2 * padHeight || sizeWidth > width + 2 * padWidth) {
    throw new ConfigError(`${owner}: window ${pairText(size)} is larger than the padded input ${height + 2 * padHeight}×${width + 2 * padWidth}`);
  }
  // PyTorch with ceil_mode=False: ⌊(H + 2p − k)/s⌋ + 1.
  const outHeight = convOutputLength(height, sizeHeight, strideHeight, 2 * padHeight, 1);
  const outWidth = convOutputLength(width, sizeWidth, strideWidth, 2 * padWidth, 1);
  const [rowStart, rowEnd] = clippedSpans(outHeight, height, sizeHeight, strideHeight, padHeight);
  const [columnStart, columnEnd] = clippedSpans(outWidth, width, sizeWidth, strideWidth, padWidth);
  return {
    channels, height, width, sizeHeight, sizeWidth, strideHeight, strideWidth, padHeight, padWidth,
    outHeight, outWidth, rowStart, rowEnd, columnStart, columnEnd,
  };
}

/** The shapes every window pool shares. */
abstract class WindowPool implements Layer {
  abstract readonly kind: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters = [];
  readonly buffers = [];
  readonly window: PoolWindow;
  protected readonly out: BatchBuffer;
  protected readonly gradInput: BatchBuffer;

  constructor(
    readonly name: string,
    kind: string,
    inputShape: readonly number[],
    options: Pool2dOptions,
  ) {
    this.window = pool2dWindow(kind, name, inputShape, options);
    const { channels, height, width, outHeight, outWidth } = this.window;
    this.inputShape = [channels, height, width];
    this.outputShape = [channels, outHeight, outWidth];
    this.inputSize = channels * height * width;
    this.outputSize = channels * outHeight * outWidth;
    this.out = new BatchBuffer(this.outputSize);
    this.gradInput = new BatchBuffer(this.inputSize);
  }

  abstract forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array;
  abstract backward(gradOutput: Float32Array, batch: number): Float32Array;
}

let maxPoolKernels: MaxPoolKernels | undefined | null = null;

/** The WebAssembly max pooling when the matrix products run in WebAssembly, else undefined. */
function simdMaxPool(): MaxPoolKernels | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (maxPoolKernels === null) maxPoolKernels = createMaxPoolKernels();
  return maxPoolKernels;
}

/** Whether the window is the default 2×2, stride 2, no padding, which the WebAssembly kernel covers. */
function isPlainTwoByTwo(w: PoolWindow): boolean {
  return w.sizeHeight === 2 && w.sizeWidth === 2 && w.strideHeight === 2 && w.strideWidth === 2 && w.padHeight === 0 && w.padWidth === 0;
}

/**
 * Max pooling (PyTorch's MaxPool2d): each output is the largest input in its
 * window; padding never wins. Backward routes each gradient to the input that
 * won (the first one in row-major order on a tie, as PyTorch), adding where
 * overlapping windows share a winner. The default 2×2 window runs on the
 * WebAssembly kernel (pool2d.wat) where the matrix products run there, with
 * the same outputs and winners.
 */
export class MaxPool2d extends WindowPool {
  readonly kind = 'maxpool';
  /** Index into the batch's input of each output's winner. */
  private winners = new Int32Array(0);
  /** The winners' bytes as floats, which the WebAssembly kernel's copies move unchanged. */
  private winnerBits = new Float32Array(0);
  private readonly plain = isPlainTwoByTwo(this.window);

  constructor(name: string, inputShape: readonly number[], options: Pool2dOptions = {}) {
    super(name, 'maxpool', inputShape, options);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const w = this.window;
    const y = this.out.forBatch(batch);
    if (this.winners.length < y.length) {
      this.winners = new Int32Array(y.length);
      this.winnerBits = new Float32Array(this.winners.buffer);
    }
    const fast = this.plain ? simdMaxPool() : undefined;
    if (fast) {
      fast.forward(input, batch * w.channels, w.height, w.width, y, this.winnerBits);
      return y;
    }
    const winners = this.winners;
    const plane = w.height * w.width;
    const { width, rowStart, rowEnd, columnStart, columnEnd } = w;
    let o = 0;
    for (let base = 0; base < batch * this.inputSize; base += plane) {
      for (let oy = 0; oy < w.outHeight; oy++) {
        const fullRows = rowEnd[oy] - rowStart[oy] === 2;
        for (let ox = 0; ox < w.outWidth; ox++, o++) {
          const first = base + rowStart[oy] * width + columnStart[ox];
          let best = first;
          if (fullRows && columnEnd[ox] - columnStart[ox] === 2) {
            // The default 2×2 window, unrolled: a loop of two steps costs more than its four comparisons.
            best = winnerOf(input, best, first + 1);
            best = winnerOf(input, best, first + width);
            best = winnerOf(input, best, first + width + 1);
          } else {
            for (let row = rowStart[oy]; row < rowEnd[oy]; row++) {
              for (let k = base + row * width + columnStart[ox], end = base + row * width + columnEnd[ox]; k < end; k++) best = winnerOf(input, best, k);
            }
          }
          y[o] = input[best];
          winners[o] = best;
        }
      }
    }
    return y;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const gradInput = this.gradInput.forBatch(batch);
    const fast = this.plain ? simdMaxPool() : undefined;
    if (fast) {
      const w = this.window;
      fast.backward(gradOutput, this.winnerBits, batch * w.channels, w.height, w.width, gradInput);
      return gradInput;
    }
    gradInput.fill(0);
    const winners = this.winners;
    for (let o = 0; o < batch * this.outputSize; o++) gradInput[winners[o]] += gradOutput[o];
    return gradInput;
  }
}

/**
 * The winner of a window so far after input `k`: `k` when its value is larger
 * than the current winner's or NaN (NaN wins, as in PyTorch, so a NaN input
 * shows in the output), else `best`; on a tie the earlier input stays. The
 * choice is made with integer masks, not a branch: on real activations it is
 * a coin toss the processor would mispredict half the time.
 */
function winnerOf(input: Float32Array, best: number, k: number): number {
  const v = input[k];
  return best ^ ((best ^ k) & -(+(v > input[best]) | +(v !== v)));
}

/**
 * Average pooling (PyTorch's AvgPool2d with count_include_pad=True): each
 * output is the window's sum divided by the full window kh·kw, padding
 * counted as zeros. Backward spreads each gradient evenly, g/(kh·kw), over the
 * window's inputs.
 */
export class AvgPool2d extends WindowPool {
  readonly kind = 'avgpool';

  constructor(name: string, inputShape: readonly number[], options: Pool2dOptions = {}) {
    super(name, 'avgpool', inputShape, options);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const w = this.window;
    const y = this.out.forBatch(batch);
    const scale = 1 / (w.sizeHeight * w.sizeWidth);
    const plane = w.height * w.width;
    let o = 0;
    for (let base = 0; base < batch * this.inputSize; base += plane) {
      for (let oy = 0; oy < w.outHeight; oy++) {
        for (let ox = 0; ox < w.outWidth; ox++, o++) {
          let sum = 0;
          for (let row = w.rowStart[oy]; row < w.rowEnd[oy]; row++) {
            for (let k = base + row * w.width + w.columnStart[ox], end = base + row * w.width + w.columnEnd[ox]; k < end; k++) sum += input[k];
          }
          y[o] = sum * scale;
        }
      }
    }
    return y;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const w = this.window;
    const gradInput = this.gradInput.forBatch(batch);
    gradInput.fill(0);
    const scale = 1 / (w.sizeHeight * w.sizeWidth);
    const plane = w.height * w.width;
    let o = 0;
    for (let base = 0; base < batch * this.inputSize; base += plane) {
      for (let oy = 0; oy < w.outHeight; oy++) {
        for (let ox = 0; ox < w.outWidth; ox++, o++) {
          const share = gradOutput[o] * scale;
          for (let row = w.rowStart[oy]; row < w.rowEnd[oy]; row++) {
            for (let k = base + row * w.width + w.columnStart[ox], end = base + row * w.width + w.columnEnd[ox]; k < end; k++) gradInput[k] += share;
          }
        }
      }
    }
    return gradInput;
  }
}

/**
 * Global average pooling (Lin et al. 2014, Network in Network): each
 * channel's mean over height and width, [C, H, W] → [C], as PyTorch's
 * AdaptiveAvgPool2d(1) followed by a flatten. Backward spreads g/(H·W).
 */
export class GlobalAvgPool implements Layer {
  readonly kind = 'global_avgpool';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters = [];
  readonly buffers = [];
  private readonly plane: number;
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
  ) {
    const [channels, height, width] = readImageShape(`global_avgpool ${name}`, inputShape);
    this.inputShape = [channels, height, width];
    this.outputShape = [channels];
    this.plane = height * width;
    this.inputSize = channels * this.plane;
    this.outputSize = channels;
    this.out = new BatchBuffer(channels);
    this.gradInput = new BatchBuffer(this.inputSize);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const y = this.out.forBatch(batch);
    const plane = this.plane;
    for (let o = 0; o < y.length; o++) {
      let sum = 0;
      for (let k = o * plane, end = k + plane; k < end; k++) sum += input[k];
      y[o] = sum / plane;
    }
    return y;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const gradInput = this.gradInput.forBatch(batch);
    const plane = this.plane;
    for (let o = 0; o < batch * this.outputSize; o++) gradInput.fill(gradOutput[o] / plane, o * plane, (o + 1) * plane);
    return gradInput;
  }
}

/** A window pool in the language (`maxpool 2`, `avgpool 3 stride=1 padding=1`). */
function windowPoolLayer(name: 'maxpool' | 'avgpool', aliases: readonly string[], params: typeof maxPoolParams, create: (name: string, input: readonly number[], options: Pool2dOptions) => Layer): LayerEntry {
  return {
    name,
    aliases,
    params,
    positional: 3,
    conceptOptions: {},
    inputRanks: [3],
    outputShape: (input, config, layerName) => {
      const window = pool2dWindow(name, layerName ?? '', input, optionsOf<Pool2dOptions>(config));
      return [window.channels, window.outHeight, window.outWidth];
    },
    parameterCount: () => 0,
    create: (layerName, input, config) => create(layerName, input, optionsOf<Pool2dOptions>(config)),
  };
}

export const maxPoolLayer = windowPoolLayer('maxpool', ['MaxPool2d', 'MaxPooling2D'], maxPoolParams, (name, input, options) => new MaxPool2d(name, input, options));
export const avgPoolLayer = windowPoolLayer('avgpool', ['AvgPool2d', 'AveragePooling2D'], avgPoolParams, (name, input, options) => new AvgPool2d(name, input, options));

/** `global_avgpool`: each channel's mean, [C, H, W] → [C]. */
export const globalAvgPoolLayer: LayerEntry = {
  name: 'global_avgpool',
  aliases: ['GlobalAveragePooling2D'],
  params: globalAvgPoolParams,
  positional: 0,
  conceptOptions: {},
  inputRanks: [3],
  outputShape: (input) => [input[0]],
  parameterCount: () => 0,
  create: (name, input) => new GlobalAvgPool(name, input),
};
