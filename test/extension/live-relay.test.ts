import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveRelay } from '../../src/extension/live-relay';
import type { LiveMessage } from '../../src/protocol/renderer-messages';

/** A post that records each message and lets the test say when (and whether) it was received. */
function recorder(received = true) {
  const sent: LiveMessage[] = [];
  const answers: ((value: boolean) => void)[] = [];
  const post = (message: LiveMessage) => {
    sent.push(message);
    return new Promise<boolean>((resolve) => answers.push(resolve));
  };
  const deliver = async () => {
    for (const answer of answers.splice(0)) answer(received);
    await Promise.resolve();
  };
  return { sent, post, deliver, json: () => sent.map((m) => m.json) };
}

const RUN = 'run-1';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('live relay', () => {
  it('sends the first snapshot at once, numbered from 1', () => {
    const { sent, post } = recorder();
    const feed = new LiveRelay({ post, minGapMs: 0 }).open(RUN);
    expect(feed.publish(() => '{"a":1}')).toBe(1);
    expect(sent).toEqual([{ type: 'live', run: RUN, sequence: 1, json: '{"a":1}' }]);
  });

  it('keeps only the newest snapshot while one waits to be drawn, and sends it once that is drawn', async () => {
    const { post, deliver, json } = recorder();
    const relay = new LiveRelay({ post, minGapMs: 0 });
    const feed = relay.open(RUN);
    feed.publish(() => '1');
    await deliver();
    feed.publish(() => '2');
    feed.publish(() => '3');
    expect(json()).toEqual(['1']);
    relay.drawn(RUN, 1);
    expect(json()).toEqual(['1', '3']);
  });

  it('an answer for an older snapshot does not release a newer one', async () => {
    const { post, deliver, json } = recorder();
    const relay = new LiveRelay({ post, minGapMs: 0 });
    const feed = relay.open(RUN);
    feed.publish(() => '1');
    relay.drawn(RUN, 1);
    feed.publish(() => '2');
    await deliver();
    feed.publish(() => '3');
    relay.drawn(RUN, 1);
    expect(json()).toEqual(['1', '2']);
  });

  it('without an answer, the next snapshot goes after the drawn timeout', async () => {
    const { post, deliver, json } = recorder();
    const feed = new LiveRelay({ post, minGapMs: 0, drawnTimeoutMs: 500 }).open(RUN);
    feed.publish(() => '1');
    await deliver();
    feed.publish(() => '2');
    vi.advanceTimersByTime(499);
    expect(json()).toEqual(['1']);
    vi.advanceTimersByTime(1);
    expect(json()).toEqual(['1', '2']);
  });

  it('after a post no renderer received, the next waits out the timeout, unless a renderer subscribes', async () => {
    const { post, deliver, json } = recorder(false);
    const relay = new LiveRelay({ post, minGapMs: 0, drawnTimeoutMs: 500 });
    const feed = relay.open(RUN);
    feed.publish(() => '1');
    await deliver();
    feed.publish(() => '2');
    expect(json()).toEqual(['1']);
    vi.advanceTimersByTime(500);
    expect(json()).toEqual(['1', '2']);
    await deliver();
    feed.publish(() => '3');
    relay.subscribe(RUN);
    expect(json()).toEqual(['1', '2', '3']);
  });

  it('a subscribe sends the newest snapshot again; unknown runs are ignored', async () => {
    const { sent, post, deliver } = recorder();
    const relay = new LiveRelay({ post, minGapMs: 0 });
    const feed = relay.open(RUN);
    relay.subscribe(RUN);
    expect(sent).toEqual([]);
    feed.publish(() => '1');
    relay.drawn(RUN, 1);
    await deliver();
    relay.subscribe(RUN);
    relay.subscribe('another-run');
    expect(sent.map((m) => [m.run, m.sequence])).toEqual([
      [RUN, 1],
      [RUN, 1],
    ]);
  });

  it('subscribes, however many, send at most one post per gap', async () => {
    const { post, deliver } = recorder(false);
    const sent: number[] = [];
    const relay = new LiveRelay({
      post: (message) => {
        sent.push(performance.now());
        return post(message);
      },
      minGapMs: 100,
    });
    relay.open(RUN).publish(() => '1');
    for (let i = 0; i < 50; i += 1) {
      await deliver();
      relay.subscribe(RUN);
      vi.advanceTimersByTime(10);
    }
    expect(sent.length).toBeLessThanOrEqual(6);
    expect(sent.length).toBeGreaterThanOrEqual(4);
  });

  it('a closed run sends nothing more and forgets its id', () => {
    const { post, json } = recorder();
    const relay = new LiveRelay({ post, minGapMs: 0 });
    const feed = relay.open(RUN);
    feed.close();
    feed.publish(() => '1');
    relay.subscribe(RUN);
    expect(json()).toEqual([]);
    expect(() => relay.open(RUN)).not.toThrow();
  });

  it('writes out only the snapshots it sends', async () => {
    const { post, deliver } = recorder();
    const relay = new LiveRelay({ post, minGapMs: 0 });
    const feed = relay.open(RUN);
    const written: string[] = [];
    const snapshot = (json: string) => () => {
      written.push(json);
      return json;
    };
    feed.publish(snapshot('1'));
    await deliver();
    feed.publish(snapshot('2'));
    feed.publish(snapshot('3'));
    relay.drawn(RUN, 1);
    expect(written).toEqual(['1', '3']);
  });

  it('refuses a malformed or duplicate run id', () => {
    const relay = new LiveRelay({ post: recorder().post });
    relay.open(RUN);
    expect(() => relay.open(RUN)).toThrow(/already open/);
    expect(() => relay.open('a b')).toThrow(/malformed/);
  });
});
