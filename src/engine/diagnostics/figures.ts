import type { EpochRecord, LayerStats } from '../train/records';
import type { RunSnapshot } from './snapshot';

export { compareLayerNames, formatFigure, formatPercent } from '../../protocol/figures';

/**
 * Reading a run for the diagnostics; how a message writes its figures is
 * ../../protocol/figures.ts, which the report shares.
 * Real runs hold NaN for statistics a layer does not have, and a run may have
 * stopped anywhere, so every reader here skips what is not a finite number
 * instead of dividing by it.
 */

/** The q-quantile (0 ≤ q ≤ 1) of the finite values, interpolating linearly between order statistics; NaN if there are none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/**
 * Rise of the least-squares line through yᵢ against i = 0 … n−1, from its
 * value at the first point to its value at the last: slope · (n − 1), with
 * slope = Σ(i − ī)(yᵢ − ȳ) / Σ(i − ī)². Fitting a line lets mini-batch noise
 * cancel instead of comparing two noisy end points.
 */
export function trendRise(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanIndex = (n - 1) / 2;
  let meanValue = 0;
  for (const value of values) meanValue += value / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (i - meanIndex) * (values[i] - meanValue);
    variance += (i - meanIndex) ** 2;
  }
  return (covariance / variance) * (n - 1);
}

/** A positive, finite number. */
export function isPositive(x: number | null | undefined): x is number {
  return x !== null && x !== undefined && Number.isFinite(x) && x > 0;
}

/** The record of the network at initialization (epoch 0), if the run has one. */
export function initialEpoch(run: RunSnapshot): EpochRecord | undefined {
  return run.epochs.find((epoch) => epoch.epoch === 0);
}

/** The most recent epoch record (epoch 0 when nothing has trained yet). */
export function latestEpoch(run: RunSnapshot): EpochRecord | undefined {
  return run.epochs.length === 0 ? undefined : run.epochs[run.epochs.length - 1];
}

/** Epochs after initialization with a finite training loss, in order. */
export function trainedEpochs(run: RunSnapshot): EpochRecord[] {
  return run.epochs.filter((epoch) => epoch.epoch > 0 && Number.isFinite(epoch.trainLoss));
}

/**
 * The training loss at initialization: the yardstick for "high" and "near
 * zero" losses. For a run that continues earlier training, the loss of the
 * untrained network before it, not of this run's already trained start.
 * Undefined unless positive and finite.
 */
export function initialLoss(run: RunSnapshot): number | undefined {
  const loss = run.initialLoss ?? initialEpoch(run)?.trainLoss;
  return isPositive(loss) ? loss : undefined;
}

/** Layers with a kernel and an activation (dense, conv2d) of an epoch, input side first. */
export function activatedLayers(epoch: EpochRecord): LayerStats[] {
  return epoch.layers.filter((layer) => layer.activation !== undefined);
}

/** "epoch 7", or "at initialization" for epoch 0. */
export function epochPhrase(epoch: number): string {
  return epoch === 0 ? 'at initialization' : `in epoch ${epoch}`;
}

/** The learning rate in force at the end of the run: the last recorded step's, else the configured one. */
export function currentLearningRate(run: RunSnapshot): number {
  const last = run.recentSteps[run.recentSteps.length - 1];
  return last !== undefined && Number.isFinite(last.learningRate) ? last.learningRate : run.settings.learningRate;
}
