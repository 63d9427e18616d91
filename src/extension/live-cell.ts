import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME } from '../protocol/cell-output';
import type { LiveCellPayload } from '../protocol/live-output';
import { liveText, payloadJson } from './cell-report';
import type { LiveFeed, LiveRelay } from './live-relay';

/**
 * Least time between two writes of a training cell's output. Each write
 * changes the notebook document (serialized, diffed, marked dirty, drawn
 * again), so it is rare; the output only has to hold a recent picture for
 * a reload or a save. Live charts come from the messages in between.
 */
export const CHECKPOINT_MS = 5000;

/** Significant digits of the numbers in a live snapshot: plenty for a chart, and a smaller message. */
const LIVE_DIGITS = 6;

/**
 * A training cell's live output. When its turn comes the output is written
 * once, naming the run's stream (`stream.run`) so the renderer knows which
 * messages are its own; every snapshot then goes to the renderers through
 * the {@link LiveRelay}, and every {@link CHECKPOINT_MS} the newest is also
 * written into the output. One write is in flight at a time; the final
 * result replaces it all.
 *
 * The output keeps its id from the cell's last run to the final result:
 * the renderer keeps one view per output id, so it updates the charts it
 * already has instead of creating them again (which takes a noticeable
 * part of a second, on the thread the window shares in a browser).
 */
export class LiveCell {
  private readonly feed: LiveFeed;
  private output?: vscode.NotebookCellOutput;
  private writing = false;
  private lastWrite = -Infinity;
  private stopped = false;

  constructor(
    private readonly execution: vscode.NotebookCellExecution,
    relay: LiveRelay,
  ) {
    this.feed = relay.open(randomUUID());
  }

  /**
   * The cell's turn has come: its output becomes the run's placeholder, to be
   * filled by messages. The last run's output is reused when it is one of
   * ours and alone (an error output beside it must go).
   */
  begin(): void {
    const outputs = this.execution.cell.outputs;
    if (isOnlyOurs(outputs)) this.output = outputs[0];
    this.write({ status: 'running', problems: [], outputs: [], stream: { run: this.feed.run, sequence: 0 } });
  }

  /** Puts the final result in place: into the live output when it is still the cell's, so the renderer updates it in place. */
  async finish(outputs: readonly vscode.NotebookCellOutput[]): Promise<void> {
    this.stop();
    const [first, ...rest] = outputs;
    // While the cell runs only this object writes its outputs: one output of ours is the live one (cleared outputs leave none).
    const current = this.output !== undefined && isOnlyOurs(this.execution.cell.outputs) ? this.output : undefined;
    if (current === undefined || first === undefined || !isOurs(first)) {
      await this.execution.replaceOutput(outputs);
      return;
    }
    await this.execution.replaceOutputItems(first.items, current);
    if (rest.length > 0) await this.execution.appendOutput(rest);
  }

  /** A snapshot from the worker: sent to the renderers, and written if the last write is old enough. */
  show(payload: LiveCellPayload): void {
    if (this.stopped) return;
    const sequence = this.feed.publish(() => payloadJson(payload, LIVE_DIGITS));
    if (!this.writing && performance.now() - this.lastWrite >= CHECKPOINT_MS) this.write({ ...payload, stream: { run: this.feed.run, sequence } });
  }

  /** No more snapshots: the final result replaces them. */
  stop(): void {
    this.stopped = true;
    this.feed.close();
  }

  private write(payload: LiveCellPayload): void {
    this.writing = true;
    this.lastWrite = performance.now();
    const items = [vscode.NotebookCellOutputItem.text(payloadJson(payload, LIVE_DIGITS), CELL_OUTPUT_MIME), vscode.NotebookCellOutputItem.text(liveText(payload) || 'Training…')];
    let written: Thenable<void>;
    if (this.output) {
      written = this.execution.replaceOutputItems(items, this.output);
    } else {
      this.output = new vscode.NotebookCellOutput(items);
      written = this.execution.replaceOutput(this.output);
    }
    const done = () => {
      this.writing = false;
    };
    written.then(done, done);
  }
}

function isOurs(output: vscode.NotebookCellOutput): boolean {
  return output.items.some((item) => item.mime === CELL_OUTPUT_MIME);
}

function isOnlyOurs(outputs: readonly vscode.NotebookCellOutput[]): boolean {
  return outputs.length === 1 && isOurs(outputs[0]);
}
