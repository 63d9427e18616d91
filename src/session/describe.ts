import type { PreparedData } from './data';
import { isFrozen, layerConfig, layerInputShapes, LayerShapeError, layers } from '../engine/layers';
import type { LayerSpec } from '../lang/program';

/** "1,155" */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** What the loaded data holds, split by split. */
export function describeData(data: PreparedData): string[] {
  const { full, train, validation, test } = data;
  const task = full.task === 'classification' ? `${full.classes!.length} classes (${full.classes!.slice(0, 10).join(', ')}${full.classes!.length > 10 ? ', …' : ''})` : `regression, ${full.targetWidth} target${full.targetWidth === 1 ? '' : 's'}`;
  const parts = [`train ${count(train.count)}`, ...(validation ? [`validation ${count(validation.count)}`] : []), ...(test ? [`test ${count(test.count)}`] : [])];
  return [
    `data ${full.name}: ${count(full.count)} samples × ${full.features} features, ${task}`,
    `split: ${parts.join(', ')}${data.scaler ? `; features scaled (${data.scaler.kind}, fitted on train)` : ''}`,
  ];
}

/** The model layer by layer with its parameter count, once the data's sample shape is known. */
export function describeModel(specs: readonly LayerSpec[], sampleShape: readonly number[] | undefined): string[] {
  const configs = specs.map((spec) => layerConfig(spec));
  let inputs: number[][] | undefined;
  try {
    inputs = sampleShape && layerInputShapes(sampleShape, configs).inputs;
  } catch (error) {
    // A model that does not fit its data is reported where it runs; here it is listed without counts.
    if (!(error instanceof LayerShapeError)) throw error;
  }
  const counts = configs.map((config, index) => (inputs ? layers.get(config.kind).parameterCount(inputs[index], config) : Number.NaN));
  const frozenText = (index: number) => (isFrozen(configs[index]) ? ' (frozen)' : '');
  const lines = specs.map((spec, index) => `  ${index}: ${layerText(spec)}${Number.isNaN(counts[index]) ? '' : ` — ${count(counts[index])} parameters${frozenText(index)}`}`);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const frozen = counts.reduce((sum, n, index) => sum + (isFrozen(configs[index]) ? n : 0), 0);
  const inputText = sampleShape && (sampleShape.length === 1 ? `${sampleShape[0]} inputs` : `inputs of shape ${sampleShape.join('×')}`);
  // As Keras's summary: total, trainable and non-trainable, once some layer is frozen.
  const parameters = frozen === 0 ? `${count(total)} trainable parameters` : `${count(total)} parameters (${count(total - frozen)} trainable, ${count(frozen)} frozen)`;
  const head = !inputs ? `model: ${specs.length} layers (parameter count once data is declared)` : `model: ${specs.length} layers, ${parameters}, ${inputText}`;
  return [head, ...lines];
}

/** A layer as it could be written: its given values, and its activation even when left to the default. */
function layerText(spec: LayerSpec): string {
  const entry = layers.get(spec.kind);
  const parts = [spec.kind];
  entry.params.describe().forEach((param, index) => {
    const positional = index < entry.positional;
    const value = spec.concepts[param.name]?.name ?? spec.options[param.name] ?? (positional && entry.conceptOptions[param.name] ? param.default : undefined);
    if (value !== undefined) parts.push(positional ? String(value) : `${param.name}=${value}`);
  });
  return parts.join(' ');
}
