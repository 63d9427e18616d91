import type { SeriesSpec } from './spec';

/**
 * Runs whose lines lie on top of each other (zeros and small_random both
 * never break symmetry): the pairs, earlier run first, whose values agree
 * at every point to within a thousandth of their size. The later one is
 * drawn over the earlier in its own dash pattern, and the description says so.
 */
export function coincidences(series: readonly SeriesSpec[]): [SeriesSpec, SeriesSpec][] {
  const lines = series.filter((s) => s.variant !== undefined && ys(s).some((y) => y !== null));
  const pairs: [SeriesSpec, SeriesSpec][] = [];
  lines.forEach((over, j) => {
    const under = lines.slice(0, j).find((candidate) => same(candidate, over));
    if (under) pairs.push([under, over]);
  });
  return pairs;
}

/** A series' values in order: its points' over a linear axis, its values over a category axis. */
function ys(series: SeriesSpec): (number | null)[] {
  return series.points ? series.points.map((p) => p.y) : [...(series.values ?? [])];
}

function same(a: SeriesSpec, b: SeriesSpec): boolean {
  const xs = (s: SeriesSpec): string => JSON.stringify((s.points ?? []).map((p) => p.x));
  const ya = ys(a);
  const yb = ys(b);
  if (ya.length !== yb.length || xs(a) !== xs(b)) return false;
  return ya.every((p, i) => {
    const q = yb[i];
    if (p === null || q === null) return p === q;
    return Math.abs(p - q) <= 1e-3 * Math.max(Math.abs(p), Math.abs(q), 1e-12);
  });
}
