import { ConfigError } from '../errors';
import type { ParamSchema, ParamSpecs, Resolved } from '../params';
import { defineEntry, type OptionsEntry } from '../registry';

/** A metric built with its options: one number for a batch of predictions. */
export interface Metric {
  readonly name: string;
  /**
   * The metric over a batch of predictions and its targets (layouts as losses
   * take them). Each sample holds `steps` timesteps (default 1) of `width`
   * values: per-step metrics (accuracy, mse, …) score the batch·steps rows as
   * they would batch samples; sequence metrics (bleu, rouge) rebuild each
   * sample's sequence and refuse steps 1 with a MetricError.
   */
  compute(predictions: Float32Array, targets: Float32Array, batch: number, width: number, steps?: number): number;
}

/** A registered metric: its names, its parameter schema and how to build it from language spellings (`k=3`). */
export type MetricEntry = OptionsEntry<Metric>;

/** Predictions and targets as metric functions take them: any array of numbers. */
export type Values = ArrayLike<number>;

/**
 * A registry entry whose options are resolved once, when the metric is
 * built. The metric scores rows: a batch of sequences reaches it as
 * batch·steps rows.
 */
export function metricEntry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  compute: (predictions: Values, targets: Values, batch: number, width: number, options: Resolved<S>) => number,
): MetricEntry {
  return defineEntry(name, aliases, params, (resolved) => ({
    name,
    compute: (predictions, targets, batch, width, steps = 1) => compute(predictions, targets, batch * steps, width, resolved),
  }));
}

/** `metricEntry` for a metric that reads whole sequences: it gets the timesteps per sample as well. */
export function sequenceMetricEntry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  compute: (predictions: Values, targets: Values, batch: number, width: number, steps: number, options: Resolved<S>) => number,
): MetricEntry {
  return defineEntry(name, aliases, params, (resolved) => ({
    name,
    compute: (predictions, targets, batch, width, steps = 1) => compute(predictions, targets, batch, width, steps, resolved),
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
