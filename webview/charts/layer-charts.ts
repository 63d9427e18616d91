import type { LayerStats } from '../../src/engine/train/records';
import { finite, formatNumber, formatPercent } from '../format';
import { layerLabel, type RunData } from '../run-data';
import { seriesColor } from '../theme';
import { perCategory, sentences, trend } from './describe';
import { epochAxis, scaleFor, type ChartSpec, type SeriesSpec } from './spec';

/**
 * Per-layer statistics: across the layers at one moment (bars over the
 * layer axis), and for each layer over the epochs. The layer axis runs from
 * the input layer on the left to the output layer on the right, the
 * direction the signal travels; the gradient travels right to left.
 */

/** Activation and pre-activation variance per layer, on a log axis (a variance that halves per layer is a straight line). */
export function layerVarianceChart(layers: readonly LayerStats[], when: string): ChartSpec | undefined {
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
export function layerGradientChart(layers: readonly LayerStats[], when: string): ChartSpec | undefined {
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
export function layerFractionsChart(layers: readonly LayerStats[], when: string): ChartSpec | undefined {
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

type LayerField = 'activationVariance' | 'gradientNorm';

const FIELD_TEXT: Readonly<Record<LayerField, { title: string; axis: string; name: string }>> = {
  activationVariance: { title: 'Activation variance per epoch', axis: 'Var(a)', name: 'activation variance' },
  gradientNorm: { title: 'Gradient norm per layer per epoch', axis: '‖∇W‖', name: 'gradient norm' },
};

/** One line per layer over the epochs, for a statistic that may span decades (log axis when it does). */
export function layerOverTimeChart(run: RunData, field: LayerField): ChartSpec | undefined {
  if (run.epochs.length === 0) return undefined;
  const names = layerNames(run);
  if (names.length === 0) return undefined;
  const text = FIELD_TEXT[field];
  const series: SeriesSpec[] = names.map((name, i) => ({
    key: name.layer,
    label: `layer ${name.label}`,
    color: seriesColor(i),
    style: 'line',
    points: run.epochs.map((e) => ({ x: e.epoch, y: finite(e.layers.find((l) => l.layer === name.layer)?.[field]) })),
  }));
  return {
    title: text.title,
    description: sentences(text.title, ...series.map((s) => trend(`${s.label} ${text.name}`, s.points ?? [], 'epochs'))),
    x: epochAxis(run.epochs),
    y: { title: text.axis, scale: scaleFor(series.flatMap((s) => (s.points ?? []).map((p) => p.y))) },
    series,
    legend: true,
    smoothing: 0,
  };
}

/** Dead (solid) and saturated (dashed) fractions of each layer over the epochs. */
export function layerFractionsOverTimeChart(run: RunData): ChartSpec | undefined {
  const series: SeriesSpec[] = [];
  const told: string[] = [];
  layerNames(run).forEach((name, i) => {
    for (const [field, word, style] of [
      ['deadFraction', 'dead', 'line'],
      ['saturatedFraction', 'saturated', 'dashed'],
    ] as const) {
      const points = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.layers.find((l) => l.layer === name.layer)?.[field]) }));
      if (!points.some((p) => p.y !== null)) continue;
      series.push({ key: `${name.layer}:${field}`, label: `layer ${name.label} ${word}`, color: seriesColor(i), style, points });
      const last = points[points.length - 1].y;
      if (last !== null) told.push(`layer ${name.label} ${formatPercent(last)} ${word}`);
    }
  });
  if (series.length === 0) return undefined;
  return {
    title: 'Dead and saturated units per epoch',
    description: sentences(`Dead (solid) and saturated (dashed) unit fractions per epoch; at the last epoch: ${told.join(', ')}`),
    x: epochAxis(run.epochs),
    y: { title: 'fraction', scale: 'linear', min: 0, max: 1, percent: true },
    series,
    legend: true,
    smoothing: 0,
  };
}

/** The layers a run recorded, by position, with their axis labels. */
function layerNames(run: RunData): { layer: string; label: string }[] {
  const last = run.epochs[run.epochs.length - 1];
  return (last?.layers ?? []).map((l) => ({ layer: l.layer, label: layerLabel(l) }));
}

/** "at epoch 12" or "at initialization" for the latest epoch of a run. */
export function latestEpochText(run: RunData): string {
  const last = run.epochs[run.epochs.length - 1];
  return last === undefined || last.epoch === 0 ? 'at initialization' : `at epoch ${formatNumber(last.epoch)}`;
}
