import type { ParamValue } from './params';
import { Registry } from './registry';
import { classificationMetrics } from './metrics/classification';
import type { Metric, MetricEntry } from './metrics/metric';
import { regressionMetrics } from './metrics/regression';
import { rocMetrics } from './metrics/roc';

/**
 * Metrics: numbers that report how well a model does, not objectives to
 * train on. Each is a plain function over a batch×width block of predictions
 * and its targets (dense or class indices, as losses take them) and a registry
 * entry for the language (`metrics accuracy f1 auc`). Metrics allocate small
 * scratch buffers; they run per evaluation, not inside the training step.
 */

export { MetricError, type Metric, type MetricEntry, type Values } from './metrics/metric';
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
} from './metrics/classification';
export { auc, rocAuc, rocCurve, type RocPoint } from './metrics/roc';
export { meanAbsoluteError, meanSquaredError, rootMeanSquaredError } from './metrics/regression';

/** Every metric by name (Keras spelling; other common spellings as aliases). */
export const metrics = new Registry<MetricEntry>('metric', [...classificationMetrics, ...rocMetrics, ...regressionMetrics]);

/** A metric by name, e.g. createMetric('top_k_accuracy', { k: 3 }). */
export function createMetric(name: string, options?: Readonly<Record<string, ParamValue>>): Metric {
  return metrics.get(name).create(options);
}
