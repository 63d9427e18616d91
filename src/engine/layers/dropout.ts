import { ParamSchema, number, type Options } from '../params';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, sizeOf, type LayerEntry } from './layer-entry';

const schema = new ParamSchema('dropout', {
  rate: number({ default: 0.5, min: 0, max: 1, maxExclusive: true, doc: 'probability p that a unit is dropped in training' }),
});

export const dropoutParams = schema;
export type DropoutOptions = Options<typeof schema.specs>;

/**
 * Inverted dropout (Srivastava et al. 2014): in training each unit is kept
 * with probability 1 − p and scaled by 1/(1 − p), so evaluation needs no
 * rescaling and is the identity. Backward multiplies by the same mask.
 */
export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly outputSize: number;

  get outputShape(): readonly number[] {
    return this.inputShape;
  }
  readonly parameters = [];
  readonly buffers = [];
  private readonly mask: BatchBuffer;
  private readonly out: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private lastTraining = false;
  /** Probability p of dropping a unit. */
  readonly rate: number;

  readonly inputShape: readonly number[];
  readonly inputSize: number;

  constructor(
    readonly name: string,
    input: number | readonly number[],
    options: DropoutOptions = {},
  ) {
    this.rate = schema.resolve(options).rate;
    this.inputShape = typeof input === 'number' ? [input] : [...input];
    const inputSize = sizeOf(this.inputShape);
    this.inputSize = inputSize;
    this.outputSize = inputSize;
    this.mask = new BatchBuffer(inputSize);
    this.out = new BatchBuffer(inputSize);
    this.gradInput = new BatchBuffer(inputSize);
  }

  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array {
    this.lastTraining = context.training && this.rate > 0;
    if (!this.lastTraining) return input;
    const mask = this.mask.forBatch(batch);
    const out = this.out.forBatch(batch);
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    for (let i = 0; i < mask.length; i++) {
      mask[i] = context.rng.uniform() < keep ? scale : 0;
      out[i] = input[i] * mask[i];
    }
    return out;
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    if (!this.lastTraining) return gradOutput;
    const mask = this.mask.forBatch(batch);
    const gradInput = this.gradInput.forBatch(batch);
    for (let i = 0; i < mask.length; i++) gradInput[i] = gradOutput[i] * mask[i];
    return gradInput;
  }
}

/** `dropout` in the language: any input shape, kept. */
export const dropoutLayer: LayerEntry = {
  name: 'dropout',
  aliases: [],
  params: dropoutParams,
  positional: 1,
  conceptOptions: {},
  inputRanks: [1, 2, 3],
  outputShape: (input) => [...input],
  parameterCount: () => 0,
  create: (name, input, config) => new Dropout(name, input, optionsOf<DropoutOptions>(config)),
};
