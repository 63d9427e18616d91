import { ParamSchema, number, requiredNumber } from '../params';

/**
 * Telemetry series that live as long as a run without growing: a run of a
 * million steps still charts its loss from at most `capacity` buckets, and a
 * window of the last N steps answers "clipped in 92 % of the last 200 steps".
 */

const seriesSchema = new ParamSchema('downsampled series', {
  capacity: number({
    default: 1024,
    min: 2,
    integer: true,
    doc: 'Most buckets kept; when one more is needed, neighbouring pairs merge and each bucket covers twice as many points.',
  }),
});

/** One bucket of a DownsampledSeries: a run of consecutive points, summarised. */
export interface SeriesPoint {
  /** Midpoint of the bucket's x range, where a chart draws it. */
  readonly x: number;
  readonly xFirst: number;
  readonly xLast: number;
  /** Points in the bucket, finite or not. */
  readonly count: number;
  /** Mean, minimum and maximum of the bucket's finite values; NaN when it has none. */
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** The bucket's most recent value, exactly as pushed (NaN and ±∞ included). */
  readonly last: number;
  /** How many of the bucket's values were NaN or ±∞. */
  readonly nonFinite: number;
  /** The first non-finite value and its x; NaN when there is none. */
  readonly firstNonFinite: number;
  readonly firstNonFiniteX: number;
}

/** A point as pushed. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/**
 * A series of (x, y) points kept in O(capacity) memory for as long as it is
 * fed. Points fill buckets of `width` consecutive points each (1 at first);
 * when a new bucket is needed and `capacity` are in use, neighbouring pairs
 * merge (bucket i takes buckets 2i and 2i+1) and the width doubles. Every
 * bucket but the last then holds exactly `width` points.
 *
 * A bucket keeps count, sum, min, max and last value, so merging loses no
 * extreme, the mean of any bucket is exact (sum/count), and the latest value
 * is always the one pushed. NaN and ±∞ are counted apart, with the first one
 * and its step kept, instead of poisoning the sum and the extremes: a
 * divergence stays visible however far it has been merged. Doubling the
 * width keeps memory fixed while every bucket still covers an equal run of
 * points; the min/max envelope per bucket is the idea of M4 (Jugel et al.,
 * "M4: A Visualization-Oriented Time Series Data Aggregation", 2014): a chart
 * drawn from it shows every spike the raw series has.
 *
 * `push` allocates nothing: every field lives in a typed array of
 * `capacity` entries made once.
 */
export class DownsampledSeries {
  readonly capacity: number;
  private readonly firstX: Float64Array;
  private readonly lastX: Float64Array;
  private readonly counts: Float64Array;
  private readonly sums: Float64Array;
  private readonly mins: Float64Array;
  private readonly maxs: Float64Array;
  private readonly lastY: Float64Array;
  private readonly nonFinites: Float64Array;
  private readonly firstBad: Float64Array;
  private readonly firstBadX: Float64Array;
  /** Every per-bucket array, for moving a bucket whole. */
  private readonly fields: readonly Float64Array[];
  private buckets = 0;
  private pointsPerBucket = 1;
  private seen = 0;
  private smallest = Infinity;
  private largest = -Infinity;
  private latestX = Number.NaN;
  private latestY = Number.NaN;
  private badCount = 0;
  private badX = Number.NaN;
  private badY = Number.NaN;

  /** `capacity`: most buckets kept, default 1024 (checked: a whole number ≥ 2). */
  constructor(capacity?: number) {
    this.capacity = seriesSchema.resolve({ capacity }).capacity;
    const make = (): Float64Array => new Float64Array(this.capacity);
    this.firstX = make();
    this.lastX = make();
    this.counts = make();
    this.sums = make();
    this.mins = make();
    this.maxs = make();
    this.lastY = make();
    this.nonFinites = make();
    this.firstBad = make();
    this.firstBadX = make();
    this.fields = [this.firstX, this.lastX, this.counts, this.sums, this.mins, this.maxs, this.lastY, this.nonFinites, this.firstBad, this.firstBadX];
  }

  /** Records y at x (usually the step number). */
  push(x: number, y: number): void {
    if (this.lastBucketFull()) {
      // With an odd capacity the merge leaves a half-filled last bucket, which takes this point.
      if (this.buckets === this.capacity) this.mergePairs();
      if (this.lastBucketFull()) this.openBucket(x);
    }
    const b = this.buckets - 1;
    this.lastX[b] = x;
    this.lastY[b] = y;
    this.counts[b]++;
    if (Number.isFinite(y)) {
      this.sums[b] += y;
      if (y < this.mins[b]) this.mins[b] = y;
      if (y > this.maxs[b]) this.maxs[b] = y;
      if (y < this.smallest) this.smallest = y;
      if (y > this.largest) this.largest = y;
    } else {
      if (this.nonFinites[b] === 0) {
        this.firstBad[b] = y;
        this.firstBadX[b] = x;
      }
      this.nonFinites[b]++;
      if (this.badCount === 0) {
        this.badX = x;
        this.badY = y;
      }
      this.badCount++;
    }
    this.seen++;
    this.latestX = x;
    this.latestY = y;
  }

  /** Points pushed so far. */
  get length(): number {
    return this.seen;
  }

  /** Buckets in use (at most `capacity`). */
  get bucketCount(): number {
    return this.buckets;
  }

  /** Points each full bucket covers: 1, 2, 4, … */
  get width(): number {
    return this.pointsPerBucket;
  }

  /** The most recent point exactly as pushed; undefined before the first. */
  latest(): XY | undefined {
    return this.seen === 0 ? undefined : { x: this.latestX, y: this.latestY };
  }

  /** Smallest finite value ever pushed; NaN when there is none. */
  min(): number {
    return this.smallest === Infinity ? Number.NaN : this.smallest;
  }

  /** Largest finite value ever pushed; NaN when there is none. */
  max(): number {
    return this.largest === -Infinity ? Number.NaN : this.largest;
  }

  /** How many values were NaN or ±∞. */
  get nonFiniteCount(): number {
    return this.badCount;
  }

  /** The first NaN or ±∞ pushed and its x (the step a run diverged); undefined if none. */
  firstNonFinite(): XY | undefined {
    return this.badCount === 0 ? undefined : { x: this.badX, y: this.badY };
  }

  /** The buckets, oldest first, for a chart. Allocates; call it when drawing, not per step. */
  points(): SeriesPoint[] {
    const points: SeriesPoint[] = [];
    for (let b = 0; b < this.buckets; b++) {
      const finite = this.counts[b] - this.nonFinites[b];
      points.push({
        x: (this.firstX[b] + this.lastX[b]) / 2,
        xFirst: this.firstX[b],
        xLast: this.lastX[b],
        count: this.counts[b],
        mean: finite > 0 ? this.sums[b] / finite : Number.NaN,
        min: finite > 0 ? this.mins[b] : Number.NaN,
        max: finite > 0 ? this.maxs[b] : Number.NaN,
        last: this.lastY[b],
        nonFinite: this.nonFinites[b],
        firstNonFinite: this.nonFinites[b] > 0 ? this.firstBad[b] : Number.NaN,
        firstNonFiniteX: this.nonFinites[b] > 0 ? this.firstBadX[b] : Number.NaN,
      });
    }
    return points;
  }

  /** Forgets every point; the buffers are kept. */
  clear(): void {
    this.buckets = 0;
    this.pointsPerBucket = 1;
    this.seen = 0;
    this.smallest = Infinity;
    this.largest = -Infinity;
    this.latestX = this.latestY = Number.NaN;
    this.badCount = 0;
    this.badX = this.badY = Number.NaN;
  }

  private lastBucketFull(): boolean {
    return this.buckets === 0 || this.counts[this.buckets - 1] >= this.pointsPerBucket;
  }

  private openBucket(x: number): void {
    const b = this.buckets++;
    this.firstX[b] = x;
    this.lastX[b] = x;
    this.counts[b] = 0;
    this.sums[b] = 0;
    this.mins[b] = Infinity;
    this.maxs[b] = -Infinity;
    this.lastY[b] = Number.NaN;
    this.nonFinites[b] = 0;
    this.firstBad[b] = Number.NaN;
    this.firstBadX[b] = Number.NaN;
  }

  /**
   * Bucket i ← buckets 2i and 2i+1, in place: i ≤ 2i, so each pair is read
   * before anything overwrites it. An odd last bucket moves down alone and
   * becomes the partly filled last bucket of the doubled width.
   */
  private mergePairs(): void {
    const pairs = Math.floor(this.buckets / 2);
    for (let i = 0; i < pairs; i++) {
      const a = 2 * i;
      const b = a + 1;
      const badFromA = this.nonFinites[a] > 0;
      this.firstX[i] = this.firstX[a];
      this.lastX[i] = this.lastX[b];
      this.counts[i] = this.counts[a] + this.counts[b];
      this.sums[i] = this.sums[a] + this.sums[b];
      this.mins[i] = Math.min(this.mins[a], this.mins[b]);
      this.maxs[i] = Math.max(this.maxs[a], this.maxs[b]);
      this.lastY[i] = this.lastY[b];
      this.firstBad[i] = badFromA ? this.firstBad[a] : this.firstBad[b];
      this.firstBadX[i] = badFromA ? this.firstBadX[a] : this.firstBadX[b];
      this.nonFinites[i] = this.nonFinites[a] + this.nonFinites[b];
    }
    if (this.buckets % 2 === 1) this.moveBucket(this.buckets - 1, pairs);
    this.buckets = pairs + (this.buckets % 2);
    this.pointsPerBucket *= 2;
  }

  private moveBucket(from: number, to: number): void {
    for (let f = 0; f < this.fields.length; f++) this.fields[f][to] = this.fields[f][from];
  }
}

const windowSchema = new ParamSchema('recent window', {
  size: requiredNumber({ min: 1, integer: true, doc: 'How many of the most recent values are kept.' }),
});

/**
 * The last `size` values in a ring buffer, for rates over recent steps
 * ("clipped in 92 % of the last 200 steps") and short moving averages.
 * `push` allocates nothing; the helpers scan at most `size` values.
 */
export class RecentWindow {
  readonly size: number;
  private readonly ring: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(size: number) {
    this.size = windowSchema.resolve({ size }).size;
    this.ring = new Float64Array(this.size);
  }

  /** Adds a value, dropping the oldest once `size` are held. Push 1/0 for yes/no events. */
  push(value: number): void {
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** Values held: min(pushed, size). */
  get length(): number {
    return this.filled;
  }

  /** The i-th held value, oldest first (0 ≤ i < length). */
  at(i: number): number {
    if (!(i >= 0 && i < this.filled)) return Number.NaN;
    return this.ring[(this.next - this.filled + i + this.size) % this.size];
  }

  /** The most recent value; NaN when empty. */
  latest(): number {
    return this.at(this.filled - 1);
  }

  /** The held values, oldest first, copied into `out` (made if not given). */
  values(out: Float64Array = new Float64Array(this.filled)): Float64Array {
    for (let i = 0; i < this.filled; i++) out[i] = this.at(i);
    return out;
  }

  /** How many held values satisfy the test. */
  count(test: (value: number) => boolean): number {
    let n = 0;
    for (let i = 0; i < this.filled; i++) if (test(this.at(i))) n++;
    return n;
  }

  /** Share of held values that satisfy the test, in [0, 1]; NaN when empty. */
  fraction(test: (value: number) => boolean): number {
    return this.filled === 0 ? Number.NaN : this.count(test) / this.filled;
  }

  /** Arithmetic mean of the held values; NaN when empty or when a NaN is held, so a divergence shows. */
  mean(): number {
    if (this.filled === 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.filled; i++) sum += this.ring[i];
    return sum / this.filled;
  }

  /** Forgets every value. */
  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
