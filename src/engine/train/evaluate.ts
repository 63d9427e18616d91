import { ConfigError } from '../errors';
import type { Loss } from '../losses';
import { MetricError, type Metric } from '../metrics';
import type { Sequential } from '../model';
import type { Rng } from '../rng';

/** Samples per forward pass when evaluating: bounds the layers' scratch memory. */
export const EVALUATION_CHUNK = 512;

/** Loss and metrics of a model on a whole set of samples. */
export interface Evaluation {
  readonly loss: number;
  readonly metrics: Record<string, number>;
  /** count×outputs predictions, owned by the Evaluator and overwritten by its next call. */
  readonly predictions: Float32Array;
}

/**
 * Runs a model over a whole data set in evaluation mode (dropout off, batch
 * norm on its running statistics), in chunks, and scores the predictions.
 */
export class Evaluator {
  private predictions = new Float32Array(0);

  constructor(
    private readonly model: Sequential,
    private readonly loss: Loss,
    private readonly metrics: readonly Metric[],
    private readonly rng: Rng,
  ) {}

  /** `x` is count×inputs; `y` holds targets as the loss takes them. */
  evaluate(x: Float32Array, y: Float32Array, count: number): Evaluation {
    const outputs = this.model.outputSize;
    const inputs = this.model.inputSize;
    if (this.predictions.length !== count * outputs) this.predictions = new Float32Array(count * outputs);
    const context = { training: false, rng: this.rng };
    for (let start = 0; start < count; start += EVALUATION_CHUNK) {
      const size = Math.min(EVALUATION_CHUNK, count - start);
      const out = this.model.forward(x.subarray(start * inputs, (start + size) * inputs), size, context);
      this.predictions.set(out.subarray(0, size * outputs), start * outputs);
    }
    const predictions = this.predictions;
    const metrics: Record<string, number> = {};
    const { outputWidth: width, outputSteps: steps } = this.model;
    for (const metric of this.metrics) metrics[metric.name] = score(metric, predictions, y, count, width, steps);
    return { loss: this.loss.value(predictions, y, count * steps, width), metrics, predictions };
  }
}

/** One metric's score; a metric that cannot score these predictions says so as a MetricError. */
function score(metric: Metric, predictions: Float32Array, y: Float32Array, count: number, width: number, steps: number): number {
  try {
    return metric.compute(predictions, y, count, width, steps);
  } catch (error) {
    if (error instanceof ConfigError && !(error instanceof MetricError)) throw new MetricError(error.message, metric.name);
    throw error;
  }
}
