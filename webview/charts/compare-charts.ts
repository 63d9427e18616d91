import { finite, formatNumber, labelOf } from '../format';
import { layerLabel, means, type RunData } from '../run-data';
import { seriesColor } from '../theme';
import { perCategory, sentences, trend } from './describe';
import { epochAxis, scaleFor, type ChartSpec, type Point, type SeriesSpec } from './spec';

/**
 * A `compare` statement's runs overlaid: one colour per run, the same
 * colour in every chart, with a legend naming the runs. The runs share a
 * seed, so every difference between the lines comes from the compared
 * setting.
 */

function overlay(runs: readonly RunData[], pick: (run: RunData) => Point[]): SeriesSpec[] {
  return runs.map((run, i) => ({ key: run.label, label: run.label, color: seriesColor(i), style: 'line', points: pick(run) }));
}

function told(series: readonly SeriesSpec[], name: string, unit: 'steps' | 'epochs'): string[] {
  return series.map((s) => trend(`${s.label}: ${name}`, s.points ?? [], unit));
}

function allY(series: readonly SeriesSpec[]): (number | null)[] {
  return series.flatMap((s) => (s.points ?? []).map((p) => p.y));
}

const maxSteps = (runs: readonly RunData[]): number => Math.max(0, ...runs.map((r) => Math.max(r.totalSteps, r.steps)));

/**
 * One per-step series of every run, overlaid: the shape the step-loss,
 * learning-rate and gradient-norm charts share. `describe` opens the text
 * alternative ("Training loss per step for each initializer").
 */
function stepOverlayChart(
  runs: readonly RunData[],
  pick: (run: RunData) => ReturnType<typeof means>,
  title: string,
  describe: string,
  quantity: string,
  yTitle: string,
): ChartSpec | undefined {
  const series = overlay(runs, pick);
  if (!series.some((s) => (s.points ?? []).length > 0)) return undefined;
  return {
    title,
    description: sentences(describe, ...told(series, quantity, 'steps')),
    x: { title: 'step', scale: 'linear', min: 0, max: maxSteps(runs) },
    y: { title: yTitle, scale: scaleFor(allY(series)) },
    series,
    legend: true,
  };
}

/** Mean training loss per step of every run. */
export function compareStepLossChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  return stepOverlayChart(runs, (run) => means(run.series?.loss), 'Training loss per step', `Training loss per step for each ${labelOf(setting)}`, 'training loss', 'loss');
}

/** Validation loss per epoch of every run, or training loss when there is no validation split. */
export function compareEpochLossChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const validation = runs.some((run) => run.epochs.some((e) => finite(e.validationLoss) !== null));
  const field = validation ? 'validationLoss' : 'trainLoss';
  const name = validation ? 'validation loss' : 'training loss';
  const series = overlay(runs, (run) => run.epochs.map((e) => ({ x: e.epoch, y: finite(e[field]) })));
  if (!series.some((s) => (s.points ?? []).length > 0)) return undefined;
  return {
    title: validation ? 'Validation loss per epoch' : 'Training loss per epoch',
    description: sentences(`${validation ? 'Validation' : 'Training'} loss per epoch for each ${labelOf(setting)}`, ...told(series, name, 'epochs')),
    x: epochAxis(runs.flatMap((r) => r.epochs)),
    y: { title: 'loss', scale: scaleFor(allY(series)) },
    series,
    legend: true,
  };
}

/** The first metric per epoch (validation when there is a split) of every run. */
export function compareMetricChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const sample = runs.flatMap((run) => run.epochs).find((e) => Object.keys(e.metrics ?? {}).length > 0);
  if (sample === undefined) return undefined;
  const metric = Object.keys(sample.metrics)[0];
  const validation = runs.some((run) => run.epochs.some((e) => finite(e.validationMetrics?.[metric]) !== null));
  const name = `${validation ? 'validation' : 'training'} ${labelOf(metric)}`;
  const series = overlay(runs, (run) => run.epochs.map((e) => ({ x: e.epoch, y: finite((validation ? e.validationMetrics : e.metrics)?.[metric]) })));
  const values = allY(series);
  const fractions = values.every((v) => v === null || (v >= 0 && v <= 1));
  return {
    title: `${name[0].toUpperCase()}${name.slice(1)} per epoch`,
    description: sentences(`${name} per epoch for each ${labelOf(setting)}`, ...told(series, name, 'epochs')),
    x: epochAxis(runs.flatMap((r) => r.epochs)),
    y: fractions ? { title: labelOf(metric), scale: 'linear', min: 0, max: 1, percent: true } : { title: labelOf(metric), scale: 'linear' },
    series,
    legend: true,
  };
}

/** The learning rate each run used; shown when the runs differ in it. */
export function compareLearningRateChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const signatures = new Set(overlay(runs, (run) => means(run.series?.learningRate)).map((s) => JSON.stringify((s.points ?? []).map((p) => p.y))));
  if (signatures.size <= 1 && !['lr', 'schedule', 'optimizer'].includes(setting)) return undefined;
  return stepOverlayChart(runs, (run) => means(run.series?.learningRate), 'Learning rate', `Learning rate per step for each ${labelOf(setting)}`, 'learning rate', 'learning rate');
}

/** The global gradient norm (before clipping) of every run. */
export function compareGradientNormChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  return stepOverlayChart(runs, (run) => means(run.series?.gradNormBefore), 'Gradient norm per step', `Gradient norm before clipping for each ${labelOf(setting)}`, 'gradient norm', '‖g‖');
}

/**
 * One statistic per layer for every run, at initialization (epoch 0): how
 * each compared setting starts is what decides whether the signal and the
 * gradient survive the depth of the network.
 */
export function compareLayerChart(runs: readonly RunData[], field: 'activationVariance' | 'gradientNorm'): ChartSpec | undefined {
  const first = runs.find((run) => run.epochs.length > 0)?.epochs[0];
  if (first === undefined || first.layers.length === 0) return undefined;
  const labels = first.layers.map(layerLabel);
  const series: SeriesSpec[] = runs.map((run, i) => ({
    key: run.label,
    label: run.label,
    color: seriesColor(i),
    style: 'line',
    values: first.layers.map((layer) => finite(run.epochs[0]?.layers.find((l) => l.layer === layer.layer)?.[field])),
  }));
  const name = field === 'activationVariance' ? 'Activation variance' : 'Gradient norm';
  return {
    title: `${name} per layer at initialization`,
    description: sentences(`${name} per layer at initialization, log scale`, ...series.map((s) => `${s.label}: ${perCategory(labels, s.values ?? [], formatNumber)}`)),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: field === 'activationVariance' ? 'Var(a)' : '‖∇W‖', scale: 'log' },
    labels,
    series,
    legend: true,
  };
}
