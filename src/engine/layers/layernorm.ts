import { ConfigError } from '../errors';
import { ParamSchema, number, type Options } from '../params';
import { createParameter, type Parameter } from '../parameter';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerEntry } from './layer-entry';

const schema = new ParamSchema('layernorm', {
  eps: number({ default: 1e-5, min: 0, minExclusive: true, doc: 'ε added to each row’s variance before the square root (PyTorch 1e-5; Keras 1e-3)' }),
});

/** The options of `layernorm` as the language writes them. */
export const layerNormParams = schema;

/** How a layer norm is built: the language options plus what the model builder knows. */
export type LayerNormOptions = Options<typeof schema.specs> & {
  /** Skip dL/dx for the first layer, where nobody reads it. */
  readonly needsInputGradient?: boolean;
};

/**
 * Normalizes each of `rows` rows of `width` values, y = γ·x̂ + β with
 * x̂ = (x − μ)/√(σ² + ε) over the row (biased σ², as PyTorch). Keeps x̂ in
 * `normalized` and 1/√(σ² + ε) per row in `invStd` for the backward pass.
 */
export function layerNormForward(
  input: Float32Array, output: Float32Array, normalized: Float32Array, invStd: Float32Array,
  rows: number, width: number, gamma: Float32Array, beta: Float32Array, eps: number,
): void {
  for (let row = 0, at = 0; row < rows; row++, at += width) {
    let mean = 0;
    for (let j = 0; j < width; j++) mean += input[at + j];
    mean /= width;
    let variance = 0;
    for (let j = 0; j < width; j++) {
      const d = input[at + j] - mean;
      variance += d * d;
    }
    const scale = 1 / Math.sqrt(variance / width + eps);
    invStd[row] = scale;
    for (let j = 0; j < width; j++) {
      const xHat = (input[at + j] - mean) * scale;
      normalized[at + j] = xHat;
      output[at + j] = gamma[j] * xHat + beta[j];
    }
  }
}

/**
 * The backward pass of `layerNormForward`. Writes dγ = Σ dy·x̂ and dβ = Σ dy
 * over all rows into the float64 sums, and, unless `gradInput` is undefined,
 * dx = (1/√(σ² + ε))·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = γ·dy; with
 * `accumulate` dx is added to what `gradInput` holds (a residual branch).
 */
export function layerNormBackward(
  gradOutput: Float32Array, normalized: Float32Array, invStd: Float32Array, rows: number, width: number,
  gamma: Float32Array, gradGamma: Float64Array, gradBeta: Float64Array,
  gradInput: Float32Array | undefined, accumulate = false,
): void {
  gradGamma.fill(0);
  gradBeta.fill(0);
  for (let row = 0, at = 0; row < rows; row++, at += width) {
    let sumGradHat = 0;
    let sumGradHatDotNormalized = 0;
    for (let j = 0; j < width; j++) {
      const dy = gradOutput[at + j];
      const xHat = normalized[at + j];
      gradGamma[j] += dy * xHat;
      gradBeta[j] += dy;
      const gradHat = dy * gamma[j];
      sumGradHat += gradHat;
      sumGradHatDotNormalized += gradHat * xHat;
    }
    if (!gradInput) continue;
    const meanGradHat = sumGradHat / width;
    const meanGradHatDotNormalized = sumGradHatDotNormalized / width;
    const scale = invStd[row];
    for (let j = 0; j < width; j++) {
      const dx = scale * (gradOutput[at + j] * gamma[j] - meanGradHat - normalized[at + j] * meanGradHatDotNormalized);
      gradInput[at + j] = accumulate ? gradInput[at + j] + dx : dx;
    }
  }
}

/**
 * Layer normalization (Ba, Kiros & Hinton 2016) over the last axis of any
 * input shape, as nn.LayerNorm(shape[-1]): every sample and timestep is
 * normalized on its own, the same in training and evaluation, then scaled by
 * γ (`weight`, ones) and shifted by β (`bias`, zeros).
 */
export class LayerNorm implements Layer {
  readonly kind = 'layernorm';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly scale: Parameter;
  readonly shift: Parameter;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  readonly eps: number;
  /** The normalized axis: the last of the input shape. */
  readonly width: number;
  private readonly rowsPerSample: number;
  private readonly needsInputGradient: boolean;
  private readonly normalized: BatchBuffer;
  private readonly invStd: BatchBuffer;
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly gradGamma: Float64Array;
  private readonly gradBeta: Float64Array;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: LayerNormOptions = {},
  ) {
    const { needsInputGradient, ...languageOptions } = options;
    this.eps = schema.resolve(languageOptions).eps;
    if (inputShape.length < 1 || inputShape.some((size) => !Number.isInteger(size) || size < 1)) {
      throw new ConfigError(`layernorm ${name}: input shape must be one or more whole numbers ≥ 1, got [${inputShape.join(', ')}]`);
    }
    this.inputShape = [...inputShape];
    this.outputShape = this.inputShape;
    this.width = inputShape[inputShape.length - 1];
    this.inputSize = inputShape.reduce((product, size) => product * size, 1);
    this.outputSize = this.inputSize;
    this.rowsPerSample = this.inputSize / this.width;
    this.needsInputGradient = needsInputGradient ?? true;
    // PyTorch state-dict names: weight (γ), bias (β).
    this.scale = createParameter(name, 'weight', [this.width], 'scale');
    this.shift = createParameter(name, 'bias', [this.width], 'shift');
    this.scale.value.fill(1);
    this.parameters = [this.scale, this.shift];
    this.normalized = new BatchBuffer(this.inputSize);
    this.invStd = new BatchBuffer(this.rowsPerSample);
    this.out = new BatchBuffer(this.inputSize);
    this.gradInput = new BatchBuffer(this.inputSize);
    this.gradGamma = new Float64Array(this.width);
    this.gradBeta = new Float64Array(this.width);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const out = this.out.forBatch(batch);
    layerNormForward(input, out, this.normalized.forBatch(batch), this.invStd.forBatch(batch), batch * this.rowsPerSample, this.width, this.scale.value, this.shift.value, this.eps);
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const gradInput = this.gradInput.forBatch(batch);
    layerNormBackward(
      gradOutput, this.normalized.forBatch(batch), this.invStd.forBatch(batch), batch * this.rowsPerSample, this.width,
      this.scale.value, this.gradGamma, this.gradBeta, this.needsInputGradient ? gradInput : undefined,
    );
    this.scale.grad.set(this.gradGamma);
    this.shift.grad.set(this.gradBeta);
    return gradInput;
  }
}

/** `layernorm` in the language: features or a sequence, normalized over the last axis and kept in shape. */
export const layerNormLayer: LayerEntry = {
  name: 'layernorm',
  aliases: ['LayerNorm', 'LayerNormalization', 'layer_norm'],
  params: layerNormParams,
  positional: 0,
  conceptOptions: {},
  inputRanks: [1, 2],
  outputShape: (input) => [...input],
  parameterCount: (input) => 2 * input[input.length - 1],
  create: (name, input, config, _rng, isFirst) => new LayerNorm(name, input, { ...optionsOf<LayerNormOptions>(config), needsInputGradient: !isFirst }),
};
