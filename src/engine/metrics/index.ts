import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { classificationMetrics } from './classification';
import type { Metric, MetricEntry } from './metric';
import { regressionMetrics } from './regression';
import { rocMetrics } from './roc';

/**
 * Metrics: numbers that report how well a model does, not objectives to
 * train on. Each is a plain function over a batch×width block of predictions
 * and its targets (dense or class indices, as losses take them) and a registry
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

/** Every metric by name (Keras spelling; other common spellings as aliases). */
export const metrics = new Registry<MetricEntry>('metric', [...classificationMetrics, ...rocMetrics, ...regressionMetrics]);

/** A metric by name, e.g. createMetric('top_k_accuracy', { k: 3 }). */
export function createMetric(name: string, options?: Readonly<Record<string, ParamValue>>): Metric {
  return metrics.get(name).create(options);
}
