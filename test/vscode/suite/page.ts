/**
 * The workbench page as a user feels it: while a cell trains and its live
 * chart updates, the window (scrolling, typing, menus) must not stall. The
 * page is measured from the browser through the page channel: a 50 ms timer
 * in the workbench page records how late each tick comes.
 */
import { availableParallelism, loadavg } from 'node:os';
import * as vscode from 'vscode';
import { cancelCell, codeCells, describeCell, endedSince, openNotebook, sleep, startCell, waitFor } from './helpers';
import { pageChannelMissing, pageRequest } from './page-channel';
import { check, test } from './runner';

/** One code cell that trains for minutes: only a stop ends it. */
const LONG = 'long-training.nnlab';
/**
 * How late the workbench page's 50 ms timer may be while a cell trains: at
 * the 99th percentile of its ticks under 100 ms, and no single tick over
 * 250 ms. On two cores shared by the training worker, code-server and the
 * browser, one tick in a hundred can meet a pause nothing of ours causes
 * (garbage collection, the compositor); the percentile is what a user
 * feels, the ceiling catches a real stall.
 */
const PAGE_LAG_LIMIT_MS = { p99: 100, max: 250 } as const;
/** How long the page is measured idle, before the cell starts. */
const BASELINE_MS = 1500;
/** How long the page is measured once live updates flow: about 120 ticks, so the 99th percentile is not the worst tick. */
const MEASURE_MS = 6000;

export const pageTests = [
  test('the workbench page stays responsive while a cell trains', async () => {
    const missing = pageChannelMissing();
    if (missing) {
      console.log(`      (skipped: ${missing})`);
      return;
    }
    const editor = await openNotebook(LONG);
    const cell = codeCells(editor.notebook)[0];
    check(cell !== undefined, `${LONG} has no code cell`);
    // The same probe with nothing running tells a slow machine from a slow page.
    await pageRequest('lagStart', {});
    await sleep(BASELINE_MS);
    const idle = await pageRequest('lagStop', {});
    const started = Date.now();
    // Measure once the live chart is drawing: an output written since the start (a previous run's is still there until then).
    let drawing = false;
    const listener = vscode.workspace.onDidChangeNotebookDocument((event) => {
      drawing ||= event.cellChanges.some((change) => change.cell === cell && change.outputs !== undefined) && cell.outputs.length > 0;
    });
    startCell(cell);
    try {
      await waitFor('the first progress output', () => drawing, 15_000).finally(() => listener.dispose());
      await pageRequest('lagStart', {});
      await sleep(MEASURE_MS);
      const lag = await pageRequest('lagStop', {});
      // The machine's load goes with the figures: a busy machine delays every timer.
      const load = loadavg()[0].toFixed(1);
      console.log(`      (workbench page while training: a 50 ms timer was ${lag.max.toFixed(0)} ms late at most, ${lag.p99.toFixed(0)} ms at the 99th percentile, ${lag.median.toFixed(0)} ms median, ${lag.ticks} ticks in ${MEASURE_MS} ms; idle before: ${idle.max.toFixed(0)} ms at most; load average ${load} on ${availableParallelism()} cores)`);
      const worstFrame = lag.frames.reduce<(typeof lag.frames)[number] | undefined>((worst, frame) => (frame.max > (worst?.max ?? -1) ? frame : worst), undefined);
      if (worstFrame) console.log(`      (${lag.frames.length} frames inside it, webviews among them; the worst, ${worstFrame.frame}: ${worstFrame.max.toFixed(0)} ms at most, ${worstFrame.p99.toFixed(0)} ms p99)`);
      check(!endedSince(cell, started), `the training cell ended by itself during the measurement: ${describeCell(cell)}`);
      check(
        lag.p99 < PAGE_LAG_LIMIT_MS.p99 && lag.max < PAGE_LAG_LIMIT_MS.max,
        `the workbench page's 50 ms timer was ${lag.p99.toFixed(0)} ms late at the 99th percentile and ${lag.max.toFixed(0)} ms at most while a cell trained (limits ${PAGE_LAG_LIMIT_MS.p99} and ${PAGE_LAG_LIMIT_MS.max} ms; ${lag.ticks} ticks)`,
      );
    } finally {
      await cancelCell(cell);
      await waitFor('the training cell to end after the stop', () => endedSince(cell, started), 10_000);
    }
  }),
];
