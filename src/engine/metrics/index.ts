import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { classificationMetrics } from './classification';
import type { Metric, MetricEntry } from './metric';
import { regressionMetrics } from './regression';
import { rocMetrics } from './roc';
import { sequenceMetrics } from './sequence';

/**
 * Metrics: numbers that report how well a model does, not objectives to
 * train on. Each is a plain function over a batch×width block of predictions
 * and its targets (dense or class indices, as losses take them; sequence
 * metrics also take the timesteps per sample) and a registry
 * entry for the language (`metrics accuracy f1 auc`). Metrics allocate small
 * scratch buffers; they run per evaluation, not inside the training step.
 */

export { MetricError, type Metric, type MetricEntry, type Values } from './metric';
export {
  accuracy,
  confusionMatrix,
  f1,
  precision,
  recall,
  topKAccuracy,
  type ConfusionMatrix,
  type ThresholdOptions,
  type TopKOptions,
} from './classification';
export { auc, rocAuc, rocCurve, type RocPoint } from './roc';
export { meanAbsoluteError, meanSquaredError, rootMeanSquaredError } from './regression';
export {
  bleu,
  corpusBleu,
  rouge1,
  rouge2,
  rougeL,
  rougeLScore,
  rougeNScore,
  sequencePairs,
  type BleuOptions,
  type RougeOptions,
  type RougeScore,
  type SequencePairs,
  type Tokens,
} from './sequence';

/** Every metric by name (Keras spelling; other common spellings as aliases). */
export const metrics = new Registry<MetricEntry>('metric', [...classificationMetrics, ...rocMetrics, ...regressionMetrics, ...sequenceMetrics]);

/** A metric by name, e.g. createMetric('top_k_accuracy', { k: 3 }). */
export function createMetric(name: string, options?: Readonly<Record<string, ParamValue>>): Metric {
  return metrics.get(name).create(options);
}
