import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/rng';
import { DownsampledSeries, RecentWindow, type SeriesPoint } from '../../../src/engine/train/series';
import { Throttle } from '../../../src/engine/train/throttle';

/** Pushes y[i] at x = i + 1. */
function seriesOf(capacity: number, ys: readonly number[]): DownsampledSeries {
  const series = new DownsampledSeries(capacity);
  ys.forEach((y, i) => series.push(i + 1, y));
  return series;
}

/** The fields a hand-worked bucket states. */
function summary(p: SeriesPoint): [number, number, number, number, number, number, number] {
  return [p.xFirst, p.xLast, p.count, p.mean, p.min, p.max, p.last];
}

describe('DownsampledSeries merging, worked by hand', () => {
  // y at x = 1…10
  const ys = [3, -1, 4, 1, 5, -9, 2, 6, 5, 3];

  it('capacity 4: four points fill four buckets of width 1', () => {
    const series = seriesOf(4, ys.slice(0, 4));
    expect(series.width).toBe(1);
    expect(series.points().map(summary)).toEqual([
      [1, 1, 1, 3, 3, 3, 3],
      [2, 2, 1, -1, -1, -1, -1],
      [3, 3, 1, 4, 4, 4, 4],
      [4, 4, 1, 1, 1, 1, 1],
    ]);
  });

  it('capacity 4: the fifth point merges pairs (width 2) and opens a third bucket', () => {
    // [3, −1] → mean 1, [4, 1] → mean 2.5, then [5] alone.
    const series = seriesOf(4, ys.slice(0, 5));
    expect(series.width).toBe(2);
    expect(series.points().map(summary)).toEqual([
      [1, 2, 2, 1, -1, 3, -1],
      [3, 4, 2, 2.5, 1, 4, 1],
      [5, 5, 1, 5, 5, 5, 5],
    ]);
  });

  it('capacity 4: ten points end in three buckets of width 4', () => {
    // Points 6–8 fill [5,6] and [7,8] (4 buckets); point 9 merges again to
    // [1–4] [5–8] of width 4, and 9–10 share the last bucket.
    //   [3, −1, 4, 1]: sum 7 → mean 1.75, min −1, max 4, last 1
    //   [5, −9, 2, 6]: sum 4 → mean 1,    min −9, max 6, last 6
    //   [5, 3]:        sum 8 → mean 4,    min 3,  max 5, last 3
    const series = seriesOf(4, ys);
    expect(series.width).toBe(4);
    expect(series.points().map(summary)).toEqual([
      [1, 4, 4, 1.75, -1, 4, 1],
      [5, 8, 4, 1, -9, 6, 6],
      [9, 10, 2, 4, 3, 5, 3],
    ]);
    expect(series.points().map((p) => p.x)).toEqual([2.5, 6.5, 9.5]);
    expect([series.length, series.min(), series.max()]).toEqual([10, -9, 6]);
    expect(series.latest()).toEqual({ x: 10, y: 3 });
  });

  it('capacity 3 (odd): the unpaired bucket moves down and keeps filling', () => {
    // y = x. Point 4: [1,2] [3] at width 2, and 4 joins [3] → [3,4].
    // Points 5, 6 → [5,6]. Point 7: [1–4] [5,6] at width 4, and 7 joins → [5–7].
    const series = seriesOf(3, [1, 2, 3, 4, 5, 6, 7]);
    expect(series.width).toBe(4);
    expect(series.points().map(summary)).toEqual([
      [1, 4, 4, 2.5, 1, 4, 4],
      [5, 7, 3, 6, 5, 7, 7],
    ]);
  });

  it.each([2, 3, 5, 7, 8])('capacity %i: every bucket but the last holds exactly width points, after every push', (capacity) => {
    const series = new DownsampledSeries(capacity);
    for (let x = 1; x <= 300; x++) {
      series.push(x, x);
      const points = series.points();
      const last = points[points.length - 1];
      expect(points.length).toBeLessThanOrEqual(capacity);
      expect(points.slice(0, -1).every((p) => p.count === series.width)).toBe(true);
      expect(last.count >= 1 && last.count <= series.width).toBe(true);
      // Buckets tile 1…x with no gap: bucket b starts at b·width + 1.
      expect(points.every((p, b) => p.xFirst === b * series.width + 1)).toBe(true);
      expect(last.xLast).toBe(x);
    }
  });

  it('takes x as given: steps need not start at 1 or be consecutive', () => {
    const series = new DownsampledSeries(2);
    [10, 20, 30].forEach((x) => series.push(x, x / 10));
    expect(series.points().map(summary)).toEqual([
      [10, 20, 2, 1.5, 1, 2, 2],
      [30, 30, 1, 3, 3, 3, 3],
    ]);
  });
});

describe('DownsampledSeries over a million points', () => {
  const total = 1_000_000;
  const capacity = 1024;
  const rng = new Rng(11);
  const ys = new Float64Array(total);
  for (let i = 0; i < total; i++) ys[i] = rng.normal(0, 1);
  ys[123_455] = -50; // x = 123 456
  ys[765_431] = 70; // x = 765 432
  const series = new DownsampledSeries(capacity);
  let mostBuckets = 0;
  for (let i = 0; i < total; i++) {
    series.push(i + 1, ys[i]);
    if (series.bucketCount > mostBuckets) mostBuckets = series.bucketCount;
  }
  const points = series.points();

  it('never holds more than capacity buckets', () => {
    expect(mostBuckets).toBe(capacity);
    // 512 per bucket would hold only 1024·512 = 524 288 points, so the width is
    // 1024 and 10⁶/1024 = 976.6 → 977 buckets, the last one partial.
    expect(series.width).toBe(1024);
    expect(series.bucketCount).toBe(977);
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(total);
    expect(points[976].count).toBe(total - 976 * 1024);
  });

  it('keeps the overall extremes and the last value exact', () => {
    expect(series.min()).toBe(-50);
    expect(series.max()).toBe(70);
    expect(series.length).toBe(total);
    expect(series.latest()).toEqual({ x: total, y: ys[total - 1] });
    // x = 123 456 lies in bucket ⌊123 455/1024⌋ = 120, x = 765 432 in bucket 747.
    expect(points[120].min).toBe(-50);
    expect(points[747].max).toBe(70);
  });

  it("gives every bucket its own points' exact mean, min, max and last", () => {
    for (let b = 0; b < points.length; b++) {
      const from = b * 1024;
      const to = Math.min(total, from + 1024);
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = from; i < to; i++) {
        sum += ys[i];
        min = Math.min(min, ys[i]);
        max = Math.max(max, ys[i]);
      }
      const p = points[b];
      expect([p.xFirst, p.xLast, p.min, p.max, p.last]).toEqual([from + 1, to, min, max, ys[to - 1]]);
      expect(p.mean).toBeCloseTo(sum / (to - from), 12);
    }
  });
});

describe('DownsampledSeries keeps NaN and ±∞ visible', () => {
  // x = 1…10; capacity 4 ends in buckets [1–4] [5–8] [9–10] as above.
  const series = seriesOf(4, [1, 2, Number.NaN, 4, 5, Infinity, -Infinity, 8, 9, 10]);
  const points = series.points();

  it('counts them per bucket with the first one and its step', () => {
    expect(points.map((p) => [p.nonFinite, p.firstNonFinite, p.firstNonFiniteX])).toEqual([
      [1, Number.NaN, 3],
      [2, Infinity, 6],
      [0, Number.NaN, Number.NaN],
    ]);
    expect(series.nonFiniteCount).toBe(3);
    expect(series.firstNonFinite()).toEqual({ x: 3, y: Number.NaN });
  });

  it('leaves them out of the means and extremes', () => {
    // [1, 2, ·, 4] → mean 7/3; [5, ·, ·, 8] → mean 6.5; [9, 10] → 9.5
    expect(points.map((p) => [p.count, p.mean, p.min, p.max])).toEqual([
      [4, 7 / 3, 1, 4],
      [4, 6.5, 5, 8],
      [2, 9.5, 9, 10],
    ]);
    expect([series.min(), series.max()]).toEqual([1, 10]);
  });

  it('reports a bucket of only non-finite values as NaN, and the latest value as pushed', () => {
    const bad = seriesOf(2, [Number.NaN, -Infinity]);
    expect(bad.points().map((p) => [p.mean, p.min, p.max, p.last])).toEqual([
      [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
      [Number.NaN, Number.NaN, Number.NaN, -Infinity],
    ]);
    expect(bad.latest()).toEqual({ x: 2, y: -Infinity });
    expect([bad.min(), bad.max()]).toEqual([Number.NaN, Number.NaN]);
  });

  it('an empty series has no latest point, no extremes and no non-finite value', () => {
    const empty = new DownsampledSeries();
    expect([empty.capacity, empty.length, empty.latest(), empty.firstNonFinite(), empty.min()]).toEqual([1024, 0, undefined, undefined, Number.NaN]);
  });

  it('clear() starts over at width 1', () => {
    const again = seriesOf(4, [1, 2, 3, 4, 5, Number.NaN]);
    again.clear();
    again.push(7, 0.5);
    expect(again.points().map(summary)).toEqual([[7, 7, 1, 0.5, 0.5, 0.5, 0.5]]);
    expect([again.width, again.length, again.nonFiniteCount, again.max()]).toEqual([1, 1, 0, 0.5]);
  });
});

describe('RecentWindow', () => {
  it('keeps the last size values in order', () => {
    const window = new RecentWindow(5);
    for (let v = 1; v <= 7; v++) window.push(v);
    // 1 and 2 have dropped out.
    expect(Array.from(window.values())).toEqual([3, 4, 5, 6, 7]);
    expect([window.length, window.at(0), window.latest(), window.at(5)]).toEqual([5, 3, 7, Number.NaN]);
    expect(window.mean()).toBe(5); // (3+4+5+6+7)/5
    expect(window.fraction((v) => v > 4)).toBe(0.6); // 5, 6, 7
    expect(window.count((v) => v % 2 === 1)).toBe(3); // 3, 5, 7
  });

  it('answers "clipped in 92 % of the last 200 steps"', () => {
    const clipped = new RecentWindow(200);
    // Over 1000 steps, steps with i mod 25 ∈ {0, 1} are not clipped. Of the
    // last 200 (800…999) that is 2 in each of 8 blocks of 25 = 16, so 184/200.
    for (let i = 0; i < 1000; i++) clipped.push(i % 25 < 2 ? 0 : 1);
    expect(clipped.fraction((v) => v === 1)).toBe(0.92);
    expect(clipped.mean()).toBe(0.92);
  });

  it('works before it is full, and when empty', () => {
    const window = new RecentWindow(4);
    expect([window.length, window.latest(), window.mean(), window.fraction(() => true)]).toEqual([0, Number.NaN, Number.NaN, Number.NaN]);
    window.push(2);
    window.push(6);
    expect(Array.from(window.values())).toEqual([2, 6]);
    expect(window.mean()).toBe(4);
  });

  it('shows a NaN in the mean only while it is in the window', () => {
    const window = new RecentWindow(2);
    window.push(Number.NaN);
    window.push(1);
    expect(window.mean()).toBeNaN();
    window.push(3);
    expect(window.mean()).toBe(2);
  });

  it('copies into a given buffer without allocating', () => {
    const window = new RecentWindow(3);
    [1, 2, 3, 4].forEach((v) => window.push(v));
    const out = new Float64Array(3);
    expect(window.values(out)).toBe(out);
    expect(Array.from(out)).toEqual([2, 3, 4]);
    window.clear();
    expect(window.length).toBe(0);
  });
});

describe('Throttle with a fake clock', () => {
  function clocked(intervalMs: number): { throttle: Throttle; at: (t: number) => Throttle } {
    let time = 0;
    const throttle = new Throttle(intervalMs, () => time);
    return {
      throttle,
      at: (t) => {
        time = t;
        return throttle;
      },
    };
  }

  it('lets through the first call and then one per interval, on a steady cadence', () => {
    const { at } = clocked(100);
    const calls: [number, boolean][] = [
      [0, true], // first call
      [50, false],
      [99.9, false],
      [100, true], // the slot at 100
      [150, false],
      [199, false],
      [230, true], // late for the slot at 200: let through, and the next slot stays at 300
      [290, false],
      [300, true], // the slot at 300, though only 70 ms after 230
      [350, false],
      [620, true], // after a pause of more than an interval the cadence restarts here
      [700, false],
      [720, true],
    ];
    for (const [t, expected] of calls) expect([t, at(t).ready()]).toEqual([t, expected]);
  });

  it('keeps ten events a second from a source a little slower than the cadence', () => {
    // events every 30 ms for 10 s through a 100 ms throttle: 100 let through, not 10 000/120 ≈ 83
    const { at } = clocked(100);
    let through = 0;
    for (let t = 0; t < 10_000; t += 30) if (at(t).ready()) through++;
    expect(through).toBe(100);
  });

  it('flush() reports a held-back event once, and counts as an event', () => {
    const { at } = clocked(100);
    expect(at(0).ready()).toBe(true);
    expect(at(40).flush()).toBe(false); // nothing held back yet
    expect(at(60).ready()).toBe(false);
    expect(at(70).flush()).toBe(true); // the event at 60 was held back: send now
    expect(at(80).flush()).toBe(false);
    expect(at(120).ready()).toBe(false); // 120 − 70 < 100
    expect(at(170).ready()).toBe(true);
  });

  it('reset() lets the next call through at once', () => {
    const { at } = clocked(1000);
    expect(at(5).ready()).toBe(true);
    expect(at(6).ready()).toBe(false);
    at(6).reset();
    expect(at(7).ready()).toBe(true);
    expect(at(8).flush()).toBe(false);
  });

  it('interval 0 lets everything through; a clock going backwards lets the next event through', () => {
    const zero = clocked(0);
    expect([zero.at(1).ready(), zero.at(1).ready(), zero.at(1).ready()]).toEqual([true, true, true]);
    const back = clocked(100);
    expect([back.at(1000).ready(), back.at(500).ready(), back.at(550).ready()]).toEqual([true, true, false]);
  });

  it('uses performance.now by default', () => {
    expect(new Throttle(50).ready()).toBe(true);
  });
});

describe('bad settings', () => {
  it.each([
    [() => new DownsampledSeries(1), 'downsampled series: capacity must be ≥ 2, got 1'],
    [() => new DownsampledSeries(100.5), 'downsampled series: capacity must be a whole number, got 100.5'],
    [() => new RecentWindow(0), 'recent window: size must be ≥ 1, got 0'],
    [() => new RecentWindow(Number.NaN), 'recent window: size must be a finite number, got NaN'],
    [() => new Throttle(-1), 'throttle: interval_ms must be ≥ 0, got -1'],
  ])('%#', (build, message) => {
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});
