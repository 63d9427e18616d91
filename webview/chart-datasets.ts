import type { ChartDataset, PointStyle } from 'chart.js';
import type { ChartSpec, MarkerStyle, Point, SeriesSpec } from './charts/spec';
import { smooth } from './charts/smoothing';
import { withAlpha, type Theme } from './theme';

/**
 * A ChartSpec's series as Chart.js datasets, in the theme's colours, with
 * the reader's smoothing and scale. Every colour field a dataset has
 * (line, fill, point and hover colours) is written here, so a theme change
 * rewrites them all.
 */

/** Datasets are built loosely and handed to Chart.js as they are: line and bar options mix in one chart. */
export type Dataset = ChartDataset;

/** A dataset with the series it draws (its key, shared by a smoothed line and its faint raw values). */
export interface Drawn {
  readonly key: string;
  readonly group: string;
  readonly dataset: Dataset;
  /** Its legend symbol: a line (with its dash), the series' own marker when it has one, a box for bars and bands. */
  readonly symbol: PointStyle;
}

/** Dash patterns and markers of overlaid runs, by variant: the first solid, then ever sparser dashes. */
const DASHES: readonly number[][] = [[], [7, 3], [2, 2], [10, 3, 2, 3], [14, 4], [4, 4, 1, 4]];
const MARKERS: readonly MarkerStyle[] = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'circle'];

/** Point markers are drawn when a series has at most this many points (or always, when it asks for a marker). */
const MAX_MARKED_POINTS = 60;

export interface DrawOptions {
  readonly log: boolean;
  readonly smoothing: number;
}

/** How many legend entries a spec has that are lines: four or more make an overlay that needs thinner lines. */
export function lineCount(spec: ChartSpec): number {
  return spec.series.filter((s) => s.label !== '' && (s.style === 'line' || s.style === 'dashed')).length;
}

/** Chart.js datasets for a spec: a band becomes two (lower edge, then upper filled down to it); a smoothed line, its raw values then the smoothed ones. */
export function datasetsOf(spec: ChartSpec, theme: Theme, { log, smoothing }: DrawOptions): Drawn[] {
  const category = spec.x.scale === 'category';
  const span = xSpan(spec.series);
  const width = lineCount(spec) >= 4 ? Math.max(1, theme.lineWidth * 0.7) : theme.lineWidth;
  const out: Drawn[] = [];
  for (const series of spec.series) {
    const color = theme.colors[series.color];
    const data = (points: readonly Point[] | undefined, raw?: readonly Point[]): unknown[] =>
      (points ?? []).map((p, i) => ({ x: p.x, y: onScale(p.y, log), ...(raw ? { unsmoothed: raw[i]?.y } : {}) }));
    const values = (): unknown[] => (series.values ?? []).map((v) => onScale(v, log));
    const count = category ? (series.values?.length ?? 0) : (series.points?.length ?? 0);
    const variant = series.variant;
    const marker = series.marker ?? (variant !== undefined ? MARKERS[variant % MARKERS.length] : 'circle');
    const line = {
      type: 'line' as const,
      label: series.label,
      ...paint(color),
      borderWidth: width,
      pointStyle: marker,
      pointRadius: series.marker !== undefined || count <= MAX_MARKED_POINTS ? (series.marker ? 3 : 2) : 0,
      pointHitRadius: 6,
      tension: 0,
      fill: false,
      borderDash: variant !== undefined ? DASHES[variant % DASHES.length] : ([] as number[]),
      showLine: true,
      // Later runs are drawn over earlier ones, so a run identical to an earlier one shows its dashes on top.
      order: -(variant ?? 0),
      data: category ? values() : data(series.points),
    };
    const symbol: PointStyle = series.style === 'bar' || series.style === 'band' ? 'rect' : series.style === 'points' ? (series.marker ?? 'triangle') : (series.marker ?? 'line');
    const push = (key: string, dataset: object): void => {
      out.push({ key, group: series.key, dataset: dataset as Dataset, symbol });
    };
    const smoothable = (series.style === 'line' || series.style === 'dashed') && !category && smoothing > 0 && series.points !== undefined;
    const dash = series.style === 'dashed' ? [6, 4] : line.borderDash;
    if (smoothable) {
      // The raw values stay faint behind the smoothed line, as in TensorBoard.
      push(`${series.key}:raw`, { ...line, label: '', ...paint(withAlpha(color, 0.25)), borderDash: dash, pointRadius: 0, pointHitRadius: 0, order: line.order + 0.5 });
    }
    switch (series.style) {
      case 'line':
      case 'dashed': {
        const points = smoothable ? smooth(series.points ?? [], smoothing) : series.points;
        push(series.key, { ...line, borderDash: dash, data: category ? values() : data(points, smoothable ? series.points : undefined) });
        break;
      }
      case 'faint':
        push(series.key, { ...line, ...paint(withAlpha(color, 0.5)), borderDash: [2, 3], pointRadius: 0 });
        break;
      case 'points':
        // Markers go over every line: a divergence ✕ must not hide under the runs.
        push(series.key, { ...line, showLine: false, pointRadius: series.marker === 'crossRot' ? 7 : 3, borderWidth: 2, pointBorderWidth: 2, pointStyle: series.marker ?? 'triangle', order: -100, clip: false });
        break;
      case 'band': {
        const edge = { ...line, label: '', borderWidth: 0, pointRadius: 0, pointHitRadius: 0, backgroundColor: withAlpha(color, 0.2), order: 10 };
        push(`${series.key}:low`, { ...edge, data: data(series.points) });
        push(`${series.key}:high`, { ...edge, label: series.label, fill: '-1', data: data(series.upper) });
        break;
      }
      case 'threshold': {
        const level = onScale(series.level ?? null, log);
        const across = category ? (spec.labels ?? []).map(() => level) : span ? [{ x: span[0], y: level }, { x: span[1], y: level }] : [];
        push(series.key, { ...line, borderDash: [2, 4], borderWidth: Math.max(1.5, width), pointRadius: 0, pointHitRadius: 0, data: across });
        break;
      }
      case 'bar':
        push(series.key, { type: 'bar', label: series.label, backgroundColor: withAlpha(color, 0.65), borderColor: color, borderWidth: 1, data: values() });
        break;
    }
  }
  return out;
}

/** Every colour field of a line dataset in one colour. */
export function paint(color: string): Record<string, string> {
  return {
    borderColor: color,
    backgroundColor: color,
    pointBackgroundColor: color,
    pointBorderColor: color,
    pointHoverBackgroundColor: color,
    pointHoverBorderColor: color,
  };
}

/** A log axis cannot show zero or less: such values become gaps. */
function onScale(value: number | null, log: boolean): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return log && value <= 0 ? null : value;
}

function xSpan(series: readonly SeriesSpec[]): [number, number] | undefined {
  let low = Infinity;
  let high = -Infinity;
  for (const { points, style } of series) {
    if (style === 'threshold' || points === undefined) continue;
    for (const { x } of points) {
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
  }
  return low <= high ? [low, high] : undefined;
}
