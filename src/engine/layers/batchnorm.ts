import { ConfigError } from '../errors';
import { ParamSchema, number, type Options } from '../params';
import { createParameter, type Parameter, type StateBuffer } from '../parameter';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';

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
 * Batch normalization over features (Ioffe & Szegedy 2015):
 * training: x̂ = (x − μ_B)/√(σ²_B + ε) with the batch's mean and biased
 * variance, y = γx̂ + β, and running statistics updated with momentum (the
 * running variance uses the unbiased batch variance, as PyTorch does);
 * evaluation: the running statistics replace the batch's.
 * Backward (training): dx = (1/N)·(1/√(σ²+ε))·(N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), dx̂ = dy·γ.
 */
export class BatchNorm implements Layer {
  readonly kind = 'batchnorm';
  readonly outputSize: number;
  readonly scale: Parameter;
  readonly shift: Parameter;
  readonly runningMean: StateBuffer;
  readonly runningVar: StateBuffer;
  readonly parameters: readonly Parameter[];
  readonly buffers: readonly StateBuffer[];
  readonly momentum: number;
  readonly eps: number;
  private readonly normalized: BatchBuffer;
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly invStd: Float32Array;
  private readonly sumGrad: Float64Array;
  private readonly sumGradDotNormalized: Float64Array;
  private lastTraining = true;

  get inputShape(): readonly number[] {
    return [this.inputSize];
  }

  get outputShape(): readonly number[] {
    return [this.outputSize];
  }

  constructor(
    readonly name: string,
    readonly inputSize: number,
    options: BatchNormOptions = {},
  ) {
    const { momentum, eps } = schema.resolve(options);
    if (!Number.isInteger(inputSize) || inputSize < 1) throw new ConfigError(`batchnorm ${name}: input size must be a whole number ≥ 1, got ${inputSize}`);
    this.momentum = momentum;
    this.eps = eps;
    this.outputSize = inputSize;
    // PyTorch state-dict names: weight (γ), bias (β), running_mean, running_var.
    this.scale = createParameter(name, 'weight', [inputSize], 'scale');
    this.shift = createParameter(name, 'bias', [inputSize], 'shift');
    this.scale.value.fill(1);
    this.parameters = [this.scale, this.shift];
    this.runningMean = { name: `${name}.running_mean`, shape: [inputSize], value: new Float32Array(inputSize) };
    this.runningVar = { name: `${name}.running_var`, shape: [inputSize], value: new Float32Array(inputSize).fill(1) };
    this.buffers = [this.runningMean, this.runningVar];
    this.normalized = new BatchBuffer(inputSize);
    this.out = new BatchBuffer(inputSize);
    this.gradInput = new BatchBuffer(inputSize);
    this.invStd = new Float32Array(inputSize);
    this.sumGrad = new Float64Array(inputSize);
    this.sumGradDotNormalized = new Float64Array(inputSize);
  }

  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array {
    const width = this.inputSize;
    const xHat = this.normalized.forBatch(batch);
    const y = this.out.forBatch(batch);
    const gamma = this.scale.value;
    const beta = this.shift.value;
    this.lastTraining = context.training;
    if (context.training && batch < 2) {
      throw new ConfigError(`batchnorm ${this.name}: a training batch of ${batch} sample has no variance; use a batch of at least 2`);
    }
    for (let j = 0; j < width; j++) {
      let mean: number;
      let variance: number;
      if (context.training) {
        mean = 0;
        for (let i = 0; i < batch; i++) mean += input[i * width + j];
        mean /= batch;
        variance = 0;
        for (let i = 0; i < batch; i++) {
          const d = input[i * width + j] - mean;
          variance += d * d;
        }
        variance /= batch;
        const m = this.momentum;
        this.runningMean.value[j] = (1 - m) * this.runningMean.value[j] + m * mean;
        this.runningVar.value[j] = (1 - m) * this.runningVar.value[j] + m * variance * (batch / (batch - 1));
      } else {
        mean = this.runningMean.value[j];
        variance = this.runningVar.value[j];
      }
      const invStd = 1 / Math.sqrt(variance + this.eps);
      this.invStd[j] = invStd;
      for (let i = 0; i < batch; i++) {
        const k = i * width + j;
        xHat[k] = (input[k] - mean) * invStd;
        y[k] = gamma[j] * xHat[k] + beta[j];
      }
    }
    return y;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const width = this.inputSize;
    const xHat = this.normalized.forBatch(batch);
    const gradInput = this.gradInput.forBatch(batch);
    const gamma = this.scale.value;
    const sumGrad = this.sumGrad;
    const sumGradDotNormalized = this.sumGradDotNormalized;
    sumGrad.fill(0);
    sumGradDotNormalized.fill(0);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        sumGrad[j] += gradOutput[k];
        sumGradDotNormalized[j] += gradOutput[k] * xHat[k];
      }
    }
    for (let j = 0; j < width; j++) {
      this.shift.grad[j] = sumGrad[j];
      this.scale.grad[j] = sumGradDotNormalized[j];
    }
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        const scaled = gamma[j] * this.invStd[j];
        gradInput[k] = this.lastTraining
          ? // Σdx̂ = γΣdy and Σ(dx̂·x̂) = γΣ(dy·x̂), so both sums are shared with dβ and dγ.
            (scaled / batch) * (batch * gradOutput[k] - sumGrad[j] - xHat[k] * sumGradDotNormalized[j])
          : scaled * gradOutput[k];
      }
    }
    return gradInput;
  }
}
