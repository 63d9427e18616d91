import { isRunId, type LiveMessage } from '../protocol/renderer-messages';
import { UPDATE_RATE } from '../protocol/worker-messages';

/**
 * Carries training cells' live snapshots to the notebook renderers as
 * messages, so the notebook document is not rewritten for each one.
 *
 * One snapshot per run is on its way at a time: a post is done when a
 * renderer answers that it has drawn it, or after `drawnTimeoutMs` (a
 * renderer scrolled away or gone, or no notebook editor open at all: a post
 * still crosses to the window, so unheard ones go no faster than this).
 * Snapshots that arrive meanwhile replace each other, so a slow webview is
 * sent fewer, fresher snapshots instead of a growing queue. A renderer that
 * appears mid-run subscribes and is sent the newest snapshot again, at once
 * if the last post reached no one. No `vscode` here: renderer-bridge.ts
 * supplies the post and passes the renderer's messages in.
 */

/** Sends a message to the renderers; resolves true when at least one received it. */
export type PostLive = (message: LiveMessage) => PromiseLike<boolean>;

export interface LiveRelayOptions {
  readonly post: PostLive;
  /**
   * How long a post waits for a renderer's 'drawn' before the next may go
   * (default 2000 ms: a renderer paces its answers to keep drawing to a share
   * of its time, so a slow chart answers late rather than never).
   */
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
  /**
   * Makes `json` (a LiveCellPayload as JSON text) the run's newest snapshot
   * and returns its sequence number. It is called only if the snapshot is
   * sent: one replaced while another waits costs nothing.
   */
  publish(json: () => string): number;
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

/** A snapshot not yet written out as a message. */
interface Snapshot {
  readonly sequence: number;
  readonly json: () => string;
}

class RunFeed implements LiveFeed {
  private latest?: Snapshot;
  /** The sequence of the post waiting for its answer, if any. */
  private waiting?: number;
  private lastSent?: number;
  private lastPostAt = -Infinity;
  private resendWanted = false;
  /** The waiting post reached no renderer. */
  private unheard = false;
  private timer?: ReturnType<typeof setTimeout>;
  private closed = false;

  constructor(
    readonly run: string,
    private readonly options: LiveRelayOptions,
    private readonly onClose: () => void,
  ) {}

  publish(json: () => string): number {
    const sequence = (this.latest?.sequence ?? 0) + 1;
    this.latest = { sequence, json };
    this.pump();
    return sequence;
  }

  resend(): void {
    this.resendWanted = true;
    if (this.unheard) this.release();
    else this.pump();
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
    const snapshot = this.latest;
    if (this.closed || this.waiting !== undefined || this.timer !== undefined || snapshot === undefined) return;
    if (snapshot.sequence === this.lastSent && !this.resendWanted) return;
    const wait = this.lastPostAt + (this.options.minGapMs ?? 1000 / UPDATE_RATE.max) - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, wait);
      return;
    }
    this.resendWanted = false;
    const { sequence } = snapshot;
    const message: LiveMessage = { type: 'live', run: this.run, sequence, json: snapshot.json() };
    this.lastSent = sequence;
    this.lastPostAt = performance.now();
    this.waiting = sequence;
    this.unheard = false;
    this.timer = setTimeout(() => this.release(), this.options.drawnTimeoutMs ?? 2000);
    const unheard = () => {
      if (this.waiting === sequence) this.unheard = true;
    };
    Promise.resolve(this.options.post(message)).then((received) => {
      if (!received) unheard();
    }, unheard);
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
    this.unheard = false;
    this.pump();
  }
}
