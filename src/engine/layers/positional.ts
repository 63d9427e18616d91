import { ConfigError } from '../errors';
import { createInitializer, initializers, weightShapeOf, type Initializer } from '../initializers';
import { boolean, choice, ParamSchema } from '../params';
import { createParameter, type Parameter } from '../parameter';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerEntry } from './layer-entry';
import { sumRows } from './row-ops';

const schema = new ParamSchema('positional', {
  learned: boolean({ default: false, doc: 'A trained [timesteps, features] table (`weight`) instead of the fixed sinusoids of Vaswani et al.' }),
  init: choice({
    values: initializers.entries().map((entry) => entry.name),
    default: 'glorot_uniform',
    doc: 'Initializer of the learned table (Keras’s PositionEmbedding default glorot_uniform); unused by the sinusoids.',
  }),
});

/** The options of `positional` as the language writes them. */
export const positionalParams = schema;

/** How a positional encoding is built. */
export interface PositionalOptions {
  /** Learn the table instead of adding fixed sinusoids; default false. */
  readonly learned?: boolean;
  /** Fills the learned table; default the `init` of positionalParams, glorot_uniform. */
  readonly initializer?: Initializer;
}

/** The sinusoid base of Vaswani et al. 2017: wavelengths run from 2π to 10000·2π. */
const WAVELENGTH_BASE = 10000;

/**
 * PE(t, 2i) = sin(t / 10000^(2i/D)), PE(t, 2i+1) = cos(t / 10000^(2i/D)),
 * row-major [timesteps, features], sines and cosines interleaved as in the
 * paper and PyTorch's tutorial. An odd D ends on a sine.
 */
export function sinusoidalTable(timesteps: number, features: number): Float32Array {
  const table = new Float32Array(timesteps * features);
  for (let t = 0; t < timesteps; t++) {
    for (let j = 0; j < features; j++) {
      const pair = j - (j % 2);
      const angle = t / WAVELENGTH_BASE ** (pair / features);
      table[t * features + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/**
 * Adds position information to a [timesteps, features] sequence, which
 * attention alone cannot tell apart: y = x + P, with P the fixed sinusoids
 * (no parameters) or a learned table `weight` [timesteps, features].
 * Backward: dx = dy, and for the learned table dP = Σ_batch dy.
 */
export class PositionalEncoding implements Layer {
  readonly kind = 'positional';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly learned: boolean;
  /** The learned table, or undefined for the sinusoids. */
  readonly weight: Parameter | undefined;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  /** P as added: the sinusoids, or the learned table's values. */
  readonly table: Float32Array;
  private readonly out: BatchBuffer;
  private readonly gradSums: Float64Array;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: PositionalOptions,
    rng: Rng,
  ) {
    if (inputShape.length !== 2 || inputShape.some((size) => !Number.isInteger(size) || size < 1)) {
      throw new ConfigError(`positional ${name}: input shape must be [timesteps, features] of whole numbers ≥ 1, got [${inputShape.join(', ')}]`);
    }
    const [timesteps, features] = inputShape;
    this.inputShape = [timesteps, features];
    this.outputShape = this.inputShape;
    this.inputSize = timesteps * features;
    this.outputSize = this.inputSize;
    this.learned = options.learned ?? schema.specs.learned.default;
    if (this.learned) {
      this.weight = createParameter(name, 'weight', [timesteps, features], 'weight');
      const initializer = options.initializer ?? createInitializer(schema.specs.init.default);
      initializer.fill(this.weight.value, weightShapeOf(this.weight.shape), rng);
      this.table = this.weight.value;
      this.parameters = [this.weight];
    } else {
      this.weight = undefined;
      this.table = sinusoidalTable(timesteps, features);
      this.parameters = [];
    }
    this.out = new BatchBuffer(this.inputSize);
    this.gradSums = new Float64Array(this.learned ? this.inputSize : 0);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const out = this.out.forBatch(batch);
    const size = this.inputSize;
    const table = this.table;
    for (let at = 0; at < out.length; at += size) {
      for (let j = 0; j < size; j++) out[at + j] = input[at + j] + table[j];
    }
    return out;
  }

  /** dx = dy: the incoming array is handed back unchanged, as the identity's gradient. */
  backward(gradOutput: Float32Array, batch: number): Float32Array {
    if (this.weight) sumRows(gradOutput, batch, this.inputSize, this.weight.grad, this.gradSums);
    return gradOutput;
  }
}

/** `positional` in the language: a [timesteps, features] sequence, kept in shape. */
export const positionalLayer: LayerEntry = {
  name: 'positional',
  aliases: ['positional_encoding', 'PositionalEncoding'],
  params: positionalParams,
  positional: 0,
  conceptOptions: { init: { kind: 'initializer', field: 'initializer' } },
  inputRanks: [2],
  outputShape: (input) => [...input],
  parameterCount: (input, config) => ((config as PositionalOptions).learned ? input[0] * input[1] : 0),
  create: (name, input, config, rng) => new PositionalEncoding(name, input, optionsOf<PositionalOptions>(config), rng),
};
