import type { Point } from './spec';

/**
 * Whether a learning-rate chart uses a log y axis. The rule: linear, unless
 * the rate is exponential-like AND spans decades, that is
 *
 *   1. its largest positive value is over 100 times its smallest, and
 *   2. log η against the step fits a straight line (R² ≥ 0.9) better than
 *      η itself does.
 *
 * Exponential decay (a straight line on a log axis) and step decay by a
 * constant factor pass; warmup, cosine, linear decay and one-cycle fail:
 * on a log axis their straight and round parts bend into shapes the
 * schedule does not have, so they stay linear whatever their range.
 */
export function learningRateScale(points: readonly Point[]): 'linear' | 'log' {
  const positive = points.filter((p): p is { x: number; y: number } => p.y !== null && p.y > 0 && Number.isFinite(p.y));
  if (positive.length < 3) return 'linear';
  const ys = positive.map((p) => p.y);
  if (Math.max(...ys) / Math.min(...ys) <= 100) return 'linear';
  const xs = positive.map((p) => p.x);
  const logFit = rSquared(xs, ys.map(Math.log10));
  return logFit >= 0.9 && logFit > rSquared(xs, ys) ? 'log' : 'linear';
}

/** How much of y's variance a straight line in x explains (1 for a perfect line, 0 for none). */
function rSquared(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0 || syy === 0) return syy === 0 ? 1 : 0;
  return (sxy * sxy) / (sxx * syy);
}
