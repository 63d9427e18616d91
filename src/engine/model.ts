import type { Activation } from './activations';
import { ConfigError } from './errors';
import type { Initializer } from './initializers';
import { BatchNorm, type BatchNormOptions } from './layers/batchnorm';
import { Dense } from './layers/dense';
import { Dropout, type DropoutOptions } from './layers/dropout';
import type { ForwardContext, Layer } from './layers/layer';
import type { Parameter, StateBuffer } from './parameter';
import type { Rng } from './rng';

/** One layer as a model declares it; names are resolved before this point. */
export type LayerConfig =
  | {
      readonly kind: 'dense';
      readonly units: number;
      readonly activation?: Activation;
      /** Default glorot_uniform (Keras's default). */
      readonly kernelInitializer?: Initializer;
      /** Default zeros. */
      readonly biasInitializer?: Initializer;
      readonly useBias?: boolean;
    }
  | ({ readonly kind: 'batchnorm' } & BatchNormOptions)
  | ({ readonly kind: 'dropout' } & DropoutOptions);

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
  readonly outputSize: number;
  /**
   * Each layer's output from the last forward pass (batch×width), so
   * telemetry can measure activations without a second pass. Valid until the
   * next forward.
   */
  readonly layerOutputs: Float32Array[];

  constructor(
    readonly inputSize: number,
    configs: readonly LayerConfig[],
    rng: Rng,
  ) {
    if (!Number.isInteger(inputSize) || inputSize < 1) throw new ConfigError(`model: input size must be a whole number ≥ 1, got ${inputSize}`);
    if (configs.length === 0) throw new ConfigError('model: declare at least one layer');
    const layers: Layer[] = [];
    let width = inputSize;
    configs.forEach((config, index) => {
      const name = String(index);
      const layer = buildLayer(name, width, config, rng, index === 0);
      layers.push(layer);
      width = layer.outputSize;
    });
    this.layers = layers;
    this.outputSize = width;
    this.layerOutputs = layers.map(() => new Float32Array(0));
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
    for (let i = layerIndex - 1; i >= 0; i--) grad = this.layers[i].backward(grad, batch);
  }

  get outputLayer(): Layer {
    return this.layers[this.layers.length - 1];
  }

  /** The dense layers, in order. */
  get denseLayers(): Dense[] {
    return this.layers.filter((layer): layer is Dense => layer instanceof Dense);
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

function buildLayer(name: string, inputSize: number, config: LayerConfig, rng: Rng, isFirst: boolean): Layer {
  switch (config.kind) {
    case 'dense':
      return new Dense(name, inputSize, { ...config, needsInputGradient: !isFirst }, rng);
    case 'batchnorm': {
      const { kind: _kind, ...options } = config;
      return new BatchNorm(name, inputSize, options);
    }
    case 'dropout': {
      const { kind: _kind, ...options } = config;
      return new Dropout(name, inputSize, options);
    }
  }
}
