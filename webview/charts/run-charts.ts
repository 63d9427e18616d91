import { finite, formatNumber, formatPercent, labelOf } from '../format';
import { extremes, means, type RunData } from '../run-data';
import { seriesColor } from '../theme';
import { sentences, trend } from './describe';
import { epochAxis, scaleFor, type ChartSpec, type Point, type SeriesSpec } from './spec';

/**
 * The charts of one run over time: loss and metrics per epoch, loss per
 * step, learning rate, and gradient norm with clipping. Each function is
 * pure: a run in, a ChartSpec out, or undefined when the run has nothing
 * to show there (yet).
 */

/** Training and validation loss per epoch, epoch 0 being the network at initialization. */
export function epochLossChart(run: RunData): ChartSpec | undefined {
  if (run.epochs.length === 0) return undefined;
  const train = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.trainLoss) }));
  const validation = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.validationLoss) }));
  const hasValidation = validation.some((p) => p.y !== null);
  const series: SeriesSpec[] = [{ key: 'train', label: 'training', color: 'blue', style: 'line', points: train }];
  if (hasValidation) series.push({ key: 'validation', label: 'validation', color: 'orange', style: 'dashed', points: validation });
  return {
    title: 'Loss per epoch',
    description: sentences('Loss per epoch', trend('Training loss', train, 'epochs'), hasValidation && trend('Validation loss', validation, 'epochs')),
    x: epochAxis(run.epochs),
    y: { title: 'loss', scale: scaleFor([...train, ...validation].map((p) => p.y)) },
    series,
    legend: hasValidation,
  };
}

/** Every metric per epoch: training solid, validation dashed, one colour per metric. */
export function epochMetricsChart(run: RunData): ChartSpec | undefined {
  const names = [...new Set(run.epochs.flatMap((e) => [...Object.keys(e.metrics ?? {}), ...Object.keys(e.validationMetrics ?? {})]))];
  if (names.length === 0) return undefined;
  const series: SeriesSpec[] = [];
  const told: string[] = [];
  names.forEach((name, i) => {
    const train = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.metrics?.[name]) }));
    const validation = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.validationMetrics?.[name]) }));
    if (train.some((p) => p.y !== null)) {
      series.push({ key: `train:${name}`, label: `training ${labelOf(name)}`, color: seriesColor(i), style: 'line', points: train });
      told.push(trend(`Training ${labelOf(name)}`, train, 'epochs'));
    }
    if (validation.some((p) => p.y !== null)) {
      series.push({ key: `validation:${name}`, label: `validation ${labelOf(name)}`, color: seriesColor(i), style: 'dashed', points: validation });
      told.push(trend(`Validation ${labelOf(name)}`, validation, 'epochs'));
    }
  });
  const values = series.flatMap((s) => (s.points ?? []).map((p) => p.y));
  const fractions = values.every((v) => v === null || (v >= 0 && v <= 1));
  return {
    title: 'Metrics per epoch',
    description: sentences('Metrics per epoch', ...told),
    x: epochAxis(run.epochs),
    y: fractions ? { title: names.map(labelOf).join(', '), scale: 'linear', min: 0, max: 1, percent: true } : { title: names.map(labelOf).join(', '), scale: 'linear' },
    series,
    legend: true,
  };
}

/** The mini-batch loss per step: each bucket's mean as a line over a band from its min to its max. */
export function stepLossChart(run: RunData): ChartSpec | undefined {
  const mean = means(run.series?.loss);
  if (mean.length === 0) return undefined;
  const { low, high } = extremes(run.series.loss);
  return {
    title: 'Loss per step',
    description: sentences(trend('Training loss', mean, 'steps'), 'The line is the mean of each group of steps, the band its minimum to maximum'),
    x: { title: 'step', scale: 'linear', min: 0, max: Math.max(run.totalSteps, run.steps) },
    y: { title: 'loss', scale: scaleFor([...low, ...high].map((p) => p.y)) },
    series: [
      { key: 'range', label: 'min–max', color: 'blue', style: 'band', points: low, upper: high },
      { key: 'mean', label: 'mean', color: 'blue', style: 'line', points: mean },
    ],
    legend: true,
  };
}

/**
 * The learning rate: the schedule's plan for the whole run, drawn faint from
 * the start, with the rate actually used drawn over it as steps are taken.
 */
export function learningRateChart(run: RunData): ChartSpec | undefined {
  const planned: Point[] = run.schedulePreview.map((p) => ({ x: p.x, y: finite(p.y) }));
  const actual = means(run.series?.learningRate);
  if (planned.length === 0 && actual.length === 0) return undefined;
  const series: SeriesSpec[] = [];
  if (planned.length > 0) series.push({ key: 'planned', label: 'planned', color: 'muted', style: 'faint', points: planned });
  series.push({ key: 'actual', label: 'used', color: 'purple', style: 'line', points: actual });
  const last = actual.length > 0 ? actual[actual.length - 1] : undefined;
  return {
    title: run.settings?.schedule ? `Learning rate (${run.settings.schedule})` : 'Learning rate',
    description: sentences(
      planned.length > 0 && trend('Planned learning rate', planned, 'steps'),
      last !== undefined && last.y !== null && `${formatNumber(last.x)} ${last.x === 1 ? 'step' : 'steps'} taken, learning rate now ${formatNumber(last.y)}`,
    ),
    x: { title: 'step', scale: 'linear', min: 0, max: Math.max(run.totalSteps, run.steps) },
    y: { title: 'learning rate', scale: scaleFor([...planned, ...actual].map((p) => p.y)) },
    series,
    legend: planned.length > 0,
  };
}

/**
 * The global gradient norm before and after clipping, the clipping
 * threshold τ as a line, and a marker over every bucket of steps in which
 * clipping happened (a bucket's `clipped` mean is the fraction clipped).
 */
export function gradientNormChart(run: RunData): ChartSpec | undefined {
  const before = means(run.series?.gradNormBefore);
  if (before.length === 0) return undefined;
  const after = means(run.series.gradNormAfter);
  const clip = run.settings?.clip;
  const clippedBuckets = (run.series.clipped ?? []).map((p, i) => ({ x: p.x, fraction: finite(p.mean) ?? 0, i }));
  const marks: Point[] = clippedBuckets.filter((b) => b.fraction > 0).map((b) => ({ x: b.x, y: before[b.i]?.y ?? null }));
  const clipping = clip !== undefined || marks.length > 0;
  const series: SeriesSpec[] = [{ key: 'before', label: clipping ? 'before clipping' : 'gradient norm', color: 'blue', style: 'line', points: before }];
  if (clipping) series.push({ key: 'after', label: 'after clipping', color: 'green', style: 'dashed', points: after });
  if (clip !== undefined) series.push({ key: 'threshold', label: `τ = ${formatNumber(clip.threshold)} (${clip.method})`, color: 'red', style: 'threshold', level: clip.threshold });
  if (marks.length > 0) series.push({ key: 'clipped', label: 'clipped', color: 'red', style: 'points', points: marks });
  const fraction = clippedBuckets.length > 0 ? clippedBuckets.reduce((sum, b) => sum + b.fraction, 0) / clippedBuckets.length : 0;
  return {
    title: 'Gradient norm',
    description: sentences(
      trend(clipping ? 'Gradient norm before clipping' : 'Gradient norm', before, 'steps'),
      clip !== undefined && `Clipping (${clip.method}) at τ = ${formatNumber(clip.threshold)} acted on ${formatPercent(fraction)} of steps`,
      clip === undefined && marks.length > 0 && `${formatPercent(fraction)} of steps were clipped`,
    ),
    x: { title: 'step', scale: 'linear', min: 0, max: Math.max(run.totalSteps, run.steps) },
    y: { title: '‖g‖', scale: scaleFor([...before, ...after].map((p) => p.y).concat(clip ? [clip.threshold] : [])) },
    series,
    legend: true,
  };
}
