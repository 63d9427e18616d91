import type { Point } from './spec';

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the
 * first points are not dragged towards zero. With weight w, for the i-th
 * finite value y_i (i from 1):
 *
 *   last_i = w · last_{i−1} + (1 − w) · y_i,  last_0 = 0
 *   smoothed_i = last_i / (1 − w^i)
 *
 * Gaps (null) stay gaps and do not count; a constant series is returned as
 * it is (TensorBoard does the same, so a flat line is not bent by rounding).
 * w = 0 leaves every value unchanged.
 */
export function smooth(points: readonly Point[], weight: number): Point[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  const values = points.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y));
  if (w === 0 || values.every((y) => y === values[0])) return points.map((p) => ({ ...p }));
  let last = 0;
  let count = 0;
  return points.map((p) => {
    if (p.y === null || !Number.isFinite(p.y)) return { x: p.x, y: p.y };
    last = last * w + (1 - w) * p.y;
    count++;
    return { x: p.x, y: last / (1 - w ** count) };
  });
}
