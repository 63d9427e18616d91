import { finite, formatNumber, formatPercent, labelOf } from '../format';
import { extremes, means, type RunData } from '../run-data';
import { sentences, trend } from './describe';
import { epochAxis, isFractionMetric, type ChartSpec, type MarkerStyle, type Point, type SeriesSpec } from './spec';
import { learningRateScale } from './learning-rate-scale';
import { cutToAxis, divergenceMark, divergenceText, diverged, lastStep, valueAxis } from './value-axis';

/**
 * The charts of one run over time: loss and metrics per epoch, loss per
 * step, learning rate, and gradient norm with clipping. Each function is
 * pure: a run in, a ChartSpec out, or undefined when the run has nothing
 * to show there (yet). A diverged run's runaway values do not set the y
 * axis: its lines are cut at the edge and a ✕ marks where it diverged.
 */

/** Smoothing a chart starts with: per-step loss is noisy, epoch means are not. */
const STEP_LOSS_SMOOTHING = 0.6;

/** Markers that tell metrics apart when training and validation share their colours. */
const METRIC_MARKERS: readonly MarkerStyle[] = ['circle', 'triangle', 'rect', 'rectRot', 'star'];

/** Training and validation loss per epoch, epoch 0 being the network at initialization. */
export function epochLossChart(run: RunData): ChartSpec | undefined {
  if (run.epochs.length === 0) return undefined;
  const bad = diverged(run);
  const rawTrain = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.trainLoss) }));
  const rawValidation = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.validationLoss) }));
  const hasValidation = rawValidation.some((p) => p.y !== null);
  const y = valueAxis([
    { points: rawTrain, diverged: bad },
    { points: rawValidation, diverged: bad },
  ]);
  const train = cutToAxis(rawTrain, y);
  const series: SeriesSpec[] = [{ key: 'train', label: 'training', color: 'blue', style: 'line', points: train }];
  if (hasValidation) series.push({ key: 'validation', label: 'validation', color: 'orange', style: 'dashed', points: cutToAxis(rawValidation, y) });
  const mark = divergenceMark(run, 'epochs', train, y, 'red');
  if (mark) series.push(mark);
  return {
    title: 'Loss per epoch',
    description: sentences('Loss per epoch', trend('Training loss', rawTrain, 'epochs'), hasValidation && trend('Validation loss', rawValidation, 'epochs'), divergenceText(run, y)),
    x: epochAxis(run.epochs),
    y: { title: 'loss', ...y },
    series,
    legend: hasValidation || mark !== undefined,
    smoothing: 0,
  };
}

/**
 * Every metric per epoch, in the loss chart's colours: training blue and
 * solid, validation orange and dashed; a marker per metric tells several
 * metrics apart.
 */
export function epochMetricsChart(run: RunData): ChartSpec | undefined {
  const names = [...new Set(run.epochs.flatMap((e) => [...Object.keys(e.metrics ?? {}), ...Object.keys(e.validationMetrics ?? {})]))];
  if (names.length === 0) return undefined;
  const bad = diverged(run);
  const raw: { spec: Omit<SeriesSpec, 'points'>; points: Point[] }[] = [];
  const told: string[] = [];
  names.forEach((name, i) => {
    const marker = names.length > 1 ? METRIC_MARKERS[i % METRIC_MARKERS.length] : undefined;
    const train = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.metrics?.[name]) }));
    const validation = run.epochs.map((e) => ({ x: e.epoch, y: finite(e.validationMetrics?.[name]) }));
    if (train.some((p) => p.y !== null)) {
      raw.push({ spec: { key: `train:${name}`, label: `training ${labelOf(name)}`, color: 'blue', style: 'line', ...(marker ? { marker } : {}) }, points: train });
      told.push(trend(`Training ${labelOf(name)}`, train, 'epochs'));
    }
    if (validation.some((p) => p.y !== null)) {
      raw.push({ spec: { key: `validation:${name}`, label: `validation ${labelOf(name)}`, color: 'orange', style: 'dashed', ...(marker ? { marker } : {}) }, points: validation });
      told.push(trend(`Validation ${labelOf(name)}`, validation, 'epochs'));
    }
  });
  const fractions = names.every(isFractionMetric);
  // An axis title names one metric; several are named by the legend, and a list of them would not fit the axis.
  const title = names.length === 1 ? labelOf(names[0]) : fractions ? 'score' : 'value';
  const y = fractions ? { scale: 'linear' as const, min: 0, max: 1 } : valueAxis(raw.map((s) => ({ points: s.points, diverged: bad })));
  const series: SeriesSpec[] = raw.map((s) => ({ ...s.spec, points: cutToAxis(s.points, y) }));
  const mark = divergenceMark(run, 'epochs', series[0]?.points ?? [], y, 'red');
  if (mark) series.push(mark);
  return {
    title: 'Metrics per epoch',
    description: sentences('Metrics per epoch', ...told, divergenceText(run, fractions ? { scale: 'linear' } : y)),
    x: epochAxis(run.epochs),
    y: { title, ...y, ...(fractions ? { percent: true } : {}) },
    series,
    legend: true,
    smoothing: 0,
  };
}

/** The mini-batch loss per step: each bucket's mean as a line over a band from its min to its max. */
export function stepLossChart(run: RunData): ChartSpec | undefined {
  const mean = means(run.series?.loss);
  if (mean.length === 0) return undefined;
  const { low, high } = extremes(run.series.loss);
  const bad = diverged(run);
  const y = valueAxis([
    { points: mean, diverged: bad },
    { points: low, diverged: bad },
    { points: high, diverged: bad },
  ]);
  const line = cutToAxis(mean, y);
  const series: SeriesSpec[] = [
    { key: 'range', label: 'min–max', color: 'blue', style: 'band', points: cutToAxis(low, y), upper: cutToAxis(high, y) },
    { key: 'mean', label: 'mean', color: 'blue', style: 'line', points: line },
  ];
  const mark = divergenceMark(run, 'steps', line, y, 'red');
  if (mark) series.push(mark);
  return {
    title: 'Loss per step',
    description: sentences(trend('Training loss', mean, 'steps'), 'The line is the mean of each group of steps, the band its minimum to maximum', divergenceText(run, y)),
    x: { title: 'step', scale: 'linear', integer: true, min: 0, max: lastStep(run) },
    y: { title: 'loss', ...y },
    series,
    legend: true,
    smoothing: STEP_LOSS_SMOOTHING,
  };
}

/**
 * The learning rate: the schedule's plan, drawn faint from the start, with
 * the rate actually used drawn over it as steps are taken. A run that
 * diverged or stopped shows the plan only as far as it got. The y axis is
 * linear or log by learningRateScale's rule.
 */
export function learningRateChart(run: RunData): ChartSpec | undefined {
  const end = lastStep(run);
  const planned: Point[] = run.schedulePreview.filter((p) => p.x <= end).map((p) => ({ x: p.x, y: finite(p.y) }));
  const actual = means(run.series?.learningRate);
  if (planned.length === 0 && actual.length === 0) return undefined;
  const y = valueAxis([{ points: planned, diverged: false }, { points: actual, diverged: false }], { scale: learningRateScale([...planned, ...actual]) });
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
    x: { title: 'step', scale: 'linear', integer: true, min: 0, max: end },
    y: { title: 'learning rate', ...y },
    series,
    legend: planned.length > 0,
    smoothing: 0,
  };
}

/**
 * The global gradient norm before and after clipping, the clipping
 * threshold τ as a line, and a marker over every bucket of steps in which
 * clipping happened (a bucket's `clipped` mean is the fraction clipped).
 */
export function gradientNormChart(run: RunData): ChartSpec | undefined {
  const rawBefore = means(run.series?.gradNormBefore);
  if (rawBefore.length === 0) return undefined;
  const rawAfter = means(run.series.gradNormAfter);
  const clip = run.settings?.clip;
  const bad = diverged(run);
  const y = valueAxis(
    [
      { points: rawBefore, diverged: bad },
      { points: rawAfter, diverged: bad },
    ],
    { extra: clip ? [clip.threshold] : [] },
  );
  const before = cutToAxis(rawBefore, y);
  const clippedBuckets = (run.series.clipped ?? []).map((p, i) => ({ x: p.x, fraction: finite(p.mean) ?? 0, i }));
  const marks: Point[] = clippedBuckets.filter((b) => b.fraction > 0 && b.i < before.length).map((b) => ({ x: b.x, y: before[b.i]?.y ?? null }));
  const clipping = clip !== undefined || marks.length > 0;
  const series: SeriesSpec[] = [{ key: 'before', label: clipping ? 'before clipping' : 'gradient norm', color: 'blue', style: 'line', points: before }];
  if (clipping) series.push({ key: 'after', label: 'after clipping', color: 'green', style: 'dashed', points: cutToAxis(rawAfter, y) });
  if (clip !== undefined) series.push({ key: 'threshold', label: `τ = ${formatNumber(clip.threshold)} (${clip.method})`, color: 'red', style: 'threshold', level: clip.threshold });
  if (marks.length > 0) series.push({ key: 'clipped', label: 'clipped', color: 'red', style: 'points', points: marks });
  const mark = divergenceMark(run, 'steps', before, y, 'red');
  if (mark) series.push(mark);
  const fraction = clippedBuckets.length > 0 ? clippedBuckets.reduce((sum, b) => sum + b.fraction, 0) / clippedBuckets.length : 0;
  return {
    title: 'Gradient norm',
    description: sentences(
      trend(clipping ? 'Gradient norm before clipping' : 'Gradient norm', rawBefore, 'steps'),
      clip !== undefined && `Clipping (${clip.method}) at τ = ${formatNumber(clip.threshold)} acted on ${formatPercent(fraction)} of steps`,
      clip === undefined && marks.length > 0 && `${formatPercent(fraction)} of steps were clipped`,
      divergenceText(run, y),
    ),
    x: { title: 'step', scale: 'linear', integer: true, min: 0, max: lastStep(run) },
    y: { title: '‖g‖', ...y },
    series,
    legend: true,
    smoothing: 0,
  };
}
