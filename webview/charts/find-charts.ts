import type { GradientSurveyOutput, LrFinderOutput, LrSuggestion } from '../../src/protocol/cell-output';
import { finite, formatNumber } from '../format';
import type { ColorName } from '../theme';
import { sentences } from './describe';
import type { ChartSpec, Point, SeriesSpec } from './spec';

/**
 * The charts of `find lr` and `find clip`: the loss against η on a log axis
 * (each batch's loss faint, the smoothed loss bold), its slope in a chart of
 * its own, and the distribution of gradient norms with τ. Each suggestion is
 * a vertical dashed line named in the legend, so a number is always seen
 * where it was read off.
 */

const SUGGESTION_COLORS: Readonly<Record<LrSuggestion['rule'], ColorName>> = { steepest: 'green', minimum: 'purple', divergence: 'red' };

/** A vertical line at x from `low` to `high`, labelled in the legend. */
function marker(key: string, label: string, color: ColorName, x: number, low: number, high: number): SeriesSpec {
  return { key, label, color, style: 'dashed', points: [{ x, y: low }, { x, y: high }] };
}

function points(xs: readonly number[], ys: readonly number[]): Point[] {
  return xs.map((x, i) => ({ x, y: finite(ys[i]) }));
}

/** The loss of each batch and its smoothed value against η, with a line at every suggested rate. */
export function lrLossChart(output: LrFinderOutput): ChartSpec | undefined {
  const { rates, losses, smoothed } = output;
  if (rates.length === 0) return undefined;
  // The axis follows the smoothed loss: the last raw losses of a diverging sweep would flatten everything else.
  const finiteSmoothed = smoothed.filter(Number.isFinite);
  const high = Math.max(...finiteSmoothed) * 1.1;
  const low = Math.min(...finiteSmoothed, ...losses.filter(Number.isFinite)) * 0.95;
  const series: SeriesSpec[] = [
    { key: 'raw', label: 'loss of each batch', color: 'blue', style: 'faint', points: points(rates, losses) },
    { key: 'smoothed', label: `smoothed (β = ${output.sweep.smoothing})`, color: 'blue', style: 'line', points: points(rates, smoothed) },
    ...output.suggestions.map((s) => marker(s.rule, s.label, SUGGESTION_COLORS[s.rule], s.lr, low, high)),
  ];
  return {
    title: 'Loss as the learning rate rises',
    description: sentences(
      `The loss of ${rates.length} batches, each at a higher learning rate from ${formatNumber(rates[0])} to ${formatNumber(rates.at(-1))} on a log axis, and its moving average`,
      ...output.suggestions.map((s) => s.explanation),
    ),
    x: { title: 'learning rate η (log)', scale: 'log', min: rates[0], max: Math.max(rates.at(-1)!, ...output.suggestions.map((s) => s.lr)) },
    y: { title: 'loss', scale: 'linear', min: low, max: high },
    series,
    legend: true,
  };
}

/** d(smoothed loss)/d log₁₀ η: how fast the loss falls per decade; the steepest window is marked. */
export function lrSlopeChart(output: LrFinderOutput): ChartSpec | undefined {
  const { rates, slopes } = output;
  if (slopes.length === 0) return undefined;
  // The axis spans the slopes the suggestion weighs, from the skipped first points to the lowest loss: the first swing with
  // every early batch, and past the lowest loss the loss shoots up; either would squash the descent flat.
  const skip = Math.min(output.rule.skip, slopes.length - 1);
  const after = output.smoothed.slice(skip);
  const lowest = skip + after.indexOf(Math.min(...after));
  const weighed = slopes.slice(skip, lowest + 1).filter(Number.isFinite);
  const values = weighed.length > 0 ? weighed : slopes.filter(Number.isFinite);
  const low = Math.min(0, ...values) * 1.1;
  const high = Math.max(-0.25 * low, ...values) * 1.1;
  const steepest = output.suggestions.find((s) => s.rule === 'steepest');
  const series: SeriesSpec[] = [
    { key: 'slope', label: 'slope of the smoothed loss', color: 'orange', style: 'line', points: points(rates, slopes) },
    { key: 'zero', label: 'no change', color: 'muted', style: 'threshold', level: 0 },
    ...(steepest ? [marker('steepest', steepest.label, SUGGESTION_COLORS.steepest, steepest.lr, low, high)] : []),
  ];
  return {
    title: 'Slope: loss change per decade of η',
    description: sentences(
      'The slope of the smoothed loss against log10 of the learning rate: below zero the loss falls, the lower the faster; the axis spans the points the suggestion weighs',
      steepest ? `The steepest sustained descent is at η = ${formatNumber(steepest.lr)}` : 'No sustained descent was found',
    ),
    x: { title: 'learning rate η (log)', scale: 'log', min: rates[0], max: rates.at(-1) },
    y: { title: 'Δ loss per decade', scale: 'linear', min: low, max: high },
    series,
    legend: true,
  };
}

/**
 * The histogram of ‖g‖ as a filled outline over the norms: the steps τ
 * would leave alone in one colour, those it would clip in another, the
 * line between them at τ.
 */
export function gradientHistogramChart(output: GradientSurveyOutput): ChartSpec | undefined {
  const { edges, counts } = output.histogram;
  if (counts.length === 0) return undefined;
  const tau = output.threshold.value;
  const kept: Point[] = [];
  const clipped: Point[] = [];
  counts.forEach((count, k) => {
    const [from, to] = [edges[k], edges[k + 1]];
    if (from < tau) kept.push({ x: from, y: count }, { x: Math.min(to, tau), y: count });
    if (to > tau) clipped.push({ x: Math.max(from, tau), y: count }, { x: to, y: count });
  });
  const floor = (outline: Point[]): Point[] => outline.map((p) => ({ x: p.x, y: 0 }));
  const most = Math.max(...counts);
  const share = Math.round(100 - output.threshold.p);
  return {
    title: 'Gradient norms ‖g‖ without clipping',
    description: sentences(
      `The global gradient norm of ${output.norms.length} steps: ${output.percentiles.map(({ p, value }) => `${p}th percentile ${formatNumber(value)}`).join(', ')}`,
      `τ = ${formatNumber(tau)} at the ${output.threshold.p}th percentile would clip about ${share} % of steps`,
    ),
    x: { title: '‖g‖', scale: 'linear', min: edges[0], max: edges.at(-1) },
    y: { title: 'steps', scale: 'linear', min: 0, suggestedMax: most, integer: true },
    series: [
      ...(kept.length ? [{ key: 'kept', label: 'left as they are', color: 'blue', style: 'band', points: floor(kept), upper: kept } as const] : []),
      ...(clipped.length ? [{ key: 'clipped', label: `clipped (about ${share} %)`, color: 'orange', style: 'band', points: floor(clipped), upper: clipped } as const] : []),
      marker('tau', `τ = ${formatNumber(tau)} (p${output.threshold.p})`, 'red', tau, 0, most),
    ],
    legend: true,
  };
}
