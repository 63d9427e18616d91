import { linear, type Activation } from '../activations';
import { ConfigError } from '../errors';
import { createInitializer, type Initializer } from '../initializers';
import { gemmNN, gemmNT, gemmTN } from '../kernels';
import { createParameter, type Parameter } from '../parameter';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { denseParams } from './names';

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
  private input: Float32Array = new Float32Array(0);
  private lastBatch = 0;

  get inputShape(): readonly number[] {
    return [this.inputSize];
  }

  get outputShape(): readonly number[] {
    return [this.outputSize];
  }

  constructor(
    readonly name: string,
    readonly inputSize: number,
    options: DenseOptions,
    rng: Rng,
  ) {
    const { units } = options;
    if (!Number.isInteger(units) || units < 1) throw new ConfigError(`dense ${name}: units must be a whole number ≥ 1, got ${units}`);
    if (!Number.isInteger(inputSize) || inputSize < 1) throw new ConfigError(`dense ${name}: input size must be a whole number ≥ 1, got ${inputSize}`);
    this.outputSize = units;
    this.activation = options.activation ?? linear;
    this.kernelInitializer = options.kernelInitializer ?? createInitializer(denseParams.specs.init.default);
    this.needsInputGradient = options.needsInputGradient ?? true;
    this.weight = createParameter(name, 'weight', [units, inputSize], 'weight');
    this.bias = options.useBias ?? true ? createParameter(name, 'bias', [units], 'bias') : undefined;
    this.parameters = this.bias ? [this.weight, this.bias] : [this.weight];
    this.kernelInitializer.fill(this.weight.value, { rows: units, cols: inputSize, fanIn: inputSize, fanOut: units }, rng);
    // A bias sees the same fans as its layer, as PyTorch's Linear reset does.
    if (this.bias) (options.biasInitializer ?? createInitializer(denseParams.specs.biasInit.default)).fill(this.bias.value, { rows: units, cols: 1, fanIn: inputSize, fanOut: units }, rng);
    this.z = new BatchBuffer(units);
    this.a = this.activation === linear ? this.z : new BatchBuffer(units);
    this.gradZ = new BatchBuffer(units);
    this.gradInput = new BatchBuffer(inputSize);
  }

  /** z of the last forward pass (batch×units), for diagnostics and LSUV. */
  get preactivation(): Float32Array {
    return this.z.forBatch(this.lastBatch);
  }

  /** a = f(z) of the last forward pass. */
  get output(): Float32Array {
    return this.a.forBatch(this.lastBatch);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const units = this.outputSize;
    const z = this.z.forBatch(batch);
    this.input = input;
    this.lastBatch = batch;
    gemmNT(z, input, this.weight.value, batch, units, this.inputSize);
    if (this.bias) {
      const b = this.bias.value;
      for (let row = 0; row < z.length; row += units) {
        for (let j = 0; j < units; j++) z[row + j] += b[j];
      }
    }
    const a = this.a.forBatch(batch);
    if (a !== z) this.activation.forward(z, a, z.length, units);
    return a;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    let gradZ = gradOutput;
    if (this.activation !== linear) {
      gradZ = this.gradZ.forBatch(batch);
      this.activation.backward(this.z.forBatch(batch), this.a.forBatch(batch), gradOutput, gradZ, gradZ.length, this.outputSize);
    }
    return this.backwardFromPreactivation(gradZ, batch);
  }

  /**
   * Backward from dL/dz directly: used when the loss supplies the fused
   * gradient of softmax + cross-entropy or sigmoid + binary cross-entropy.
   */
  backwardFromPreactivation(gradZ: Float32Array, batch: number): Float32Array {
    const units = this.outputSize;
    const inputs = this.inputSize;
    gemmTN(this.weight.grad, gradZ, this.input, units, inputs, batch);
    if (this.bias) {
      const db = this.bias.grad;
      db.fill(0);
      for (let row = 0; row < batch * units; row += units) {
        for (let j = 0; j < units; j++) db[j] += gradZ[row + j];
      }
    }
    const gradInput = this.gradInput.forBatch(batch);
    if (this.needsInputGradient) gemmNN(gradInput, gradZ, this.weight.value, batch, inputs, units);
    return gradInput;
  }
}
