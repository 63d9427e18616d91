import { ParamSchema, number } from '../params';

/**
 * Rate limiting for progress events: a training loop may finish thousands of
 * steps a second, but a chart needs a few updates a second, and every event
 * crosses a worker boundary and a webview message.
 */

const schema = new ParamSchema('throttle', {
  intervalMs: number({ default: 100, min: 0, doc: 'Least time between two events, in milliseconds; 0 lets every event through.' }),
});

/**
 * Lets events through at a steady cadence of one per `intervalMs` of the
 * injected clock.
 *
 *   ready()  true on the first call, then true once the next slot has come:
 *            slots are intervalMs apart, counted from the previous slot, not
 *            from when the late event arrived, so a stream of events a little
 *            slower than the cadence still gets one through per interval on
 *            average (two throttles in series would otherwise add their
 *            delays). After a pause longer than an interval the cadence starts
 *            again from the event that ends it. Otherwise false, and the
 *            throttle remembers that something was held back.
 *   flush()  true when something was held back since the last event let
 *            through: the caller should send its latest state now (at the end
 *            of a run or an epoch), so the final figures are never lost to
 *            the throttle. Counts as an event when it returns true.
 *   reset()  forgets the last event, so the next ready() is true.
 *
 * A clock that moves backwards (a wall clock adjusted by the system) lets the
 * next event through rather than holding events back until it catches up.
 * The clock is injected so tests can drive it by hand; the default is
 * performance.now(), which is monotonic and exists in Node, workers and
 * browsers alike.
 */
export class Throttle {
  readonly intervalMs: number;
  private lastEvent = 0;
  private fired = false;
  private heldBack = false;

  constructor(
    intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.intervalMs = schema.resolve({ intervalMs }).intervalMs;
  }

  /** True when an event may go now (and records it as sent). */
  ready(): boolean {
    const time = this.now();
    if (!this.fired || time - this.lastEvent >= this.intervalMs || time < this.lastEvent) {
      const onCadence = this.fired && time >= this.lastEvent && time - this.lastEvent < 2 * this.intervalMs;
      this.fired = true;
      this.lastEvent = onCadence ? this.lastEvent + this.intervalMs : time;
      this.heldBack = false;
      return true;
    }
    this.heldBack = true;
    return false;
  }

  /** True when an event was held back since the last one sent; the caller sends it now. */
  flush(): boolean {
    if (!this.heldBack) return false;
    this.heldBack = false;
    this.fired = true;
    this.lastEvent = this.now();
    return true;
  }

  /** Forgets the last event: the next ready() is true. */
  reset(): void {
    this.fired = false;
    this.heldBack = false;
  }
}
