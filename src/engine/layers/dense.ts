import { activations, linear, type Activation } from '../activations';
import { ConfigError } from '../errors';
import { initializers, type Initializer } from '../initializers';
import { gemmNN, gemmNT, gemmNTBias, gemmTN } from '../kernels';
import type { Parameter } from '../parameter';
import { boolean, choice, ParamSchema, requiredNumber } from '../params';
import type { Registry, NamedEntry } from '../registry';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { KERNEL_CONCEPTS, withActivationModule, type LayerConfig, type LayerEntry } from './layer-entry';
import { createKernel } from './kernel';
import { sumRows } from './row-ops';

const names = (registry: Registry<NamedEntry>): string[] => registry.entries().map((entry) => entry.name);

/**
 * The parameters of `dense` as the language writes them (`dense 32 relu
 * init=he_normal`); the units and the activation may go without names.
 */
export const denseParams = new ParamSchema('dense', {
  units: requiredNumber({ min: 1, integer: true, doc: 'Number of units: the width of the output.' }),
  activation: choice({ values: names(activations), default: 'linear', doc: 'f applied to z = xWᵀ + b (a name or a call such as leaky_relu(0.2)).' }),
  init: choice({ values: names(initializers), default: 'glorot_uniform', doc: 'Initializer of the weight W [units, inputs] (Keras’s default glorot_uniform).' }),
  biasInit: choice({ values: names(initializers), default: 'zeros', doc: 'Initializer of the bias b; it sees the layer’s fans.' }),
  useBias: boolean({ default: true, doc: 'Whether the layer has a bias b.' }),
});

/** How a dense layer is declared. */
export interface DenseOptions {
  /** Output width (number of units). */
  readonly units: number;
  /** Applied to z = xWᵀ + b; default linear. */
  readonly activation?: Activation;
  /** Fills W [units, inputs]; default the `init` of denseParams, glorot_uniform (Keras's default). */
  readonly kernelInitializer?: Initializer;
  /** Fills b [units]; default the `bias_init` of denseParams, zeros. */
  readonly biasInitializer?: Initializer;
  /** Whether the layer has b; default true. */
  readonly useBias?: boolean;
  /** Skip dL/dx for the first layer, where nobody reads it. */
  readonly needsInputGradient?: boolean;
}

/**
 * Fully connected layer with its activation fused in: z = xWᵀ + b, a = f(z).
 * W is stored [units, inputs] as PyTorch's Linear stores it, so weight files
 * map one to one. Backward: dW = dzᵀx, db = Σ_batch dz, dx = dz·W.
 */
export class Dense implements Layer {
  readonly kind = 'dense';
  readonly outputSize: number;
  readonly units: number;
  readonly activation: Activation;
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  readonly kernelInitializer: Initializer;
  private readonly needsInputGradient: boolean;
  private readonly z: BatchBuffer;
  private readonly a: BatchBuffer;
  private readonly gradZ: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  /** The bias gradient's column sums, in float64 over the batch's rows. */
  private readonly biasSums: Float64Array;
  private input: Float32Array = new Float32Array(0);
  private lastRows = 0;

  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  /** Input features: the last axis, which the layer maps as PyTorch's Linear and Keras's Dense do. */
  readonly features: number;
  /** Rows each sample holds: 1 for [features], T for [timesteps, features]. */
  private readonly rowsPerSample: number;

  constructor(
    readonly name: string,
    input: number | readonly number[],
    options: DenseOptions,
    rng: Rng,
  ) {
    const { units } = options;
    this.inputShape = typeof input === 'number' ? [input] : [...input];
    this.features = this.inputShape[this.inputShape.length - 1];
    if (!Number.isInteger(units) || units < 1) throw new ConfigError(`dense ${name}: units must be a whole number ≥ 1, got ${units}`);
    if (this.inputShape.length > 2) throw new ConfigError(`dense ${name}: it reads features or [timesteps, features], got an input of shape [${this.inputShape.join(', ')}]; put flatten before it`);
    if (!this.inputShape.every((d) => Number.isInteger(d) && d >= 1)) throw new ConfigError(`dense ${name}: input size must be a whole number ≥ 1, got ${this.inputShape.join('×')}`);
    this.rowsPerSample = this.inputShape.length === 2 ? this.inputShape[0] : 1;
    this.inputSize = this.rowsPerSample * this.features;
    this.outputShape = this.inputShape.length === 2 ? [this.rowsPerSample, units] : [units];
    this.outputSize = this.rowsPerSample * units;
    this.units = units;
    this.activation = options.activation ?? linear;
    this.needsInputGradient = options.needsInputGradient ?? true;
    const fans = { rows: units, cols: this.features, fanIn: this.features, fanOut: units };
    ({ weight: this.weight, bias: this.bias, parameters: this.parameters, kernelInitializer: this.kernelInitializer } = createKernel(name, [units, this.features], fans, options, { init: denseParams.specs.init.default, biasInit: denseParams.specs.biasInit.default }, rng));
    this.z = new BatchBuffer(units);
    this.a = this.activation === linear ? this.z : new BatchBuffer(units);
    this.gradZ = new BatchBuffer(units);
    this.gradInput = new BatchBuffer(this.features);
    this.biasSums = new Float64Array(units);
  }

  /** z of the last forward pass (rows×units: one row per sample, or per timestep of a sequence), for diagnostics and LSUV. */
  get preactivation(): Float32Array {
    return this.z.forBatch(this.lastRows);
  }

  /** a = f(z) of the last forward pass. */
  get output(): Float32Array {
    return this.a.forBatch(this.lastRows);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const units = this.units;
    const rows = batch * this.rowsPerSample;
    const z = this.z.forBatch(rows);
    this.input = input;
    this.lastRows = rows;
    if (this.bias) gemmNTBias(z, input, this.weight.value, this.bias.value, rows, units, this.features);
    else gemmNT(z, input, this.weight.value, rows, units, this.features);
    const a = this.a.forBatch(rows);
    if (a !== z) this.activation.forward(z, a, z.length, units);
    return a;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    let gradZ = gradOutput;
    if (this.activation !== linear) {
      const rows = batch * this.rowsPerSample;
      gradZ = this.gradZ.forBatch(rows);
      this.activation.backward(this.z.forBatch(rows), this.a.forBatch(rows), gradOutput, gradZ, gradZ.length, this.units);
    }
    return this.backwardFromPreactivation(gradZ, batch);
  }

  /**
   * Backward from dL/dz directly: used when the loss supplies the fused
   * gradient of softmax + cross-entropy or sigmoid + binary cross-entropy.
   */
  backwardFromPreactivation(gradZ: Float32Array, batch: number): Float32Array {
    const units = this.units;
    const features = this.features;
    const rows = batch * this.rowsPerSample;
    gemmTN(this.weight.grad, gradZ, this.input, units, features, rows);
    if (this.bias) sumRows(gradZ, rows, units, this.bias.grad, this.biasSums);
    const gradInput = this.gradInput.forBatch(rows);
    if (this.needsInputGradient) gemmNN(gradInput, gradZ, this.weight.value, rows, features, units);
    return gradInput;
  }
}

/** `dense` in the language: Linear and, unless linear, its activation. */
export const denseLayer: LayerEntry = {
  name: 'dense',
  aliases: ['Linear'],
  params: denseParams,
  positional: 2,
  conceptOptions: KERNEL_CONCEPTS,
  inputRanks: [1, 2],
  outputShape: (input, config) => [...input.slice(0, -1), (config as LayerConfig & DenseOptions).units],
  parameterCount: (input, config) => {
    const { units, useBias } = config as LayerConfig & DenseOptions;
    return units * input[input.length - 1] + (useBias ?? true ? units : 0);
  },
  torchModules: withActivationModule,
  create: (name, input, config, rng, isFirst) => new Dense(name, input, { ...(config as LayerConfig & DenseOptions), needsInputGradient: !isFirst }, rng),
};
