/**
 * The time the renderer's pacing runs on (./live-streams, ./redraw-pacer):
 * animation frames, timers and a clock. Tests hand in one of their own.
 */
export interface FrameClock {
  /** Runs a callback before the next paint. */
  schedule(callback: () => void): void;
  /** Runs a callback after `ms` milliseconds. */
  later(callback: () => void, ms: number): void;
  /** Milliseconds from some fixed point. */
  now(): number;
}

/** The browser's: requestAnimationFrame, setTimeout and performance.now. */
export const browserClock: FrameClock = {
  schedule: (callback) => requestAnimationFrame(callback),
  later: (callback, ms) => setTimeout(callback, ms),
  now: () => performance.now(),
};

/** Runs `callback` at the first frame after `resumeAt` (a time on `clock`). */
export function frameAfter(clock: FrameClock, resumeAt: number, callback: () => void): void {
  const wait = resumeAt - clock.now();
  if (wait > 0) clock.later(() => clock.schedule(callback), wait);
  else clock.schedule(callback);
}
