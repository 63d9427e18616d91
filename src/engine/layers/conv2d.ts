import { activations, linear, type Activation } from '../activations';
import { ConfigError } from '../errors';
import { initializers, type Initializer } from '../initializers';
import { activeKernels, gemmNN, gemmNT, gemmTN } from '../kernels';
import { col2im, convOutputLength, im2col, type ConvGeometry } from '../kernels/im2col';
import { createRearrangeKernels, type RearrangeKernels } from '../kernels/im2col-wasm';
import type { Parameter } from '../parameter';
import { boolean, choice, number, ParamSchema, requiredNumber } from '../params';
import type { Rng } from '../rng';
import { readImageShape, readPair, type Pair } from './image-shape';
import { createConvBiasKernels, type ConvBiasKernels } from './conv-bias-wasm';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { createKernel } from './kernel';
import { KERNEL_CONCEPTS, optionsOf, withActivationModule, type LayerEntry } from './layer-entry';

/**
 * The parameters of `conv2d` as the language writes them (`conv2d 16 3 relu
 * padding=same`); positional values fill them in this order. Conv2d takes the
 * resolved objects (Conv2dOptions), which also accept [height, width] pairs.
 */
export const conv2dParams = new ParamSchema('conv2d', {
  filters: requiredNumber({ min: 1, integer: true, doc: 'Number of filters: the channels of the output.' }),
  kernel: requiredNumber({ min: 1, integer: true, doc: 'Side of the square kernel (Keras kernel_size, PyTorch kernel_size).' }),
  activation: choice({ values: activations.entries().map((entry) => entry.name), default: 'linear', doc: 'f applied to each element of z = W ⋆ x + b.' }),
  stride: number({ default: 1, min: 1, integer: true, doc: 'Step between neighbouring kernel positions (Keras strides).' }),
  padding: choice({
    values: ['valid', 'same'],
    default: 'valid',
    orWholeNumber: { min: 0 },
    doc: 'valid: no padding, the output shrinks; same: zeros around the input so the output keeps its height and width (stride 1 only, as PyTorch); a number N: N rows and columns of zeros on every side (PyTorch padding=N).',
  }),
  dilation: number({ default: 1, min: 1, integer: true, doc: 'Spacing between kernel taps (Keras dilation_rate): a kernel k spans d·(k − 1) + 1 pixels.' }),
  init: choice({ values: initializers.entries().map((entry) => entry.name), default: 'glorot_uniform', doc: 'Initializer of the weight W [filters, channels, kh, kw], with fan_in = channels·kh·kw and fan_out = filters·kh·kw (Keras’s default glorot_uniform).' }),
  biasInit: choice({ values: initializers.entries().map((entry) => entry.name), default: 'zeros', doc: 'Initializer of the bias b [filters]; it sees the layer’s fans.' }),
  useBias: boolean({ default: true, doc: 'Whether the layer has a bias b.' }),
});

/** How a 2-D convolution is declared. */
export interface Conv2dOptions {
  /** Output channels. */
  readonly filters: number;
  /** Kernel height and width. */
  readonly kernel: Pair;
  /** Default 1. */
  readonly stride?: Pair;
  /** 'valid' (default, no padding), 'same' (output keeps H×W; stride 1 only), or zero pixels on each side. */
  readonly padding?: 'valid' | 'same' | Pair;
  /** Spacing between kernel taps; default 1. */
  readonly dilation?: Pair;
  /** Applied to each element of z; default linear. Must act elementwise. */
  readonly activation?: Activation;
  /** Fills W [filters, channels, kh, kw]; default glorot_uniform (Keras's default). */
  readonly kernelInitializer?: Initializer;
  /** Fills b [filters]; default zeros. */
  readonly biasInitializer?: Initializer;
  /** Whether the layer has b; default true. */
  readonly useBias?: boolean;
  /** Skip dL/dx for the first layer, where nobody reads it. */
  readonly needsInputGradient?: boolean;
}

/**
 * Checks a convolution's shape options against its input as PyTorch does and
 * works out where its taps land, without building the layer: the output is
 * [filters, outHeight, outWidth]. Throws a ConfigError naming the layer, the
 * value and what is allowed.
 */
export function conv2dGeometry(name: string, inputShape: readonly number[], options: Pick<Conv2dOptions, 'filters' | 'kernel' | 'stride' | 'padding' | 'dilation'>): ConvGeometry {
  const owner = `conv2d ${name}`;
  const { filters } = options;
  if (!Number.isInteger(filters) || filters < 1) throw new ConfigError(`${owner}: filters must be a whole number ≥ 1, got ${filters}`);
  const [channels, height, width] = readImageShape(owner, inputShape);
  const [kernelHeight, kernelWidth] = readPair(owner, 'kernel', options.kernel, 1);
  const [strideHeight, strideWidth] = readPair(owner, 'stride', options.stride ?? 1, 1);
  const [dilationHeight, dilationWidth] = readPair(owner, 'dilation', options.dilation ?? 1, 1);
  const spanHeight = dilationHeight * (kernelHeight - 1) + 1;
  const spanWidth = dilationWidth * (kernelWidth - 1) + 1;
  const padding = options.padding ?? 'valid';
  let padTop: number;
  let padLeft: number;
  let paddedHeight: number;
  let paddedWidth: number;
  if (padding === 'same') {
    if (strideHeight !== 1 || strideWidth !== 1) {
      throw new ConfigError(`${owner}: padding 'same' needs stride 1 (PyTorch refuses it for strided convolutions), got stride ${strideHeight === strideWidth ? strideHeight : `[${strideHeight}, ${strideWidth}]`}`);
    }
    // As PyTorch: the span's extra pixels split evenly, the odd one going below and right.
    padTop = Math.floor((spanHeight - 1) / 2);
    padLeft = Math.floor((spanWidth - 1) / 2);
    paddedHeight = height + spanHeight - 1;
    paddedWidth = width + spanWidth - 1;
  } else {
    if (typeof padding === 'string' && padding !== 'valid') throw new ConfigError(`${owner}: padding must be 'valid', 'same', a whole number ≥ 0 or a pair of them, got ${padding}`);
    [padTop, padLeft] = padding === 'valid' ? [0, 0] : readPair(owner, 'padding', padding, 0);
    paddedHeight = height + 2 * padTop;
    paddedWidth = width + 2 * padLeft;
  }
  if (spanHeight > paddedHeight || spanWidth > paddedWidth) {
    const kernelText = kernelHeight === kernelWidth ? String(kernelHeight) : `${kernelHeight}×${kernelWidth}`;
    const spanText = spanHeight === kernelHeight && spanWidth === kernelWidth ? '' : ` (dilated to ${spanHeight}×${spanWidth})`;
    throw new ConfigError(`${owner}: kernel ${kernelText}${spanText} is larger than the padded input ${paddedHeight}×${paddedWidth}`);
  }
  return {
    channels, height, width, kernelHeight, kernelWidth, strideHeight, strideWidth,
    padTop, padLeft, dilationHeight, dilationWidth,
    outHeight: convOutputLength(height, kernelHeight, strideHeight, paddedHeight - height, dilationHeight),
    outWidth: convOutputLength(width, kernelWidth, strideWidth, paddedWidth - width, dilationWidth),
  };
}

let rearrangeKernels: RearrangeKernels | undefined | null = null;

/** The WebAssembly im2col and col2im for this geometry when the matrix products run in WebAssembly, else undefined. */
function simdRearrange(g: ConvGeometry): RearrangeKernels | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (rearrangeKernels === null) rearrangeKernels = createRearrangeKernels();
  return rearrangeKernels?.covers(g) ? rearrangeKernels : undefined;
}

let convBiasKernels: ConvBiasKernels | undefined | null = null;

/** The WebAssembly bias add and sums when the matrix products run in WebAssembly, else undefined. */
function simdBias(): ConvBiasKernels | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (convBiasKernels === null) convBiasKernels = createConvBiasKernels();
  return convBiasKernels;
}

/**
 * 2-D convolution (cross-correlation, as PyTorch's Conv2d) with its
 * activation fused in, on [channels, height, width] images. With each
 * sample's patch matrix X = im2col(x) [C·kh·kw, Ho·Wo] and W flattened to
 * [filters, C·kh·kw], the forward pass is one product per sample,
 * Z = W·X (+ b), and backward two more: dW = Σ_samples dZ·Xᵀ, dX = Wᵀ·dZ,
 * dx = col2im(dX); db = Σ dZ over samples and positions. One product per
 * sample rather than one over the whole batch laid side by side: a sample's
 * matrices stay in cache, which measured about 10% faster with the
 * WebAssembly kernels on an MNIST-sized net (no different with the
 * JavaScript ones), and the dX scratch is one sample's, not the batch's.
 * Where the products run in WebAssembly, the bias add and sums (conv-bias.wat) and
 * im2col and col2im of stride-1 convolutions (im2col.wat) do too, with the
 * same values.
 */
export class Conv2d implements Layer {
  readonly kind = 'conv2d';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly geometry: ConvGeometry;
  readonly activation: Activation;
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  readonly kernelInitializer: Initializer;
  private readonly needsInputGradient: boolean;
  /** Taps per output value: C·kh·kw. */
  private readonly taps: number;
  /** Output positions per image: Ho·Wo. */
  private readonly positions: number;
  /** Each sample's patch matrix X of the last forward pass, kept for dW; grows with the largest batch. */
  private readonly patches: Float32Array[] = [];
  /** One sample's dX [C·kh·kw, Ho·Wo]. */
  private readonly samplePatchGradient: Float32Array;
  private readonly z: BatchBuffer;
  private readonly a: BatchBuffer;
  private readonly gradZ: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly biasSums: Float64Array;
  private lastBatch = 0;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: Conv2dOptions,
    rng: Rng,
  ) {
    const owner = `conv2d ${name}`;
    this.geometry = conv2dGeometry(name, inputShape, options);
    const { filters } = options;
    const { channels, height, width, kernelHeight, kernelWidth, outHeight, outWidth } = this.geometry;
    this.activation = options.activation ?? linear;
    if (!this.activation.elementwise) {
      throw new ConfigError(`${owner}: activation ${this.activation.name} does not act on each element alone; use an elementwise activation (relu, tanh, …)`);
    }
    this.inputShape = [channels, height, width];
    this.outputShape = [filters, outHeight, outWidth];
    this.inputSize = channels * height * width;
    this.positions = outHeight * outWidth;
    this.outputSize = filters * this.positions;
    this.taps = channels * kernelHeight * kernelWidth;
    this.needsInputGradient = options.needsInputGradient ?? true;
    // PyTorch's _calculate_fan_in_and_fan_out: fans count the receptive field kh·kw.
    const fans = { rows: filters, cols: this.taps, fanIn: this.taps, fanOut: filters * kernelHeight * kernelWidth };
    const defaults = { init: conv2dParams.specs.init.default, biasInit: conv2dParams.specs.biasInit.default };
    ({ weight: this.weight, bias: this.bias, parameters: this.parameters, kernelInitializer: this.kernelInitializer } = createKernel(name, [filters, channels, kernelHeight, kernelWidth], fans, options, defaults, rng));
    this.samplePatchGradient = new Float32Array(this.taps * this.positions);
    this.z = new BatchBuffer(this.outputSize);
    this.a = this.activation === linear ? this.z : new BatchBuffer(this.outputSize);
    this.gradZ = new BatchBuffer(this.outputSize);
    this.gradInput = new BatchBuffer(this.inputSize);
    this.biasSums = new Float64Array(filters);
  }

  /** Output channels. */
  get filters(): number {
    return this.outputShape[0];
  }

  /** z of the last forward pass (batch × filters × Ho × Wo), for diagnostics and LSUV. */
  get preactivation(): Float32Array {
    return this.z.forBatch(this.lastBatch);
  }

  /** a = f(z) of the last forward pass. */
  get output(): Float32Array {
    return this.a.forBatch(this.lastBatch);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const { taps, positions, filters } = this;
    const z = this.z.forBatch(batch);
    const b = this.bias?.value;
    this.lastBatch = batch;
    while (this.patches.length < batch) this.patches.push(new Float32Array(taps * positions));
    const fast = simdRearrange(this.geometry);
    const fastBias = simdBias();
    for (let n = 0; n < batch; n++) {
      const patches = this.patches[n];
      if (fast) fast.im2col(input, n, this.geometry, patches);
      else im2col(input, n * this.inputSize, this.geometry, patches, 0, positions);
      const sample = n * this.outputSize;
      gemmNN(z.subarray(sample, sample + this.outputSize), this.weight.value, patches, filters, positions, taps);
      if (b === undefined || fastBias) continue;
      for (let f = 0; f < filters; f++) {
        const shift = b[f];
        for (let p = sample + f * positions, end = p + positions; p < end; p++) z[p] += shift;
      }
    }
    if (b !== undefined && fastBias) fastBias.addBias(z, batch * filters, positions, b);
    const a = this.a.forBatch(batch);
    if (a !== z) this.activation.forward(z, a, z.length, this.outputSize);
    return a;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { taps, positions, filters } = this;
    let gradZ = gradOutput;
    if (this.activation !== linear) {
      gradZ = this.gradZ.forBatch(batch);
      this.activation.backward(this.z.forBatch(batch), this.a.forBatch(batch), gradOutput, gradZ, gradZ.length, this.outputSize);
    }
    const gradPatches = this.samplePatchGradient;
    const gradInput = this.gradInput.forBatch(batch);
    const sums = this.biasSums;
    // Float64 bias sums: they run over every position of every sample.
    const fastBias = this.bias ? simdBias() : undefined;
    if (fastBias) fastBias.sumPlanes(gradZ, batch * filters, positions, sums);
    else sums.fill(0);
    const fast = simdRearrange(this.geometry);
    for (let n = 0; n < batch; n++) {
      const sample = n * this.outputSize;
      if (!fastBias) addPlaneSums(gradZ, sample, filters, positions, sums);
      const gradProduct = gradZ.subarray(sample, sample + this.outputSize);
      gemmNT(this.weight.grad, gradProduct, this.patches[n], filters, taps, positions, n > 0);
      if (this.needsInputGradient) {
        gemmTN(gradPatches, this.weight.value, gradProduct, taps, positions, filters);
        if (fast) fast.col2im(gradPatches, this.geometry, gradInput, n);
        else col2im(gradPatches, 0, positions, this.geometry, gradInput, n * this.inputSize);
      }
    }
    if (this.bias) for (let f = 0; f < filters; f++) this.bias.grad[f] = sums[f];
    return gradInput;
  }
}

/**
 * sums[f] += Σ_p x[start + f·positions + p] for each of `planes` planes, each
 * plane summed in float64 from its first position to its last. Four planes
 * go at a time: one sum is a chain of adds each waiting for the last, and
 * four independent chains overlap, with every sum's order unchanged.
 */
function addPlaneSums(x: Float32Array, start: number, planes: number, positions: number, sums: Float64Array): void {
  let f = 0;
  for (; f + 4 <= planes; f += 4) {
    const first = start + f * positions;
    const second = first + positions;
    const third = second + positions;
    const fourth = third + positions;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let p = 0; p < positions; p++) {
      s0 += x[first + p];
      s1 += x[second + p];
      s2 += x[third + p];
      s3 += x[fourth + p];
    }
    sums[f] += s0;
    sums[f + 1] += s1;
    sums[f + 2] += s2;
    sums[f + 3] += s3;
  }
  for (; f < planes; f++) {
    let sum = 0;
    for (let p = start + f * positions, end = p + positions; p < end; p++) sum += x[p];
    sums[f] += sum;
  }
}

/** `conv2d FILTERS KERNEL [activation]` in the language: Conv2d and, unless linear, its activation. */
export const conv2dLayer: LayerEntry = {
  name: 'conv2d',
  aliases: [],
  params: conv2dParams,
  positional: 3,
  conceptOptions: KERNEL_CONCEPTS,
  inputRanks: [3],
  outputShape: (input, config, name) => {
    const geometry = conv2dGeometry(name ?? '', input, optionsOf<Conv2dOptions>(config));
    return [optionsOf<Conv2dOptions>(config).filters, geometry.outHeight, geometry.outWidth];
  },
  parameterCount: (input, config) => {
    const { filters, kernel, useBias } = optionsOf<Conv2dOptions>(config);
    const [kernelHeight, kernelWidth] = typeof kernel === 'number' ? [kernel, kernel] : kernel;
    return filters * input[0] * kernelHeight * kernelWidth + (useBias ?? true ? filters : 0);
  },
  torchModules: withActivationModule,
  create: (name, input, config, rng, isFirst) => new Conv2d(name, input, { ...optionsOf<Conv2dOptions>(config), needsInputGradient: !isFirst }, rng),
};
