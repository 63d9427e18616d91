import type { CellOutputData, CellOutputItemData } from '../format/notebook-format';
import { CELL_OUTPUT_MIME, type CellProblem } from '../protocol/cell-output';
import type { InterruptedCellPayload, LiveCellPayload, LiveOutput } from '../protocol/live-output';
import { liveText } from './cell-report';

/**
 * A training cell's output as a file keeps it. A notebook saved while a
 * cell trains holds that cell's live snapshot, but no kernel outlives the
 * window: reopened, the snapshot would say "training…" forever. So the file
 * gets the snapshot as an interrupted run instead — the charts so far, runs
 * that were training marked `interrupted`, and a problem saying to run the
 * cell again — and no stream id, so no renderer waits for more. The notebook
 * in the editor keeps its live output; only the written form changes.
 */

/** The problem an interrupted output carries. */
export const INTERRUPTED_MESSAGE = 'This run was still training when the notebook was saved; run the cell again.';

/** The output as it should be written: a running snapshot becomes an interrupted one; anything else is returned as it is. */
export function settledOutput(output: CellOutputData, cell: number): CellOutputData {
  const payload = runningPayload(output);
  if (payload === undefined) return output;
  const interrupted = interruptedPayload(payload, cell);
  const items = output.items.map((item): CellOutputItemData => {
    if (item.mime === CELL_OUTPUT_MIME) return { ...item, data: JSON.stringify(interrupted) };
    if (item.mime === 'text/plain') return { ...item, data: [INTERRUPTED_MESSAGE, liveText(interrupted)].filter((line) => line !== '').join('\n') };
    return item;
  });
  return { ...output, items };
}

/** The snapshot as an interrupted run: what trained so far, and a problem that says to run the cell again. */
export function interruptedPayload(payload: LiveCellPayload, cell: number): InterruptedCellPayload {
  const problem: CellProblem = { code: 'interrupted', severity: 'warning', message: INTERRUPTED_MESSAGE, location: { cell, start: 0, end: 0, line: 1, column: 1 } };
  return {
    status: 'interrupted',
    problems: [...payload.problems, problem],
    outputs: payload.outputs.map((output) => (output.kind === 'live' ? interruptedOutput(output) : output)),
  };
}

function interruptedOutput(output: LiveOutput): LiveOutput {
  return { ...output, runs: output.runs.map((run) => (run.status === 'running' ? { ...run, status: 'interrupted' } : run)) };
}

/** The output's payload when it is a live snapshot; outputs that are not JSON are left alone. */
function runningPayload(output: CellOutputData): LiveCellPayload | undefined {
  const item = output.items.find((candidate) => candidate.mime === CELL_OUTPUT_MIME);
  if (item === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(item.data);
  } catch {
    return undefined;
  }
  const payload = json as Partial<LiveCellPayload> | null;
  return payload?.status === 'running' && Array.isArray(payload.outputs) ? { problems: [], ...payload, status: 'running', outputs: payload.outputs } : undefined;
}
