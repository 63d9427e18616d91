import { activations } from '../activations';
import { ConfigError } from '../errors';
import { initializers } from '../initializers';
import { Registry } from '../registry';
import { batchNormLayer } from './batchnorm';
import { conv2dLayer } from './conv2d';
import { flattenLayer } from './flatten';
import { avgPoolLayer, globalAvgPoolLayer, maxPoolLayer } from './pool2d';
import { attentionLayer } from './attention';
import { embeddingLayer } from './embedding';
import { gruLayer } from './gru';
import { layerNormLayer } from './layernorm';
import { lstmLayer } from './lstm';
import { positionalLayer } from './positional';
import { rnnLayer } from './rnn';
import { denseLayer } from './dense';
import { dropoutLayer } from './dropout';
import { sizeOf, type LayerConfig, type LayerDescription, type LayerEntry } from './layer-entry';
import { withTrainableOption } from './trainable';

export type { ConceptOption, LayerConfig, LayerDescription, LayerEntry } from './layer-entry';
export { sizeOf } from './layer-entry';
export { frozenLayerNames, isFrozen, trainableParameters } from './trainable';

/** Every layer by name (Keras spelling; PyTorch class names as aliases), each taking `trainable=false` besides its own options. */
export const layers = new Registry<LayerEntry>('layer', [
  denseLayer,
  batchNormLayer,
  dropoutLayer,
  conv2dLayer,
  maxPoolLayer,
  avgPoolLayer,
  globalAvgPoolLayer,
  flattenLayer,
  embeddingLayer,
  rnnLayer,
  lstmLayer,
  gruLayer,
  layerNormLayer,
  positionalLayer,
  attentionLayer,
].map(withTrainableOption));

/**
 * The typed config of a layer described in language spelling: literal options
 * resolved through its schema (defaults filled), and each concept it names
 * built through its family's registry. The session and helper threads build
 * layers from descriptions through this one function.
 */
export function layerConfig(description: LayerDescription): LayerConfig {
  const entry = layers.get(description.kind);
  const literal = entry.params.resolveNamed(description.options);
  const config: Record<string, unknown> = { kind: entry.name };
  const conceptKeys = new Set(Object.keys(entry.conceptOptions).map((name) => entry.params.describe().find((p) => p.name === name)?.key));
  for (const [key, value] of Object.entries(literal)) if (!conceptKeys.has(key)) config[key] = value;
  for (const [name, option] of Object.entries(entry.conceptOptions)) {
    const ref = description.concepts[name];
    if (ref === undefined) continue;
    const family = option.kind === 'activation' ? activations : initializers;
    config[option.field] = family.get(ref.name).create(ref.options);
  }
  return config as LayerConfig;
}

/**
 * One sample's shape after each layer, checking that each reads what the one
 * before makes: a ConfigError names the layer and the shape it was given.
 * A first layer that can read flat features (dense, dropout, batch norm)
 * takes an image or a sequence flat, as the data's values lie in a row, so an
 * MLP runs on any data; conv2d, the recurrent layers and embedding get the
 * data's own shape.
 */
export function shapesThrough(inputShape: readonly number[], configs: readonly LayerConfig[]): number[][] {
  return layerInputShapes(inputShape, configs).outputs;
}

/** Each layer's input and output shape for one sample; see `shapesThrough`. */
export function layerInputShapes(inputShape: readonly number[], configs: readonly LayerConfig[]): { inputs: number[][]; outputs: number[][] } {
  const inputs: number[][] = [];
  const outputs: number[][] = [];
  let shape = [...inputShape];
  configs.forEach((config, index) => {
    const entry = layers.get(config.kind);
    if (index === 0 && entry.inputRanks.includes(1)) shape = [sizeOf(shape)];
    if (!entry.inputRanks.includes(shape.length)) {
      const input = index === 0 ? `the data's samples have shape [${shape.join(', ')}]` : `its input has shape [${shape.join(', ')}]${fixFor(entry, shape)}`;
      throw new LayerShapeError(index, `${entry.name} (layer ${index}) reads ${entry.inputRanks.map(rankText).join(' or ')}, but ${input}`);
    }
    inputs.push(shape);
    try {
      shape = entry.outputShape(shape, config, String(index));
    } catch (error) {
      if (error instanceof ConfigError) throw new LayerShapeError(index, error.message);
      throw error;
    }
    outputs.push(shape);
  });
  return { inputs, outputs };
}

/** A layer that cannot read what the layer before it makes; `layer` is its position. */
export class LayerShapeError extends ConfigError {
  constructor(
    readonly layer: number,
    message: string,
  ) {
    super(message);
  }
}

function rankText(rank: number): string {
  return rank === 1 ? '[features]' : rank === 2 ? '[timesteps, features]' : '[channels, height, width]';
}

function fixFor(entry: LayerEntry, shape: readonly number[]): string {
  if (shape.length === 3 && entry.inputRanks.includes(1)) return '; put flatten (or global_avgpool) before it';
  if (shape.length === 1 && entry.inputRanks.every((rank) => rank > 1)) return '; it needs images or sequences, and the layers before it make one flat vector per sample';
  return '';
}
