import type { ColorName } from '../theme';

/**
 * What a chart shows, as plain data: the chart functions in this folder turn
 * an output into a ChartSpec, and a ChartPanel draws it — once, then by
 * updating the same Chart.js instance whenever a newer spec arrives. Colours
 * are names, resolved against the theme when drawn, so a theme change only
 * redraws.
 */

/** One point of a series over steps or epochs; null leaves a gap. */
export interface Point {
  readonly x: number;
  readonly y: number | null;
}

/**
 * How a series is drawn: a solid or dashed line, a faint line (a plan
 * behind the actual values), a min–max band, isolated markers, bars, or a
 * horizontal threshold across the whole chart.
 */
export type SeriesStyle = 'line' | 'dashed' | 'faint' | 'band' | 'points' | 'bar' | 'threshold';

/** Chart.js point styles a series may mark its points with; 'crossRot' (✕) is kept for divergence. */
export type MarkerStyle = 'circle' | 'triangle' | 'rect' | 'rectRot' | 'star' | 'crossRot';

export interface SeriesSpec {
  /** Stable identity across updates, so the panel updates the matching dataset. */
  readonly key: string;
  /** Legend text; the empty string keeps the series out of the legend. */
  readonly label: string;
  readonly color: ColorName;
  readonly style: SeriesStyle;
  /** Over a linear x axis: the points (for a band, its lower edge). */
  readonly points?: readonly Point[];
  /** A band's upper edge, point for point with `points`. */
  readonly upper?: readonly Point[];
  /** Over a category x axis: one value per label. */
  readonly values?: readonly (number | null)[];
  /** A threshold's height. */
  readonly level?: number;
  /**
   * The series' place among runs overlaid in one colour scheme: it picks a
   * dash pattern and a marker, so two runs with identical values still show
   * as two lines. Absent: a plain solid line.
   */
  readonly variant?: number;
  /** A marker drawn at every point, however many there are ('points' style: the marker's shape). */
  readonly marker?: MarkerStyle;
}

export interface AxisSpec {
  readonly title: string;
  readonly scale: 'linear' | 'log' | 'category';
  /** The exact ends of the axis. */
  readonly min?: number;
  readonly max?: number;
  /** Values the axis must at least reach; Chart.js rounds the range out to its ticks. */
  readonly suggestedMin?: number;
  readonly suggestedMax?: number;
  /** Ticks as percentages of 1 (fractions). */
  readonly percent?: boolean;
  /** Only whole-number ticks (steps, epochs). */
  readonly integer?: boolean;
}

export interface ChartSpec {
  readonly title: string;
  /** The text alternative for people who cannot see the chart; becomes the canvas's aria-label. */
  readonly description: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Category axis labels (layers, classes). */
  readonly labels?: readonly string[];
  readonly series: readonly SeriesSpec[];
  readonly legend: boolean;
  /** ROC curves are square; everything else is wide. */
  readonly shape?: 'wide' | 'square';
  /**
   * A chart over time has controls (smoothing, linear or log y): this is
   * the smoothing weight it starts with, 0 for none. Absent: no controls
   * (charts over layers, ROC).
   */
  readonly smoothing?: number;
}

/**
 * The y scale for positive quantities that may span decades (variances,
 * gradient norms): logarithmic when the largest is over 100 times the
 * smallest, linear otherwise, where a log axis only distorts.
 */
export function scaleFor(values: Iterable<number | null>): 'linear' | 'log' {
  let low = Infinity;
  let high = 0;
  for (const value of values) {
    if (value === null || !(value > 0)) continue;
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return high > 0 && high / low > 100 ? 'log' : 'linear';
}

/** The x axis over epochs: from 0 (initialization) to the last epoch, not to the next round number. */
export function epochAxis(epochs: readonly { readonly epoch: number }[]): AxisSpec {
  const last = Math.max(1, ...epochs.map((e) => e.epoch));
  return { title: 'epoch', scale: 'linear', min: 0, max: last, integer: true };
}

/** Metrics that are shares of the samples (accuracy, precision, recall, F1, AUC): drawn from 0 to 100 %. Errors such as MAE are not, even below 1. */
export function isFractionMetric(name: string): boolean {
  return /accuracy|precision|recall|^f1$|^auc$/.test(name);
}
