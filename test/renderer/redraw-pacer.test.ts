import { describe, expect, it } from 'vitest';
import { RedrawPacer } from '../../webview/redraw-pacer';
import { fakeClock } from './fake-clock';

/** A pacer on the test's own clock: frames and timers run when the test says; each redraw takes `redrawMs`. */
function pacer(share: number, redrawMs: number) {
  const clock = fakeClock();
  const paced = new RedrawPacer({ share, clock });
  const ran: string[] = [];
  const redraw = (name: string) => () => {
    ran.push(name);
    clock.spend(redrawMs);
  };
  return { paced, ran, redraw, frame: clock.frame, advance: clock.advance, frames: clock.frames };
}

describe('RedrawPacer', () => {
  it('queues redraws only while a snapshot is applied, and runs one per frame in order', () => {
    const { paced, ran, redraw, frame } = pacer(1, 0);
    const [loss, rate, norm] = [{}, {}, {}];
    expect(paced.deferring).toBe(false);
    paced.collect(() => {
      expect(paced.deferring).toBe(true);
      paced.defer(loss, redraw('loss'));
      paced.defer(rate, redraw('rate'));
      paced.defer(norm, redraw('norm'));
    });
    expect(paced.deferring).toBe(false);
    expect(ran).toEqual([]);
    frame();
    expect(ran).toEqual(['loss']);
    frame();
    frame();
    expect(ran).toEqual(['loss', 'rate', 'norm']);
  });

  it('runs a redraw queued outside a snapshot too (a new chart), at the next frame', () => {
    const { paced, ran, redraw, frame } = pacer(0.5, 0);
    paced.defer({}, redraw('created'));
    expect(ran).toEqual([]);
    frame();
    expect(ran).toEqual(['created']);
  });

  it('keeps a panel in its place in the queue and runs only its newest redraw', () => {
    const { paced, ran, redraw, frame } = pacer(1, 0);
    const [loss, rate] = [{}, {}];
    paced.collect(() => {
      paced.defer(loss, redraw('loss 1'));
      paced.defer(rate, redraw('rate 1'));
    });
    paced.collect(() => paced.defer(loss, redraw('loss 2')));
    frame();
    frame();
    frame();
    expect(ran).toEqual(['loss 2', 'rate 1']);
  });

  it(`rests after a redraw so that redraws take at most their share of the time`, () => {
    const { paced, ran, redraw, frame, advance, frames } = pacer(0.25, 40);
    paced.collect(() => {
      paced.defer({}, redraw('first'));
      paced.defer({}, redraw('second'));
    });
    frame();
    expect(ran).toEqual(['first']);
    // 40 ms of drawing asks for 120 ms of rest before the next frame is even asked for.
    expect(frames).toHaveLength(0);
    advance(119);
    expect(frames).toHaveLength(0);
    advance(1);
    frame();
    expect(ran).toEqual(['first', 'second']);
  });

  it('calls back when the queue is empty, at once when nothing is queued, and after a cancel empties it', () => {
    const { paced, redraw, frame } = pacer(1, 0);
    const calls: string[] = [];
    paced.whenSettled(() => calls.push('idle'));
    expect(calls).toEqual(['idle']);
    const [loss, rate] = [{}, {}];
    paced.collect(() => {
      paced.defer(loss, redraw('loss'));
      paced.defer(rate, redraw('rate'));
    });
    paced.whenSettled(() => calls.push('after both'));
    frame();
    expect(calls).toEqual(['idle']);
    paced.cancel(rate);
    expect(calls).toEqual(['idle', 'after both']);
    frame();
    expect(calls).toEqual(['idle', 'after both']);
  });

  it('a redraw that throws does not stop the ones after it', () => {
    const { paced, ran, redraw, frame } = pacer(1, 0);
    paced.collect(() => {
      paced.defer({}, () => {
        throw new Error('bad snapshot');
      });
      paced.defer({}, redraw('next'));
    });
    expect(() => frame()).toThrow('bad snapshot');
    frame();
    expect(ran).toEqual(['next']);
  });
});
