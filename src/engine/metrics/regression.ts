import { checkBatch, targetAt } from '../losses/targets';
import { ParamSchema } from '../params';
import { metricEntry, type MetricEntry, type Values } from './metric';

/**
 * Regression metrics: means over every element of batch × width, as the
 * losses of the same name (here as a report, not a training objective).
 */

function meanOf(owner: string, power: 1 | 2, predictions: Values, targets: Values, batch: number, width: number): number {
  const layout = checkBatch(owner, predictions, targets, batch, width);
  let sum = 0;
  for (let i = 0; i < batch; i++) {
    for (let j = 0; j < width; j++) {
      const error = Math.abs(predictions[i * width + j] - targetAt(targets, layout, i, j, width));
      sum += power === 2 ? error * error : error;
    }
  }
  return sum / (batch * width);
}

/** Mean squared error (1/n) Σ (ŷ − y)². */
export function meanSquaredError(predictions: Values, targets: Values, batch: number, width: number): number {
  return meanOf('metric mse', 2, predictions, targets, batch, width);
}

/** Mean absolute error (1/n) Σ |ŷ − y|. */
export function meanAbsoluteError(predictions: Values, targets: Values, batch: number, width: number): number {
  return meanOf('metric mae', 1, predictions, targets, batch, width);
}

/** Root mean squared error √((1/n) Σ (ŷ − y)²), in the targets' units. */
export function rootMeanSquaredError(predictions: Values, targets: Values, batch: number, width: number): number {
  return Math.sqrt(meanOf('metric rmse', 2, predictions, targets, batch, width));
}

/** Registry entries for the regression metrics. */
export const regressionMetrics: MetricEntry[] = [
  metricEntry('mse', ['mean_squared_error'], new ParamSchema('metric mse', {}), meanSquaredError),
  metricEntry('mae', ['mean_absolute_error'], new ParamSchema('metric mae', {}), meanAbsoluteError),
  metricEntry('rmse', ['root_mean_squared_error'], new ParamSchema('metric rmse', {}), rootMeanSquaredError),
];
