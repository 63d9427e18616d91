import { ConfigError } from '../errors';
import { randomNormal, type Initializer } from '../initializers';
import { createParameter, type Parameter } from '../parameter';
import { ParamSchema, requiredNumber, type Options } from '../params';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerConfig, type LayerEntry } from './layer-entry';

const schema = new ParamSchema('embedding', {
  inputDim: requiredNumber({ min: 1, integer: true, doc: 'Vocabulary size: token ids run from 0 to input_dim − 1 (PyTorch num_embeddings).' }),
  outputDim: requiredNumber({ min: 1, integer: true, doc: 'Length of each token’s vector (PyTorch embedding_dim).' }),
});

/** The options of `embedding` as the language writes them (`embedding input_dim=1000 output_dim=16`). */
export const embeddingParams = schema;

/** How an embedding is built: the language options plus the initializer object. */
export type EmbeddingOptions = Options<typeof schema.specs> & {
  /** Fills the table [input_dim, output_dim]; default N(0, 1), as PyTorch's nn.Embedding. */
  readonly embeddingsInitializer?: Initializer;
};

/**
 * A lookup table (./embedding.entry.ts): each sample is [T] token ids stored
 * as floats, and row id of `weight` [input_dim, output_dim] becomes that
 * step's vector, so the output is [T, output_dim]. Backward scatters each
 * step's gradient into its token's row (a token seen twice gets the sum).
 * Token ids are not differentiable: backward returns zeros of the input's
 * size, as nobody upstream can use them.
 */
export class Embedding implements Layer {
  readonly kind = 'embedding';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly inputDim: number;
  readonly outputDim: number;
  readonly weight: Parameter;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private input: Float32Array = new Float32Array(0);

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: EmbeddingOptions,
    rng: Rng,
  ) {
    const { embeddingsInitializer, ...language } = options;
    const { inputDim, outputDim } = schema.resolve(language);
    if (inputShape.length !== 1 || !Number.isInteger(inputShape[0]) || inputShape[0] < 1) {
      throw new ConfigError(`embedding ${name}: input must be [timesteps] of token ids, got [${inputShape.join(', ')}]`);
    }
    const steps = inputShape[0];
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.inputShape = [steps];
    this.outputShape = [steps, outputDim];
    this.inputSize = steps;
    this.outputSize = steps * outputDim;
    this.weight = createParameter(name, 'weight', [inputDim, outputDim], 'weight');
    this.parameters = [this.weight];
    // PyTorch's Embedding fills its table with normal_(0, 1), whatever the size.
    (embeddingsInitializer ?? randomNormal({ stddev: 1 })).fill(
      this.weight.value,
      { rows: inputDim, cols: outputDim, fanIn: outputDim, fanOut: inputDim },
      rng,
    );
    this.out = new BatchBuffer(this.outputSize);
    this.gradInput = new BatchBuffer(steps);
  }

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const width = this.outputDim;
    const table = this.weight.value;
    const out = this.out.forBatch(batch);
    this.input = input;
    for (let position = 0; position < batch * this.inputSize; position++) {
      const id = this.tokenAt(input, position);
      out.set(table.subarray(id * width, (id + 1) * width), position * width);
    }
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const width = this.outputDim;
    const grad = this.weight.grad;
    grad.fill(0);
    for (let position = 0; position < batch * this.inputSize; position++) {
      const row = this.input[position] * width;
      const from = position * width;
      for (let j = 0; j < width; j++) grad[row + j] += gradOutput[from + j];
    }
    return this.gradInput.forBatch(batch);
  }

  /** The id at a flat position, refused with its sample and step when it is no row of the table. */
  private tokenAt(input: Float32Array, position: number): number {
    const id = input[position];
    if (!Number.isInteger(id) || id < 0 || id >= this.inputDim) {
      const sample = Math.floor(position / this.inputSize);
      const step = position % this.inputSize;
      throw new ConfigError(
        `embedding ${this.name}: token id ${id} at sample ${sample}, step ${step} is outside [0, ${this.inputDim}) (input_dim ${this.inputDim})`,
      );
    }
    return id;
  }
}

/** `embedding` in the language (`embedding 1000 16`): [T] token ids to [T, output_dim]. */
export const embeddingLayer: LayerEntry = {
  name: 'embedding',
  aliases: [],
  params: embeddingParams,
  positional: 2,
  conceptOptions: {},
  inputRanks: [1],
  outputShape: (input, config) => [input[0], (config as LayerConfig & EmbeddingOptions).outputDim as number],
  parameterCount: (_input, config) => {
    const { inputDim, outputDim } = config as LayerConfig & EmbeddingOptions;
    return (inputDim as number) * (outputDim as number);
  },
  create: (name, input, config, rng) => new Embedding(name, input, optionsOf<EmbeddingOptions>(config), rng),
};
