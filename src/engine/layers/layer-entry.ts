import type { ParamList, ParamValue } from '../params';
import type { NamedEntry } from '../registry';
import type { Rng } from '../rng';
import { isActivated, type Layer } from './layer';

/**
 * One layer as a model declares it: its registered kind and the typed options
 * its class takes (`{ kind: 'dense', units: 4, activation: relu }`). Names are
 * resolved before this point: activations and initializers are built objects.
 */
export interface LayerConfig {
  readonly kind: string;
  readonly [option: string]: unknown;
}

/**
 * An option whose value is another concept (`dense 32 relu init=he_normal`):
 * the family it names, the field of the layer's config the built concept goes
 * in, and what a `compare` over that family replaces.
 */
export interface ConceptOption {
  readonly kind: 'activation' | 'initializer';
  readonly field: string;
  /** `compare init=[…]` replaces the kernel's initializer, `recurrent_init=[…]` a recurrent layer's, `activation=[…]` the hidden layers' activation. */
  readonly comparedAs?: 'init' | 'recurrent_init' | 'activation';
}

/** A layer's options in language spelling: literal values, and the concepts some of them name. */
export interface LayerDescription {
  readonly kind: string;
  readonly options: Readonly<Record<string, ParamValue>>;
  readonly concepts: Readonly<Record<string, { readonly name: string; readonly options: Readonly<Record<string, ParamValue>> }>>;
}

/**
 * What the language, the session and the model builder know of one layer:
 * its parameters as the language writes them, the shapes it reads and makes,
 * and how to build it. A new layer is one file that exports its class and
 * this entry, and one line in `./index`.
 */
export interface LayerEntry extends NamedEntry {
  /** Every parameter as the language writes it, concept-valued ones included, in the order positional values fill them. */
  readonly params: ParamList;
  /** How many leading parameters may be written without their names (`dense 32 relu`). */
  readonly positional: number;
  /** Parameters whose value names an activation or an initializer, by language name. */
  readonly conceptOptions: Readonly<Record<string, ConceptOption>>;
  /** Ranks of the per-sample input the layer reads: 1 for features, 2 for [timesteps, features], 3 for [channels, height, width]. */
  readonly inputRanks: readonly number[];
  /** Statistics over the whole batch (batch norm): the batch cannot be split across threads. */
  readonly batchCoupled?: boolean;
  /** One sample's output shape, without building anything; a ConfigError (naming the layer by `name`) says why an input does not fit. */
  outputShape(inputShape: readonly number[], config: LayerConfig, name?: string): number[];
  /** Trainable values the layer would hold, without allocating them (for size limits). */
  parameterCount(inputShape: readonly number[], config: LayerConfig): number;
  /** The positions the built layer takes in the equivalent `nn.Sequential` (default 1): a dense layer with an activation is Linear and the activation. */
  torchModules?(layer: Layer): number;
  create(name: string, inputShape: readonly number[], config: LayerConfig, rng: Rng, isFirst: boolean): Layer;
}

/** The concepts a layer with a kernel and a fused activation names (dense, conv2d), and what compare replaces. */
export const KERNEL_CONCEPTS: Readonly<Record<string, ConceptOption>> = {
  activation: { kind: 'activation', field: 'activation', comparedAs: 'activation' },
  init: { kind: 'initializer', field: 'kernelInitializer', comparedAs: 'init' },
  bias_init: { kind: 'initializer', field: 'biasInitializer' },
};

/** nn.Sequential positions of a layer with a fused activation: the layer, and the activation's module unless linear. */
export function withActivationModule(layer: Layer): number {
  return isActivated(layer) && layer.activation.name !== 'linear' ? 2 : 1;
}

/** The number of values in one sample of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** A config's options without its kind, for a class whose options schema knows only its own parameters. */
export function optionsOf<T>(config: LayerConfig): T {
  const { kind: _kind, ...options } = config;
  return options as T;
}
