import { ConfigError } from '../errors';
import type { ParamSchema, ParamSpecs, Resolved } from '../params';
import { defineEntry, type OptionsEntry } from '../registry';

/** A metric built with its options: one number for a batch of predictions. */
export interface Metric {
  readonly name: string;
  /** The metric over a batch×width block of predictions and its targets (layouts as losses take them). */
  compute(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number;
}

/** A registered metric: its names, its parameter schema and how to build it from language spellings (`k=3`). */
export type MetricEntry = OptionsEntry<Metric>;

/** Predictions and targets as metric functions take them: any array of numbers. */
export type Values = ArrayLike<number>;

/** A registry entry whose options are resolved once, when the metric is built. */
export function metricEntry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  compute: (predictions: Values, targets: Values, batch: number, width: number, options: Resolved<S>) => number,
): MetricEntry {
  return defineEntry(name, aliases, params, (resolved) => ({
    name,
    compute: (predictions, targets, batch, width) => compute(predictions, targets, batch, width, resolved),
  }));
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
