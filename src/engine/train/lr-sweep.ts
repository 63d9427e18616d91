/**
 * The arithmetic of a learning-rate range test (Smith 2015; fastai's
 * `lr_find`): the exponential sweep of rates, the smoothed loss, its slope
 * against log η, and the rates it suggests. Pure functions of the recorded
 * losses, so each is checked against hand-worked values.
 */

/** η_i = η_start·(η_end/η_start)^{i/(N−1)}, i = 0…N−1: equal steps on a log axis, ending exactly at η_end. */
export function sweepRates(start: number, end: number, steps: number): number[] {
  if (steps === 1) return [start];
  return Array.from({ length: steps }, (_, i) => start * (end / start) ** (i / (steps - 1)));
}

/**
 * fastai's smoothed loss: the moving average avg_i = β·avg_{i−1} + (1−β)·ℓ_i
 * from avg_0 = 0, divided by 1−β^i so that the first values are not pulled
 * towards that zero (i counts from 1). Fed one loss at a time, as a sweep
 * must judge divergence as it goes.
 */
export class SmoothedLoss {
  private average = 0;
  private count = 0;

  constructor(readonly beta: number) {}

  /** Takes the next loss; returns the smoothed value so far. */
  add(loss: number): number {
    this.average = this.beta * this.average + (1 - this.beta) * loss;
    this.count++;
    return this.average / (1 - this.beta ** this.count);
  }
}

/** The smoothed loss after each of `losses` (see SmoothedLoss). */
export function smoothLosses(losses: readonly number[], beta: number): number[] {
  const smoothed = new SmoothedLoss(beta);
  return losses.map((loss) => smoothed.add(loss));
}

/**
 * d ℓ̂ / d log₁₀ η at each rate: the change of the smoothed loss per decade of
 * η, by central differences inside and one-sided ones at the ends (NumPy's
 * `gradient`). Empty for fewer than two points.
 */
export function lossSlopes(rates: readonly number[], smoothed: readonly number[]): number[] {
  const n = Math.min(rates.length, smoothed.length);
  if (n < 2) return [];
  const x = rates.slice(0, n).map(Math.log10);
  return Array.from({ length: n }, (_, i) => {
    const a = Math.max(0, i - 1);
    const b = Math.min(n - 1, i + 1);
    return (smoothed[b] - smoothed[a]) / (x[b] - x[a]);
  });
}

/** How the steepest descent is made robust: the points it ignores and the span it fits. */
export interface SteepestRule {
  /** The first points skipped: the smoothed loss of the first few batches is nearly their plain mean, and one spike there swings it. */
  readonly skip: number;
  /** Points in each fitted window: the descent must hold over them, not over one step. */
  readonly window: number;
}

/** fastai skips the first 10 of 100 points: the same tenth of any sweep; each window spans another tenth (at least 3 points), long enough that batch-to-batch noise does not pass for a descent. */
export function steepestRule(steps: number): SteepestRule {
  return { skip: Math.round(steps / 10), window: Math.max(3, Math.round(steps / 10)) };
}

/** The share the smoothed loss must fall by, from where the search starts to its lowest, for a descent to be suggested. */
export const MIN_FALL = 0.05;

export interface SteepestDescent {
  /** The index of the window's middle point, and its rate: the suggestion. */
  readonly index: number;
  readonly lr: number;
  /** The descent counted, loss per decade of η (negative): the slower of the smoothed and the raw loss's. */
  readonly slope: number;
  /** The first and last index of the window. */
  readonly from: number;
  readonly to: number;
}

export interface LowestLoss {
  readonly index: number;
  readonly lr: number;
  readonly loss: number;
}

/**
 * Where the loss falls fastest in a sustained way. Among windows of
 * `rule.window` consecutive points that start after the first `rule.skip`
 * and end at or before the lowest smoothed loss, the one whose descent
 * against log₁₀ η is steepest, a window's descent being the slower of two
 * slopes: the least-squares slope of the smoothed loss, and the median of the
 * slopes between every pair of raw losses (Theil–Sen), which one spike cannot
 * move. The smoothed loss remembers a spike for many batches (early on it is
 * nearly the plain mean of every loss so far), so its fall back from one
 * looks like a descent the raw losses do not make; asking both to fall
 * rejects it. Undefined when no window falls, or when the loss never
 * clearly falls at all: its lowest smoothed value is less than MIN_FALL below
 * the smoothed value where the search starts, and any "steepest" window
 * would be batch-to-batch noise.
 */
export function steepestDescent(rates: readonly number[], losses: readonly number[], smoothed: readonly number[], rule: SteepestRule): SteepestDescent | undefined {
  const lowest = lowestLoss(rates, smoothed, rule.skip);
  if (lowest === undefined || !fellClearly(smoothed, rule)) return undefined;
  const x = rates.map(Math.log10);
  let best: SteepestDescent | undefined;
  for (let from = rule.skip; from + rule.window - 1 <= lowest.index; from++) {
    const to = from + rule.window - 1;
    const span = x.slice(from, to + 1);
    const slope = Math.max(leastSquaresSlope(span, smoothed.slice(from, to + 1)), medianPairSlope(span, losses.slice(from, to + 1)));
    if (slope < 0 && (best === undefined || slope < best.slope)) {
      const index = Math.floor((from + to) / 2);
      best = { index, lr: rates[index], slope, from, to };
    }
  }
  return best;
}

/** True when the lowest smoothed loss, after the skipped points, is at least MIN_FALL below the smoothed loss where they end. */
export function fellClearly(smoothed: readonly number[], rule: SteepestRule): boolean {
  if (smoothed.length <= rule.skip) return false;
  return Math.min(...smoothed.slice(rule.skip)) <= (1 - MIN_FALL) * smoothed[rule.skip];
}

/** The lowest smoothed loss from index `from` on (the first points are the noisiest), and its rate; undefined when there are none. */
export function lowestLoss(rates: readonly number[], smoothed: readonly number[], from = 0): LowestLoss | undefined {
  let index = -1;
  for (let i = from; i < smoothed.length; i++) if (index < 0 || smoothed[i] < smoothed[index]) index = i;
  return index < 0 ? undefined : { index, lr: rates[index], loss: smoothed[index] };
}

/** The slope b of the line a + b·x closest to the points in squares. */
function leastSquaresSlope(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (x[i] - meanX) * (y[i] - meanY);
    variance += (x[i] - meanX) ** 2;
  }
  return covariance / variance;
}

/** The Theil–Sen slope: the median of (y_j − y_i)/(x_j − x_i) over every pair i < j. */
function medianPairSlope(x: readonly number[], y: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) for (let j = i + 1; j < x.length; j++) slopes.push((y[j] - y[i]) / (x[j] - x[i]));
  slopes.sort((a, b) => a - b);
  const middle = slopes.length / 2;
  return Number.isInteger(middle) ? (slopes[middle - 1] + slopes[middle]) / 2 : slopes[Math.floor(middle)];
}
