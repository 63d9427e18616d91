import { ConfigError } from './errors';
import { Dense } from './layers/dense';
import { layerInputShapes, layers as layerEntries, sizeOf, type LayerConfig } from './layers';
import { isActivated, type ActivatedLayer, type ForwardContext, type Layer } from './layers/layer';
import type { Parameter, StateBuffer } from './parameter';
import type { Rng } from './rng';

export type { LayerConfig } from './layers';

/** A named tensor of the model's state: a parameter's or a buffer's values. */
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
}

/** Tensors copied, so later training cannot change them. */
export function copyTensors(tensors: readonly NamedTensor[]): NamedTensor[] {
  return tensors.map((t) => ({ name: t.name, shape: [...t.shape], value: t.value.slice() }));
}

/**
 * A stack of layers applied in order, as Keras's Sequential and PyTorch's
 * nn.Sequential. Layers are named by position (`0`, `1`, …) so parameter names
 * read as PyTorch state-dict keys (`0.weight`).
 */
export class Sequential {
  readonly layers: readonly Layer[];
  /** One sample's input shape: [features], [channels, height, width] or [timesteps, features]. */
  readonly inputShape: readonly number[];
  readonly inputSize: number;
  /** One sample's output shape: [units], or [timesteps, units] for a model that returns sequences. */
  readonly outputShape: readonly number[];
  readonly outputSize: number;
  /** Scores per prediction: the last axis of the output (units, or classes). */
  readonly outputWidth: number;
  /** Predictions per sample: 1, or the timesteps of a model that returns sequences, each scored by the loss as a row of its own. */
  readonly outputSteps: number;
  /**
   * Each layer's output from the last forward pass (batch×width), so
   * telemetry can measure activations without a second pass. Valid until the
   * next forward.
   */
  readonly layerOutputs: Float32Array[];
  /** The first layer with weights that trains: every layer below it is frozen or has none, so backward stops there. */
  private readonly firstTrained: number;

  constructor(input: number | readonly number[], configs: readonly LayerConfig[], rng: Rng) {
    const shape = typeof input === 'number' ? [input] : [...input];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) throw new ConfigError(`model: input size must be a whole number ≥ 1, got ${shape.join('×')}`);
    if (configs.length === 0) throw new ConfigError('model: declare at least one layer');
    const { inputs, outputs: outputShapes } = layerInputShapes(shape, configs);
    this.inputShape = shape;
    this.inputSize = sizeOf(shape);
    this.layers = configs.map((config, index) => layerEntries.get(config.kind).create(String(index), inputs[index], config, rng, index === 0));
    this.outputShape = outputShapes[outputShapes.length - 1];
    this.outputSize = sizeOf(this.outputShape);
    this.outputWidth = this.outputShape[this.outputShape.length - 1];
    this.outputSteps = this.outputSize / this.outputWidth;
    this.layerOutputs = this.layers.map(() => new Float32Array(0));
    this.firstTrained = Math.max(0, this.layers.findIndex((layer) => !layer.frozen && layer.parameters.length > 0));
  }

  /** Runs the batch through every layer; the result belongs to the last layer. */
  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array {
    if (input.length < batch * this.inputSize) {
      throw new ConfigError(`model: input holds ${input.length} values, a batch of ${batch} needs ${batch * this.inputSize}`);
    }
    let activations = input.length === batch * this.inputSize ? input : input.subarray(0, batch * this.inputSize);
    for (let i = 0; i < this.layers.length; i++) {
      activations = this.layers[i].forward(activations, batch, context);
      this.layerOutputs[i] = activations;
    }
    return activations;
  }

  /** Backpropagates dL/doutput through every layer, writing each parameter's grad. */
  backward(gradOutput: Float32Array, batch: number): void {
    this.backwardFrom(this.layers.length - 1, this.layers[this.layers.length - 1].backward(gradOutput, batch), batch);
  }

  /**
   * Backpropagates from dL/dz of the output layer, skipping its activation:
   * the fused softmax/sigmoid + cross-entropy path.
   */
  backwardFromLogits(gradLogits: Float32Array, batch: number): void {
    const last = this.outputLayer;
    if (!(last instanceof Dense)) throw new ConfigError('model: the fused loss gradient needs a dense output layer');
    this.backwardFrom(this.layers.length - 1, last.backwardFromPreactivation(gradLogits, batch), batch);
  }

  private backwardFrom(layerIndex: number, gradInput: Float32Array, batch: number): void {
    let grad = gradInput;
    for (let i = layerIndex - 1; i >= this.firstTrained; i--) grad = this.layers[i].backward(grad, batch);
  }

  get outputLayer(): Layer {
    return this.layers[this.layers.length - 1];
  }

  /** The layers with a kernel and an activation (dense, conv2d), in order. */
  get activatedLayers(): ActivatedLayer[] {
    return this.layers.filter(isActivated);
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((layer) => layer.parameters);
  }

  buffers(): StateBuffer[] {
    return this.layers.flatMap((layer) => layer.buffers);
  }

  /** Every parameter and buffer by PyTorch state-dict name, in layer order. */
  stateDict(): NamedTensor[] {
    return this.layers.flatMap((layer) => [...layer.parameters, ...layer.buffers]);
  }

  /** Copies values in by name; reports every missing, unexpected or misshapen tensor at once. */
  loadStateDict(tensors: readonly NamedTensor[]): void {
    const own = new Map(this.stateDict().map((tensor) => [tensor.name, tensor]));
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const tensor of tensors) {
      const target = own.get(tensor.name);
      seen.add(tensor.name);
      if (target === undefined) problems.push(`unexpected tensor '${tensor.name}'`);
      else if (target.shape.join('×') !== tensor.shape.join('×') || target.value.length !== tensor.value.length) {
        problems.push(`'${tensor.name}' has shape [${tensor.shape.join(', ')}], the model needs [${target.shape.join(', ')}]`);
      }
    }
    for (const name of own.keys()) if (!seen.has(name)) problems.push(`missing tensor '${name}'`);
    if (problems.length > 0) throw new ConfigError(`model: cannot load weights: ${problems.join('; ')}`);
    for (const tensor of tensors) own.get(tensor.name)!.value.set(tensor.value);
  }
}
