import { ConfigError } from '../errors';
import type { ParamSchema, ParamSpecs, ParamValue, Resolved } from '../params';
import type { NamedEntry } from '../registry';

/** A metric built with its options: one number for a batch of predictions. */
export interface Metric {
  readonly name: string;
  /** The metric over a batch×width block of predictions and its targets (layouts as losses take them). */
  compute(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number;
}

/** A registered metric: its names, its parameter schema and how to build it. */
export interface MetricEntry extends NamedEntry {
  /** Builds the metric from language spellings (`k=3`, `threshold=0.7`). */
  create(options?: Readonly<Record<string, ParamValue>>): Metric;
}

/** Predictions and targets as metric functions take them: any array of numbers. */
export type Values = ArrayLike<number>;

/** A registry entry whose options are resolved once, when the metric is built. */
export function metricEntry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  compute: (predictions: Values, targets: Values, batch: number, width: number, options: Resolved<S>) => number,
): MetricEntry {
  return {
    name,
    aliases,
    params,
    create: (options = {}) => {
      const resolved = params.resolveNamed(options);
      return { name, compute: (predictions, targets, batch, width) => compute(predictions, targets, batch, width, resolved) };
    },
  };
}

/**
 * A metric that cannot score the model it was given (top-k accuracy on a
 * single output, say). Raised when scoring, so a notebook can point at the
 * `metrics` line rather than at the `train` that ran into it.
 */
export class MetricError extends ConfigError {
  constructor(
    message: string,
    readonly metric: string,
  ) {
    super(message);
  }
}
