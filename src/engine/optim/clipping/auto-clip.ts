import { ConfigError } from '../../errors';
import type { Parameter } from '../../parameter';
import { number, ParamSchema, type Options, type Resolved } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, globalGradientNorm, type ClipResult } from './clipper';

const autoClipSchema = new ParamSchema('clip adaptive', {
  percentile: number({ default: 10, min: 0, max: 100, doc: 'p: the clip threshold is the p-th percentile of recent gradient norms.' }),
  // Bounded because each step shifts up to `window` sorted norms and the history is saved with the run.
  window: number({ default: 1000, min: 1, max: 100_000, integer: true, doc: 'How many recent steps\' gradient norms the percentile is taken over.' }),
});

/** Options of `autoClip`. */
export type AutoClipOptions = Options<typeof autoClipSchema.specs>;

/** AutoClip's saved history: the recorded gradient norms, oldest first. */
export interface AutoClipState {
  readonly history: readonly number[];
}

/**
 * AutoClip, the adaptive method of choice here (rule, window and sources in
 * ./auto-clip.entry.ts).
 *
 * A ring buffer remembers the order of arrival and a sorted copy is kept by
 * binary-search insert and remove, so clip() is O(window) and allocates
 * nothing. Non-finite norms are not recorded.
 */
export class AutoClipper extends Clipper<typeof autoClipSchema.specs> {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  /** Where the next norm goes in the ring; when full, the oldest one is there. */
  private head = 0;

  constructor(o: Resolved<typeof autoClipSchema.specs>) {
    super('adaptive', o);
    this.ring = new Float64Array(o.window);
    this.sorted = new Float64Array(o.window);
  }

  clip(params: readonly Parameter[]): ClipResult {
    const norm = globalGradientNorm(params);
    if (Number.isFinite(norm)) this.record(norm);
    return this.clipToNorm(params, norm, this.threshold());
  }

  /** τ: the p-th percentile of the recorded norms (∞ before the first one). */
  threshold(): number {
    const n = this.count;
    if (n === 0) return Infinity;
    const rank = (this.o.percentile / 100) * (n - 1);
    const low = Math.floor(rank);
    const high = Math.min(low + 1, n - 1);
    return this.sorted[low] + (this.sorted[high] - this.sorted[low]) * (rank - low);
  }

  getState(): AutoClipState {
    const window = this.ring.length;
    const history: number[] = [];
    for (let i = 0; i < this.count; i++) history.push(this.ring[(this.head - this.count + i + window) % window]);
    return { history };
  }

  /** Restores a saved history; if it is longer than the window, its newest norms are kept. */
  setState(s: AutoClipState): void {
    if (!Array.isArray(s.history)) throw new ConfigError(`${autoClipSchema.owner}: saved state history must be an array of norms`);
    for (const norm of s.history) {
      if (typeof norm !== 'number' || !Number.isFinite(norm) || norm < 0) {
        throw new ConfigError(`${autoClipSchema.owner}: saved state history must hold finite norms ≥ 0, got ${String(norm)}`);
      }
    }
    this.count = 0;
    this.head = 0;
    for (const norm of s.history) this.record(norm);
  }

  private record(norm: number): void {
    const window = this.ring.length;
    const sorted = this.sorted;
    if (this.count === window) {
      const at = lowerBound(sorted, this.count, this.ring[this.head]);
      sorted.copyWithin(at, at + 1, this.count);
      this.count--;
    }
    const at = lowerBound(sorted, this.count, norm);
    sorted.copyWithin(at + 1, at, this.count);
    sorted[at] = norm;
    this.count++;
    this.ring[this.head] = norm;
    this.head = (this.head + 1) % window;
  }
}

/** The first index in sorted[0, n) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** AutoClip: global-norm clipping at a percentile of recent norms; see the `adaptive` clipper. */
export function autoClip(options: AutoClipOptions = {}): AutoClipper {
  return new AutoClipper(autoClipSchema.resolve(options));
}

/** Registry entry of `adaptive` (AutoClip). */
export const autoClipEntry = defineEntry('adaptive', ['autoclip', 'auto_clip'], autoClipSchema, (o) => new AutoClipper(o));
