/**
 * A clock of a test's own for the renderer's pacing code: animation frames
 * and timers run only when the test says, and time moves only when it says.
 * It is a FrameClock (webview/frame-clock.ts) for LiveStreams and RedrawPacer.
 */
export function fakeClock() {
  const frames: (() => void)[] = [];
  const timers: { at: number; run: () => void }[] = [];
  let time = 0;
  return {
    frames,
    schedule: (callback: () => void) => {
      frames.push(callback);
    },
    later: (run: () => void, ms: number) => {
      timers.push({ at: time + ms, run });
    },
    now: () => time,
    /** Time spent inside the code under test (a draw that takes ms). */
    spend: (ms: number) => {
      time += ms;
    },
    /** Runs the frames asked for so far. */
    frame: () => {
      for (const callback of frames.splice(0)) callback();
    },
    /** Moves the clock on, running the timers that come due. */
    advance: (ms: number) => {
      time += ms;
      for (const timer of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}
