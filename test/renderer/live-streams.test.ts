import { describe, expect, it } from 'vitest';
import type { RendererMessage } from '../../src/protocol/renderer-messages';
import { LiveStreams, streamOf } from '../../webview/live-streams';
import { DRAW_SHARE } from '../../webview/redraw-pacer';
import { fakeClock } from './fake-clock';

/**
 * A LiveStreams on a clock of the test's own: frames and timers run when the
 * test says, a draw takes `drawMs`, and what it posts and draws is recorded.
 */
function streams(drawMs = 0) {
  const posted: RendererMessage[] = [];
  const drawn: [string, string][] = [];
  const clock = fakeClock();
  const live = new LiveStreams({
    post: (message) => posted.push(message),
    draw: (item, json) => {
      drawn.push([item, json]);
      clock.spend(drawMs);
    },
    clock,
  });
  return { live, posted, drawn, frame: clock.frame, advance: clock.advance };
}

const live = (sequence: number, json = `{"n":${sequence}}`, run = 'run-a') => ({ type: 'live', run, sequence, json });

describe('renderer live streams', () => {
  it('subscribes once when an item first shows a run', () => {
    const { live: streamsOf, posted } = streams();
    expect(streamsOf.rendering('item', { run: 'run-a', sequence: 0 })).toBe(true);
    expect(streamsOf.rendering('item', { run: 'run-a', sequence: 4 })).toBe(true);
    expect(posted).toEqual([{ type: 'subscribe', run: 'run-a' }]);
  });

  it('draws only the newest of the snapshots that came before a frame, then says it was drawn', () => {
    const { live: streamsOf, posted, drawn, frame } = streams();
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.received(live(1));
    streamsOf.received(live(3));
    streamsOf.received(live(2));
    expect(drawn).toEqual([]);
    frame();
    expect(drawn).toEqual([['item', '{"n":3}']]);
    expect(posted.at(-1)).toEqual({ type: 'drawn', run: 'run-a', sequence: 3 });
  });

  it('never draws an older snapshot over a newer one, from a message or from the written output', () => {
    const { live: streamsOf, posted, drawn, frame } = streams();
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.received(live(5));
    frame();
    expect(streamsOf.rendering('item', { run: 'run-a', sequence: 4 })).toBe(false);
    streamsOf.received(live(5));
    frame();
    expect(drawn).toHaveLength(1);
    // The repeat is acknowledged all the same, so the extension does not wait for it.
    expect(posted.at(-1)).toEqual({ type: 'drawn', run: 'run-a', sequence: 5 });
  });

  it('ignores other runs, malformed messages, and runs whose item shows its final result or is gone', () => {
    const { live: streamsOf, drawn, frame } = streams();
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.rendering('other', { run: 'run-b', sequence: 0 });
    streamsOf.received(live(1, '{}', 'run-c'));
    streamsOf.received({ type: 'live', run: 'run-a', sequence: -1, json: '{}' });
    streamsOf.received({ type: 'live', run: 'run a', sequence: 1, json: '{}' });
    streamsOf.received('live');
    streamsOf.rendering('item', undefined);
    streamsOf.disposed('other');
    streamsOf.received(live(1));
    streamsOf.received(live(1, '{}', 'run-b'));
    frame();
    expect(drawn).toEqual([]);
  });

  it('a message received before a frame is not drawn if the final result came in between', () => {
    const { live: streamsOf, drawn, frame } = streams();
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.received(live(1));
    streamsOf.rendering('item', undefined);
    frame();
    expect(drawn).toEqual([]);
  });

  it(`keeps drawing to ${DRAW_SHARE * 100}% of the time: a slow draw delays its answer and the next draw`, () => {
    const { live: streamsOf, posted, drawn, frame, advance } = streams(40);
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.received(live(1));
    frame();
    expect(drawn).toHaveLength(1);
    const rest = 40 * (1 / DRAW_SHARE - 1);
    // The answer waits out the rest, so the extension sends nothing that would only be replaced.
    expect(posted.filter((m) => m.type === 'drawn')).toEqual([]);
    streamsOf.received(live(2));
    frame();
    expect(drawn).toHaveLength(1);
    advance(rest - 1);
    frame();
    expect(drawn).toHaveLength(1);
    advance(1);
    expect(posted.at(-1)).toEqual({ type: 'drawn', run: 'run-a', sequence: 1 });
    frame();
    expect(drawn.map(([, json]) => json)).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('answers only once the redraws a draw queued have run', () => {
    const waiting: (() => void)[] = [];
    const posted: RendererMessage[] = [];
    const frames: (() => void)[] = [];
    const streamsOf = new LiveStreams({
      post: (message) => posted.push(message),
      draw: () => undefined,
      clock: { schedule: (callback) => frames.push(callback), later: () => undefined, now: () => 0 },
      settled: (callback) => waiting.push(callback),
    });
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    streamsOf.received(live(1));
    for (const callback of frames.splice(0)) callback();
    expect(posted.filter((m) => m.type === 'drawn')).toEqual([]);
    for (const callback of waiting.splice(0)) callback();
    expect(posted.at(-1)).toEqual({ type: 'drawn', run: 'run-a', sequence: 1 });
  });

  it('knows which run an item follows', () => {
    const { live: streamsOf } = streams();
    streamsOf.rendering('item', { run: 'run-a', sequence: 0 });
    expect(streamsOf.follows('item', 'run-a')).toBe(true);
    expect(streamsOf.follows('item', 'run-b')).toBe(false);
    expect(streamsOf.follows('other', 'run-a')).toBe(false);
    streamsOf.disposed('item');
    expect(streamsOf.follows('item', 'run-a')).toBe(false);
  });

  it('works without messaging: nothing is posted, written outputs are drawn', () => {
    const streamsOf = new LiveStreams({ draw: () => undefined, clock: { schedule: (callback) => callback(), later: () => undefined, now: () => 0 } });
    expect(streamsOf.rendering('item', { run: 'run-a', sequence: 2 })).toBe(true);
    expect(streamsOf.rendering('item', { run: 'run-a', sequence: 7 })).toBe(true);
  });
});

describe('streamOf', () => {
  it.each([
    ['a live snapshot', { status: 'running', stream: { run: 'abc-1', sequence: 2 } }, { run: 'abc-1', sequence: 2 }],
    ['a finished result', { status: 'ok', stream: { run: 'abc-1', sequence: 2 } }, undefined],
    ['a snapshot without a stream', { status: 'running' }, undefined],
    ['a malformed run id', { status: 'running', stream: { run: '<script>', sequence: 2 } }, undefined],
    ['a fractional sequence', { status: 'running', stream: { run: 'abc', sequence: 1.5 } }, undefined],
    ['not an object', 'running', undefined],
  ])('%s', (_name, json, expected) => {
    expect(streamOf(json)).toEqual(expected);
  });
});
