import { describeOutputs, formatProblem, type Locator } from '../report/output-text';
import type { CellProblem, CellResult, SourceLocation } from '../protocol/cell-output';
import type { CellPayload, LiveCellPayload, LiveRun } from '../protocol/live-output';

/**
 * What a cell's output says, as text: the `text/plain` item beside the
 * renderer's JSON (shown where the renderer is not, and read by screen
 * readers and diff tools), the JSON itself, and the error message. No
 * `vscode` here; the controller wraps these in output items.
 */

/**
 * Locations as a reader of the cell finds them: "line 3, column 5" in the
 * cell itself, "cell 2, line 3, column 5" in another cell (cells counted
 * from 1, markdown included, as VS Code numbers them).
 */
export function cellLocator(cell: number): Locator {
  return (location) => (location ? where(cell, location) : `cell ${cell + 1}`);
}

function where(cell: number, location: SourceLocation): string {
  const at = `line ${location.line}, column ${location.column}`;
  return location.cell === cell ? at : `cell ${location.cell + 1}, ${at}`;
}

/**
 * The payload as JSON text; NaN and ±Infinity, which JSON cannot hold, are
 * written as strings (docs/output-schema.md). `digits` rounds every number to
 * that many significant digits: live snapshots, sent several times a second
 * and drawn as charts, need no more than 6, and are then about a third smaller.
 */
export function payloadJson(payload: CellPayload, digits?: number): string {
  return JSON.stringify(payload, (_key, value: unknown) => {
    if (typeof value !== 'number') return value;
    if (!Number.isFinite(value)) return String(value);
    return digits === undefined || Number.isInteger(value) ? value : Number(value.toPrecision(digits));
  });
}

/** A finished cell's outputs and problems, as the CLI prints them but located within the notebook. */
export function resultText(result: CellResult, cell: number): string {
  const locator = cellLocator(cell);
  const lines = describeOutputs(locator, result.outputs);
  if (result.status === 'cancelled') lines.push('Stopped: the weights learned so far are kept; train again to continue.');
  for (const problem of result.problems) if (problem.severity !== 'error') lines.push(formatProblem(locator, problem));
  return lines.join('\n');
}

/** One line per run of a cell in training (or cut off mid-run): "train epochs=40 — step 120 of 1000, epoch 3, loss 0.5321". */
export function liveText(payload: Pick<LiveCellPayload, 'outputs'>): string {
  const lines: string[] = [];
  for (const output of payload.outputs) {
    if (output.kind !== 'live') continue;
    lines.push(output.title);
    for (const run of output.runs) lines.push(`  ${runLine(run)}`);
  }
  return lines.join('\n');
}

function runLine(run: LiveRun): string {
  const total = Number.isFinite(run.totalSteps) ? ` of ${run.totalSteps}` : '';
  // A snapshot read back from JSON holds a NaN or infinite loss as a string.
  const loss = run.latest ? `, loss ${typeof run.latest.loss === 'number' ? run.latest.loss.toPrecision(4) : String(run.latest.loss)}` : '';
  const state = run.status === 'finished' ? 'done' : run.status === 'interrupted' ? 'interrupted' : 'training';
  return `${run.label}: ${state}, step ${run.steps}${total}, epoch ${run.epoch}${loss}`;
}

/** The error output's message: every error, "line L, column C: message", one a line. */
export function errorText(problems: readonly CellProblem[], cell: number): string {
  const locator = cellLocator(cell);
  return problems
    .filter((problem) => problem.severity === 'error')
    .map((problem) => `${locator(problem.location)}: ${problem.message}`)
    .join('\n');
}
