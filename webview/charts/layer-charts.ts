import type { LayerSummary } from '../../src/protocol/cell-output';
import { finite, formatNumber, formatPercent } from '../format';
import { layerLabel, type RunData } from '../run-data';
import { perCategory, sentences } from './describe';
import { scaleFor, type ChartSpec, type SeriesSpec } from './spec';

/**
 * Per-layer statistics across the layers at one moment (over the epochs,
 * every layer shows in one heatmap: ./layer-heatmap.ts). The layer axis runs from
 * the input layer on the left to the output layer on the right, the
 * direction the signal travels; the gradient travels right to left.
 */

/** Activation and pre-activation variance per layer, on a log axis (a variance that halves per layer is a straight line). */
export function layerVarianceChart(layers: readonly LayerSummary[], when: string): ChartSpec | undefined {
  if (layers.length === 0) return undefined;
  const labels = layers.map(layerLabel);
  const activation = layers.map((l) => finite(l.activationVariance));
  const preactivation = layers.map((l) => finite(l.preactivationVariance));
  const hasPre = preactivation.some((v) => v !== null);
  const series: SeriesSpec[] = [];
  if (hasPre) series.push({ key: 'z', label: 'Var(z), before the activation', color: 'orange', style: 'line', values: preactivation });
  series.push({ key: 'a', label: 'Var(a), layer output', color: 'blue', style: 'line', values: activation });
  return {
    title: `Variance per layer ${when}`,
    description: sentences(`Activation variance per layer ${when}, log scale: ${perCategory(labels, activation)}`),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: 'variance', scale: 'log' },
    labels,
    series,
    legend: hasPre,
  };
}

/** The gradient norm of each layer's parameters; vanishing gradients show as a slope down towards the input. */
export function layerGradientChart(layers: readonly LayerSummary[], when: string): ChartSpec | undefined {
  if (layers.length === 0) return undefined;
  const labels = layers.map(layerLabel);
  const norms = layers.map((l) => finite(l.gradientNorm));
  return {
    title: `Gradient norm per layer ${when}`,
    description: sentences(`Gradient norm per layer ${when}: ${perCategory(labels, norms)}`),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: '‖∇W‖', scale: scaleFor(norms) },
    labels,
    series: [{ key: 'grad', label: 'gradient norm', color: 'orange', style: 'bar', values: norms }],
    legend: false,
  };
}

/** Dead ReLU units and saturated tanh/sigmoid outputs per layer, as fractions; undefined when no layer can have either. */
export function layerFractionsChart(layers: readonly LayerSummary[], when: string): ChartSpec | undefined {
  const dead = layers.map((l) => l.deadFraction ?? null);
  const saturated = layers.map((l) => l.saturatedFraction ?? null);
  const hasDead = dead.some((v) => v !== null);
  const hasSaturated = saturated.some((v) => v !== null);
  if (!hasDead && !hasSaturated) return undefined;
  const labels = layers.map(layerLabel);
  const series: SeriesSpec[] = [];
  if (hasDead) series.push({ key: 'dead', label: 'dead units', color: 'red', style: 'bar', values: dead.map((v) => finite(v)) });
  if (hasSaturated) series.push({ key: 'saturated', label: 'saturated outputs', color: 'yellow', style: 'bar', values: saturated.map((v) => finite(v)) });
  return {
    title: `Dead and saturated units ${when}`,
    description: sentences(
      hasDead && `Dead unit fraction per layer ${when}: ${perCategory(labels, dead, formatPercent)}`,
      hasSaturated && `Saturated output fraction per layer ${when}: ${perCategory(labels, saturated, formatPercent)}`,
    ),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: 'fraction', scale: 'linear', min: 0, max: 1, percent: true },
    labels,
    series,
    legend: true,
  };
}

/** "at epoch 12" or "at initialization" for the latest epoch of a run. */
export function latestEpochText(run: RunData): string {
  const last = run.epochs[run.epochs.length - 1];
  return last === undefined || last.epoch === 0 ? 'at initialization' : `at epoch ${formatNumber(last.epoch)}`;
}
