import { ConfigError } from '../errors';
import { ParamSchema, number, type Options } from '../params';
import { createParameter, type Parameter, type StateBuffer } from '../parameter';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerEntry } from './layer-entry';

const schema = new ParamSchema('batchnorm', {
  momentum: number({
    default: 0.1,
    min: 0,
    max: 1,
    doc: 'weight of the new batch in the running statistics: r ← (1−m)·r + m·batch (PyTorch convention; Keras momentum 0.99 means m = 0.01)',
  }),
  eps: number({ default: 1e-5, min: 0, minExclusive: true, doc: 'ε added to the variance before the square root (PyTorch 1e-5; Keras 1e-3)' }),
});

export const batchNormParams = schema;
export type BatchNormOptions = Options<typeof schema.specs>;

/**
 * Batch normalization (Ioffe & Szegedy 2015) of features [n] (PyTorch's
 * BatchNorm1d) or of the channels of images [C, H, W] (BatchNorm2d, each
 * channel pooled over batch × H × W): with M the values a channel pools,
 * training: x̂ = (x − μ_B)/√(σ²_B + ε) with the batch's mean and biased
 * variance, y = γx̂ + β, and running statistics updated with momentum (the
 * running variance uses the unbiased variance, ·M/(M − 1), as PyTorch does);
 * evaluation: the running statistics replace the batch's.
 * Backward (training): dx = (1/M)·(1/√(σ²+ε))·(M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), dx̂ = dy·γ.
 */
export class BatchNorm implements Layer {
  readonly kind = 'batchnorm';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  /** Features, or the channels of an image: the length of γ, β and the running statistics. */
  readonly channels: number;
  readonly scale: Parameter;
  readonly shift: Parameter;
  readonly runningMean: StateBuffer;
  readonly runningVar: StateBuffer;
  readonly parameters: readonly Parameter[];
  readonly buffers: readonly StateBuffer[];
  readonly momentum: number;
  readonly eps: number;
  /** Values per sample that share a channel's statistics: H·W for images, 1 for features. */
  private readonly spatial: number;
  private readonly normalized: BatchBuffer;
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly invStd: Float32Array;
  private lastTraining = true;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: BatchNormOptions = {},
  ) {
    const { momentum, eps } = schema.resolve(options);
    if ((inputShape.length !== 1 && inputShape.length !== 3) || !inputShape.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new ConfigError(`batchnorm ${name}: input must be features [n] or an image [channels, height, width] of whole sizes ≥ 1, got shape [${inputShape.join(', ')}]`);
    }
    this.momentum = momentum;
    this.eps = eps;
    this.inputShape = [...inputShape];
    this.outputShape = this.inputShape;
    this.channels = inputShape[0];
    this.spatial = inputShape.length === 3 ? inputShape[1] * inputShape[2] : 1;
    this.inputSize = this.channels * this.spatial;
    this.outputSize = this.inputSize;
    const channels = this.channels;
    // PyTorch state-dict names: weight (γ), bias (β), running_mean, running_var.
    this.scale = createParameter(name, 'weight', [channels], 'scale');
    this.shift = createParameter(name, 'bias', [channels], 'shift');
    this.scale.value.fill(1);
    this.parameters = [this.scale, this.shift];
    this.runningMean = { name: `${name}.running_mean`, shape: [channels], value: new Float32Array(channels) };
    this.runningVar = { name: `${name}.running_var`, shape: [channels], value: new Float32Array(channels).fill(1) };
    this.buffers = [this.runningMean, this.runningVar];
    this.normalized = new BatchBuffer(this.inputSize);
    this.out = new BatchBuffer(this.inputSize);
    this.gradInput = new BatchBuffer(this.inputSize);
    this.invStd = new Float32Array(channels);
  }

  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array {
    const width = this.inputSize;
    const spatial = this.spatial;
    const count = batch * spatial;
    const xHat = this.normalized.forBatch(batch);
    const y = this.out.forBatch(batch);
    const gamma = this.scale.value;
    const beta = this.shift.value;
    this.lastTraining = context.training;
    if (context.training && count < 2) {
      throw new ConfigError(`batchnorm ${this.name}: a training batch of ${batch} sample has no variance; use a batch of at least 2`);
    }
    for (let c = 0; c < this.channels; c++) {
      const first = c * spatial;
      let mean: number;
      let variance: number;
      if (context.training) {
        mean = 0;
        for (let row = first; row < batch * width; row += width) {
          for (let k = row; k < row + spatial; k++) mean += input[k];
        }
        mean /= count;
        variance = 0;
        for (let row = first; row < batch * width; row += width) {
          for (let k = row; k < row + spatial; k++) {
            const d = input[k] - mean;
            variance += d * d;
          }
        }
        variance /= count;
        const m = this.momentum;
        this.runningMean.value[c] = (1 - m) * this.runningMean.value[c] + m * mean;
        this.runningVar.value[c] = (1 - m) * this.runningVar.value[c] + m * variance * (count / (count - 1));
      } else {
        mean = this.runningMean.value[c];
        variance = this.runningVar.value[c];
      }
      const invStd = 1 / Math.sqrt(variance + this.eps);
      this.invStd[c] = invStd;
      for (let row = first; row < batch * width; row += width) {
        for (let k = row; k < row + spatial; k++) {
          xHat[k] = (input[k] - mean) * invStd;
          y[k] = gamma[c] * xHat[k] + beta[c];
        }
      }
    }
    return y;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const width = this.inputSize;
    const spatial = this.spatial;
    const count = batch * spatial;
    const xHat = this.normalized.forBatch(batch);
    const gradInput = this.gradInput.forBatch(batch);
    const gamma = this.scale.value;
    for (let c = 0; c < this.channels; c++) {
      const first = c * spatial;
      let sumGrad = 0;
      let sumGradDotNormalized = 0;
      for (let row = first; row < batch * width; row += width) {
        for (let k = row; k < row + spatial; k++) {
          sumGrad += gradOutput[k];
          sumGradDotNormalized += gradOutput[k] * xHat[k];
        }
      }
      this.shift.grad[c] = sumGrad;
      this.scale.grad[c] = sumGradDotNormalized;
      const scaled = gamma[c] * this.invStd[c];
      for (let row = first; row < batch * width; row += width) {
        for (let k = row; k < row + spatial; k++) {
          gradInput[k] = this.lastTraining
            ? // Σdx̂ = γΣdy and Σ(dx̂·x̂) = γΣ(dy·x̂), so both sums are shared with dβ and dγ.
              (scaled / count) * (count * gradOutput[k] - sumGrad - xHat[k] * sumGradDotNormalized)
            : scaled * gradOutput[k];
        }
      }
    }
    return gradInput;
  }
}

/** `batchnorm` in the language: BatchNorm1d on features, BatchNorm2d on images. */
export const batchNormLayer: LayerEntry = {
  name: 'batchnorm',
  aliases: ['BatchNorm1d', 'BatchNorm2d', 'BatchNormalization', 'batch_norm'],
  params: batchNormParams,
  positional: 0,
  conceptOptions: {},
  inputRanks: [1, 3],
  batchCoupled: true,
  outputShape: (input) => [...input],
  parameterCount: (input) => 2 * input[0],
  create: (name, input, config) => new BatchNorm(name, input, optionsOf<BatchNormOptions>(config)),
};
