import { isRunId, type LiveMessage } from '../protocol/renderer-messages';
import { UPDATE_RATE } from '../protocol/worker-messages';

/**
 * Carries training cells' live snapshots to the notebook renderers as
 * messages, so the notebook document is not rewritten for each one.
 *
 * One snapshot per run is on its way at a time: a post is done when a
 * renderer answers that it has drawn it, when no renderer received it, or
 * after `drawnTimeoutMs` (a renderer scrolled away, or gone). Snapshots that
 * arrive meanwhile replace each other, so a slow webview is sent fewer,
 * fresher snapshots instead of a growing queue. A renderer that appears
 * mid-run subscribes and is sent the newest snapshot again. No `vscode`
 * here: renderer-bridge.ts supplies the post and passes the renderer's
 * messages in.
 */

/** Sends a message to the renderers; resolves true when at least one received it. */
export type PostLive = (message: LiveMessage) => PromiseLike<boolean>;

export interface LiveRelayOptions {
  readonly post: PostLive;
  /** How long a post waits for a renderer's 'drawn' before the next may go (default 1000 ms). */
  readonly drawnTimeoutMs?: number;
  /**
   * Least time between two posts for one run (default: the interval at the
   * highest `nnlab.updateRate`). It bounds what a webview's subscribes can
   * ask for, since a webview's messages are not trusted.
   */
  readonly minGapMs?: number;
}

/** One run's stream of snapshots, as the controller feeds it. */
export interface LiveFeed {
  /** The run's id, which the cell's output names so that its renderer can subscribe. */
  readonly run: string;
  /** Sends `json` (a LiveCellPayload as JSON) as the run's newest snapshot; returns its sequence number. */
  publish(json: string): number;
  /** The run is over: nothing more is sent for it, and subscribes to it are ignored. */
  close(): void;
}

export class LiveRelay {
  private readonly feeds = new Map<string, RunFeed>();

  constructor(private readonly options: LiveRelayOptions) {}

  /** Starts the stream of a run; `run` must be a fresh id (see isRunId). */
  open(run: string): LiveFeed {
    if (!isRunId(run) || this.feeds.has(run)) throw new Error(`live relay: run id ${JSON.stringify(run)} is malformed or already open`);
    const feed = new RunFeed(run, this.options, () => this.feeds.delete(run));
    this.feeds.set(run, feed);
    return feed;
  }

  /** A renderer wants the run's newest snapshot; unknown or finished runs are ignored. */
  subscribe(run: string): void {
    this.feeds.get(run)?.resend();
  }

  /** A renderer has drawn snapshot `sequence` of `run`. */
  drawn(run: string, sequence: number): void {
    this.feeds.get(run)?.drawn(sequence);
  }

  /** Closes every stream. */
  dispose(): void {
    for (const feed of [...this.feeds.values()]) feed.close();
  }
}

class RunFeed implements LiveFeed {
  private latest?: LiveMessage;
  /** The sequence of the post waiting for its answer, if any. */
  private waiting?: number;
  private lastSent?: number;
  private lastPostAt = -Infinity;
  private resendWanted = false;
  private timer?: ReturnType<typeof setTimeout>;
  private closed = false;

  constructor(
    readonly run: string,
    private readonly options: LiveRelayOptions,
    private readonly onClose: () => void,
  ) {}

  publish(json: string): number {
    const sequence = (this.latest?.sequence ?? 0) + 1;
    this.latest = { type: 'live', run: this.run, sequence, json };
    this.pump();
    return sequence;
  }

  resend(): void {
    this.resendWanted = true;
    this.pump();
  }

  drawn(sequence: number): void {
    if (this.waiting !== undefined && sequence >= this.waiting) this.release();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.latest = undefined;
    clearTimeout(this.timer);
    this.onClose();
  }

  private pump(): void {
    const message = this.latest;
    if (this.closed || this.waiting !== undefined || this.timer !== undefined || message === undefined) return;
    if (message.sequence === this.lastSent && !this.resendWanted) return;
    const wait = this.lastPostAt + (this.options.minGapMs ?? 1000 / UPDATE_RATE.max) - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.resendWanted = false;
    this.lastSent = message.sequence;
    this.lastPostAt = performance.now();
    const sequence = message.sequence;
    this.waiting = sequence;
    this.timer = setTimeout(() => this.release(), this.options.drawnTimeoutMs ?? 1000);
    // A post nobody received needs no answer; one that failed has none coming either.
    Promise.resolve(this.options.post(message)).then(
      (received) => {
        if (!received && this.waiting === sequence) this.release();
      },
      () => {
        if (this.waiting === sequence) this.release();
      },
    );
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
    this.pump();
  }
}
