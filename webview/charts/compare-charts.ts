import { finite, formatNumber, formatPercent, labelOf, listText } from '../format';
import { layerLabel, means, type RunData } from '../run-data';
import { seriesColor } from '../theme';
import { perCategory, sentences, trend } from './describe';
import { epochAxis, isFractionMetric, type ChartSpec, type Point, type SeriesSpec } from './spec';
import { coincidences } from './coincide';
import { cutToAxis, divergenceMark, divergenceText, diverged, lastStep, valueAxis, type ValueAxis } from './value-axis';
import { learningRateScale } from './learning-rate-scale';

/**
 * A `compare` statement's runs overlaid: one colour per run, the same
 * colour in every chart, and per run a dash pattern and marker of its own,
 * so runs whose values coincide still show as two lines. The runs share a
 * seed, so every difference between the lines comes from the compared
 * setting. A run that diverged does not set the y axis: its line is cut at
 * the edge and a ✕ in its colour marks where it diverged.
 */

/** Smoothing the per-step loss starts with; epoch charts start unsmoothed. */
const STEP_LOSS_SMOOTHING = 0.6;

interface Overlaid {
  readonly series: SeriesSpec[];
  readonly y: ValueAxis;
  /** The raw series, one per run, for the descriptions. */
  readonly raw: readonly Point[][];
}

/** Every run's series on one axis: cut where a diverged run leaves it, with a ✕ for each diverged run. */
function overlay(runs: readonly RunData[], pick: (run: RunData) => Point[], unit: 'steps' | 'epochs', options: { scale?: 'linear' | 'log' } = {}): Overlaid {
  const raw = runs.map(pick);
  const y = valueAxis(
    raw.map((points, i) => ({ points, diverged: diverged(runs[i]) })),
    options,
  );
  const lines: SeriesSpec[] = runs.map((run, i) => ({ key: run.label, label: run.label, color: seriesColor(i), style: 'line', variant: i, points: cutToAxis(raw[i], y) }));
  const marks = runs.map((run, i) => divergenceMark(run, unit, lines[i].points ?? [], y, seriesColor(i), run.label)).filter((m): m is SeriesSpec => m !== undefined);
  return { series: [...lines, ...marks], y, raw };
}

function told(runs: readonly RunData[], raw: readonly Point[][], name: string, unit: 'steps' | 'epochs', y: ValueAxis): string[] {
  return runs.flatMap((run, i) => [trend(`${run.label}: ${name}`, raw[i], unit), divergenceText(run, y, run.label) ?? '']);
}

/** "small_random coincides with zeros (drawn dashed over it)" for every pair of runs with the same values. */
function coincidenceText(series: readonly SeriesSpec[]): string | undefined {
  const pairs = coincidences(series);
  if (pairs.length === 0) return undefined;
  return listText(pairs.map(([under, over]) => `${over.label} coincides with ${under.label} (drawn over it in its own dash pattern)`));
}

const lastSteps = (runs: readonly RunData[]): number => Math.max(1, ...runs.map(lastStep));

/**
 * One per-step series of every run, overlaid: the shape the step-loss,
 * learning-rate and gradient-norm charts share. `describe` opens the text
 * alternative ("Training loss per step for each initializer").
 */
function stepOverlayChart(
  runs: readonly RunData[],
  pick: (run: RunData) => Point[],
  text: { title: string; describe: string; quantity: string; yTitle: string },
  options: { smoothing: number; scale?: 'linear' | 'log' },
): ChartSpec | undefined {
  const { series, y, raw } = overlay(runs, pick, 'steps', options);
  if (!raw.some((points) => points.length > 0)) return undefined;
  return {
    title: text.title,
    description: sentences(text.describe, ...told(runs, raw, text.quantity, 'steps', y), coincidenceText(series)),
    x: { title: 'step', scale: 'linear', integer: true, min: 0, max: lastSteps(runs) },
    y: { title: text.yTitle, ...y },
    series,
    legend: true,
    smoothing: options.smoothing,
  };
}

/** Mean training loss per step of every run. */
export function compareStepLossChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  return stepOverlayChart(
    runs,
    (run) => means(run.series?.loss),
    { title: 'Training loss per step', describe: `Training loss per step for each ${labelOf(setting)}`, quantity: 'training loss', yTitle: 'loss' },
    { smoothing: STEP_LOSS_SMOOTHING },
  );
}

/** Validation loss per epoch of every run, or training loss when there is no validation split. */
export function compareEpochLossChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const validation = runs.some((run) => run.epochs.some((e) => finite(e.validationLoss) !== null));
  const field = validation ? 'validationLoss' : 'trainLoss';
  const name = validation ? 'validation loss' : 'training loss';
  const { series, y, raw } = overlay(runs, (run) => run.epochs.map((e) => ({ x: e.epoch, y: finite(e[field]) })), 'epochs');
  if (!raw.some((points) => points.length > 0)) return undefined;
  return {
    title: validation ? 'Validation loss per epoch' : 'Training loss per epoch',
    description: sentences(`${validation ? 'Validation' : 'Training'} loss per epoch for each ${labelOf(setting)}`, ...told(runs, raw, name, 'epochs', y), coincidenceText(series)),
    x: epochAxis(runs.flatMap((r) => r.epochs)),
    y: { title: 'loss', ...y },
    series,
    legend: true,
    smoothing: 0,
  };
}

/** The first metric per epoch (validation when there is a split) of every run. */
export function compareMetricChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const sample = runs.flatMap((run) => run.epochs).find((e) => Object.keys(e.metrics ?? {}).length > 0);
  if (sample === undefined) return undefined;
  const metric = Object.keys(sample.metrics)[0];
  const validation = runs.some((run) => run.epochs.some((e) => finite(e.validationMetrics?.[metric]) !== null));
  const name = `${validation ? 'validation' : 'training'} ${labelOf(metric)}`;
  const pick = (run: RunData): Point[] => run.epochs.map((e) => ({ x: e.epoch, y: finite((validation ? e.validationMetrics : e.metrics)?.[metric]) }));
  const fractions = isFractionMetric(metric);
  const { series, y, raw } = overlay(runs, pick, 'epochs');
  return {
    title: `${name[0].toUpperCase()}${name.slice(1)} per epoch`,
    description: sentences(`${name} per epoch for each ${labelOf(setting)}`, ...told(runs, raw, name, 'epochs', y), coincidenceText(series)),
    x: epochAxis(runs.flatMap((r) => r.epochs)),
    y: fractions ? { title: labelOf(metric), scale: 'linear', min: 0, max: 1, percent: true } : { title: labelOf(metric), ...y },
    series,
    legend: true,
    smoothing: 0,
  };
}

/** The learning rate each run used; shown when the runs differ in it. Linear or log by learningRateScale's rule. */
export function compareLearningRateChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const rates = runs.map((run) => means(run.series?.learningRate));
  // The rates a run used, whatever its length: a run that diverged early used the same constant rate as the others.
  const signatures = new Set(rates.map((points) => JSON.stringify([...new Set(points.map((p) => p.y))])));
  if (signatures.size <= 1 && !['lr', 'schedule', 'optimizer'].includes(setting)) return undefined;
  return stepOverlayChart(
    runs,
    (run) => means(run.series?.learningRate),
    { title: 'Learning rate', describe: `Learning rate per step for each ${labelOf(setting)}`, quantity: 'learning rate', yTitle: 'learning rate' },
    { smoothing: 0, scale: learningRateScale(rates.flat()) },
  );
}

/**
 * The global gradient norm of every run. When a run clips, the chart is
 * the clipping chart of the comparison: each run's norm before clipping
 * (solid), after clipping (dashed) and its threshold τ (dotted), all in
 * the run's colour.
 */
export function compareGradientNormChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const clips = runs.map((run) => run.settings?.clip);
  if (clips.every((clip) => clip === undefined)) {
    return stepOverlayChart(
      runs,
      (run) => means(run.series?.gradNormBefore),
      { title: 'Gradient norm per step', describe: `Gradient norm before clipping for each ${labelOf(setting)}`, quantity: 'gradient norm', yTitle: '‖g‖' },
      { smoothing: 0 },
    );
  }
  const before = runs.map((run) => means(run.series?.gradNormBefore));
  if (!before.some((points) => points.length > 0)) return undefined;
  const after = runs.map((run) => means(run.series?.gradNormAfter));
  const y = valueAxis(
    runs.flatMap((run, i) => [
      { points: before[i], diverged: diverged(run) },
      { points: clips[i] ? after[i] : [], diverged: diverged(run) },
    ]),
    { extra: clips.flatMap((clip) => (clip ? [clip.threshold] : [])) },
  );
  const series: SeriesSpec[] = [];
  const marks: SeriesSpec[] = [];
  const texts: string[] = [];
  runs.forEach((run, i) => {
    const color = seriesColor(i);
    const cut = cutToAxis(before[i], y);
    const clip = clips[i];
    series.push({ key: `${run.label}:before`, label: clip ? `${run.label} before clipping` : run.label, color, style: 'line', points: cut });
    texts.push(trend(`${run.label}: gradient norm before clipping`, before[i], 'steps'));
    if (clip) {
      series.push({ key: `${run.label}:after`, label: `${run.label} after clipping`, color, style: 'dashed', points: cutToAxis(after[i], y) });
      series.push({ key: `${run.label}:threshold`, label: `${run.label} τ = ${formatNumber(clip.threshold)}`, color, style: 'threshold', level: clip.threshold });
      const clipped = run.series?.clipped ?? [];
      const fraction = clipped.length > 0 ? clipped.reduce((sum, p) => sum + (finite(p.mean) ?? 0), 0) / clipped.length : 0;
      texts.push(`${run.label} clips (${clip.method}) at τ = ${formatNumber(clip.threshold)}, on ${formatPercent(fraction)} of steps`);
    }
    const mark = divergenceMark(run, 'steps', cut, y, color, run.label);
    if (mark) marks.push(mark);
    const divergence = divergenceText(run, y, run.label);
    if (divergence) texts.push(divergence);
  });
  return {
    title: 'Gradient norm before and after clipping',
    description: sentences(`Gradient norm per step before clipping (solid) and after (dashed), with each threshold τ (dotted), for each ${labelOf(setting)}`, ...texts),
    x: { title: 'step', scale: 'linear', integer: true, min: 0, max: lastSteps(runs) },
    y: { title: '‖g‖', ...y },
    series: [...series, ...marks],
    legend: true,
    smoothing: 0,
  };
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
    variant: i,
    values: first.layers.map((layer) => finite(run.epochs[0]?.layers.find((l) => l.layer === layer.layer)?.[field])),
  }));
  const name = field === 'activationVariance' ? 'Activation variance' : 'Gradient norm';
  return {
    title: `${name} per layer at initialization`,
    description: sentences(`${name} per layer at initialization, log scale`, ...series.map((s) => `${s.label}: ${perCategory(labels, s.values ?? [], formatNumber)}`), coincidenceText(series)),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: field === 'activationVariance' ? 'Var(a)' : '‖∇W‖', scale: 'log' },
    labels,
    series,
    legend: true,
  };
}
