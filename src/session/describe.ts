import type { PreparedData } from './data';
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

/** The model layer by layer with its parameter count, once the input width is known. */
export function describeModel(layers: readonly LayerSpec[], inputs: number | undefined): string[] {
  let width = inputs;
  let total = 0;
  const lines = layers.map((layer, index) => {
    let params = 0;
    let text: string;
    if (layer.kind === 'dense') {
      params = width === undefined ? Number.NaN : width * layer.units + (layer.bias ? layer.units : 0);
      text = `dense ${layer.units} ${layer.activation.name}${layer.init ? ` init=${layer.init.name}` : ''}`;
      width = layer.units;
    } else if (layer.kind === 'batchnorm') {
      params = width === undefined ? Number.NaN : 2 * width;
      text = 'batchnorm';
    } else {
      text = `dropout ${layer.rate}`;
    }
    total += params;
    return `  ${index}: ${text}${Number.isNaN(params) ? '' : ` — ${count(params)} parameters`}`;
  });
  const head = inputs === undefined ? `model: ${layers.length} layers (parameter count once data is declared)` : `model: ${layers.length} layers, ${count(total)} trainable parameters, ${inputs} inputs`;
  return [head, ...lines];
}
