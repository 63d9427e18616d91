import { browserClock, frameAfter, type FrameClock } from './frame-clock';

/**
 * Live redraws spread over frames. A live snapshot changes every chart of a
 * run at once; redrawn together they make one long task (50–120 ms for eight
 * charts), and a notebook's webview may share its thread with the workbench
 * (it does in a browser), which cannot answer a key or a scroll meanwhile.
 * While a snapshot is applied, panels hand their redraws to the pacer
 * instead: it runs one per animation frame, and after a redraw that took
 * d ms rests (1/share − 1)·d ms, so redraws take at most `share` of the
 * thread. A newer redraw of a panel replaces its queued one in place.
 */

export interface RedrawPacerOptions {
  /** The most of the thread's time redraws may take. */
  readonly share: number;
  /** Frames and time; the browser's by default. */
  readonly clock?: FrameClock;
}

export class RedrawPacer {
  private readonly queue = new Map<object, () => void>();
  private readonly settled: (() => void)[] = [];
  private collecting = false;
  private frameAsked = false;
  private resumeAt = -Infinity;

  private readonly clock: FrameClock;

  constructor(private readonly options: RedrawPacerOptions) {
    this.clock = options.clock ?? browserClock;
  }

  /** Whether a snapshot is being applied: a panel defers the update of an existing chart only then. */
  get deferring(): boolean {
    return this.collecting;
  }

  /** Runs `apply` (a view update) with the panels' redraws queued rather than run. */
  collect(apply: () => void): void {
    const outer = this.collecting;
    this.collecting = true;
    try {
      apply();
    } finally {
      this.collecting = outer;
    }
  }

  /** Queues a panel's redraw, replacing one it has queued; it runs at a coming frame. */
  defer(owner: object, redraw: () => void): void {
    this.queue.set(owner, redraw);
    this.askFrame();
  }

  /** Drops a panel's queued redraw: it drew in full since, or is gone. */
  cancel(owner: object): void {
    this.queue.delete(owner);
    if (this.queue.size === 0) this.settle();
  }

  /** Calls back once every queued redraw has run (at once when none is queued). */
  whenSettled(callback: () => void): void {
    if (this.queue.size === 0) callback();
    else this.settled.push(callback);
  }

  private askFrame(): void {
    if (this.frameAsked || this.queue.size === 0) return;
    this.frameAsked = true;
    frameAfter(this.clock, this.resumeAt, () => this.runNext());
  }

  private runNext(): void {
    this.frameAsked = false;
    const next = this.queue.entries().next();
    if (next.done) return;
    const [owner, redraw] = next.value;
    this.queue.delete(owner);
    const started = this.clock.now();
    try {
      redraw();
    } finally {
      const spent = this.clock.now() - started;
      this.resumeAt = started + spent / this.options.share;
      if (this.queue.size === 0) this.settle();
      else this.askFrame();
    }
  }

  private settle(): void {
    for (const callback of this.settled.splice(0)) callback();
  }
}

/** The most of the thread's time live drawing may take. */
export const DRAW_SHARE = 0.25;

/** Live updates of existing charts: every panel of every output queues here, so together they keep to {@link DRAW_SHARE}. */
export const liveRedraws = new RedrawPacer({ share: DRAW_SHARE });

/**
 * New charts, one per frame with as long a rest as the last took: an
 * output's ten charts created at once would hold the thread for a quarter
 * of a second; one at a time, the window answers in between and the charts
 * fill in within about half a second.
 */
export const chartCreations = new RedrawPacer({ share: 0.5 });
