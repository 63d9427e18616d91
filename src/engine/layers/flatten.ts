import { ConfigError } from '../errors';
import { ParamSchema } from '../params';
import type { ForwardContext, Layer } from './layer';
import { sizeOf, type LayerEntry } from './layer-entry';

/** `flatten` takes no parameters. */
export const flattenParams = new ParamSchema('flatten', {});

/**
 * Flatten (PyTorch's nn.Flatten, Keras's Flatten): [C, H, W] → [C·H·W].
 * A sample is already one row-major block, so the layer is a view: forward
 * returns its input and backward its gradient, the same arrays, copying nothing.
 */
export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters = [];
  readonly buffers = [];

  constructor(
    readonly name: string,
    inputShape: readonly number[],
  ) {
    if (inputShape.length < 1 || !inputShape.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new ConfigError(`flatten ${name}: input shape must be whole sizes ≥ 1, got [${inputShape.join(', ')}]`);
    }
    this.inputShape = [...inputShape];
    this.inputSize = inputShape.reduce((product, n) => product * n, 1);
    this.outputSize = this.inputSize;
    this.outputShape = [this.outputSize];
  }

  forward(input: Float32Array, _batch: number, _context: ForwardContext): Float32Array {
    return input;
  }

  backward(gradOutput: Float32Array, _batch: number): Float32Array {
    return gradOutput;
  }
}

/** `flatten`: one sample's values as one vector, in their row-major order (as PyTorch's Flatten). */
export const flattenLayer: LayerEntry = {
  name: 'flatten',
  aliases: [],
  params: flattenParams,
  positional: 0,
  conceptOptions: {},
  inputRanks: [2, 3],
  outputShape: (input) => [sizeOf(input)],
  parameterCount: () => 0,
  create: (name, input) => new Flatten(name, input),
};
