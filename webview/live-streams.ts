import type { LiveStream } from '../src/protocol/live-output';
import { isLiveMessage, isRunId, type LiveMessage, type RendererMessage } from '../src/protocol/renderer-messages';
import { browserClock, frameAfter, type FrameClock } from './frame-clock';
import { DRAW_SHARE } from './redraw-pacer';

/**
 * The renderer's side of live training: which output item draws which run's
 * messages. An output written while its cell trains names the run's stream;
 * the renderer subscribes to it (the extension answers with the newest
 * snapshot), draws each snapshot the extension sends at the next animation
 * frame — only the newest, if several came in between — and answers
 * 'drawn', which lets the extension send the next. A snapshot older than
 * what an item shows is never drawn over it, whether it comes as a message
 * or as the output the controller writes every few seconds.
 *
 * Drawing takes at most {@link DRAW_SHARE} of the time: after a draw that
 * took d ms, the next waits (1/DRAW_SHARE − 1)·d ms, and so does the answer,
 * so the extension sends nothing that would only be replaced. A notebook's
 * webview may share its thread with the workbench (it does in a browser),
 * and charts that are slow to draw must leave the window room to respond;
 * where they are quick, `nnlab.updateRate` is the only limit. The charts'
 * own redraws are spread over the following frames (./redraw-pacer), and
 * the answer waits for them too.
 */


export interface LiveStreamsOptions {
  /** The renderer context's postMessage; absent where VS Code offers no messaging (then outputs update only when written). */
  readonly post?: (message: RendererMessage) => void;
  /** Draws a snapshot's JSON text into an output item's view. */
  readonly draw: (itemId: string, json: string) => void;
  /** Calls back when the redraws a draw queued have run (./redraw-pacer); by default at once. */
  readonly settled?: (callback: () => void) => void;
  /** Frames and time; the browser's by default. */
  readonly clock?: FrameClock;
}

interface Follow {
  readonly run: string;
  /** The newest snapshot the item shows. */
  sequence: number;
  /** The newest snapshot received and not yet drawn. */
  pending?: LiveMessage;
}

export class LiveStreams {
  private readonly items = new Map<string, Follow>();
  private frameAsked = false;
  /** When the next draw may start, to keep within DRAW_SHARE. */
  private resumeAt = -Infinity;

  private readonly clock: FrameClock;

  constructor(private readonly options: LiveStreamsOptions) {
    this.clock = options.clock ?? browserClock;
  }

  /**
   * An output item is about to be drawn from its own JSON, which names
   * `stream` while its cell trains. Returns false when the item already shows
   * a newer snapshot of that run, so the older one must not be drawn.
   */
  rendering(itemId: string, stream: LiveStream | undefined): boolean {
    const follow = this.items.get(itemId);
    if (stream === undefined) {
      this.items.delete(itemId);
      return true;
    }
    if (follow?.run === stream.run) {
      if (follow.sequence >= stream.sequence) return false;
      follow.sequence = stream.sequence;
      return true;
    }
    this.items.set(itemId, { run: stream.run, sequence: stream.sequence });
    this.options.post?.({ type: 'subscribe', run: stream.run });
    return true;
  }

  /** A message from the extension; anything but a live snapshot for a followed run is ignored. */
  received(message: unknown): void {
    if (!isLiveMessage(message)) return;
    for (const follow of this.items.values()) {
      if (follow.run !== message.run) continue;
      if (message.sequence <= follow.sequence) {
        // Already shown (a subscribe's answer repeats the newest): say so, or the extension waits for nothing.
        this.options.post?.({ type: 'drawn', run: message.run, sequence: message.sequence });
      } else if (message.sequence > (follow.pending?.sequence ?? -1)) {
        follow.pending = message;
        this.askFrame();
      }
    }
  }

  /** Whether the item follows the run's messages (it was drawn from an output naming that run). */
  follows(itemId: string, run: string): boolean {
    return this.items.get(itemId)?.run === run;
  }

  /** The item is gone; messages for its run are ignored from now on. */
  disposed(itemId: string): void {
    this.items.delete(itemId);
  }

  private askFrame(): void {
    if (this.frameAsked) return;
    this.frameAsked = true;
    frameAfter(this.clock, this.resumeAt, () => this.drawPending());
  }

  private drawPending(): void {
    this.frameAsked = false;
    const started = this.clock.now();
    const drawn: LiveMessage[] = [];
    for (const [itemId, follow] of this.items) {
      const message = follow.pending;
      if (message === undefined) continue;
      follow.pending = undefined;
      follow.sequence = message.sequence;
      this.options.draw(itemId, message.json);
      drawn.push(message);
    }
    const spent = this.clock.now() - started;
    const rest = spent * (1 / DRAW_SHARE - 1);
    this.resumeAt = started + spent + rest;
    const answer = () =>
      (this.options.settled ?? ((callback: () => void) => callback()))(() => {
        for (const message of drawn) this.options.post?.({ type: 'drawn', run: message.run, sequence: message.sequence });
      });
    if (rest > 0) this.clock.later(answer, rest);
    else answer();
  }
}

/** The stream a payload names, when it is a live snapshot with a well-formed one. */
export function streamOf(json: unknown): LiveStream | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { status, stream } = json as { status?: unknown; stream?: { run?: unknown; sequence?: unknown } };
  if (status !== 'running' || typeof stream !== 'object' || stream === null) return undefined;
  return isRunId(stream.run) && Number.isSafeInteger(stream.sequence) && (stream.sequence as number) >= 0 ? { run: stream.run, sequence: stream.sequence as number } : undefined;
}
