import type { CellOutput, CellProblem, RunSummary, SourceLocation } from '../protocol/cell-output';
import { continuationText } from './continued';
import { gradientSurveyLines, lrFinderLines } from './find-text';
import { groupDiagnostics, groupSentence, type DiagnosticGroup, type LabelledDiagnostics } from './diagnostic-groups';
import { initTuningLines } from './init-tuning-text';
import { throughTimeLines } from './through-time-text';
import { frozenLines } from './frozen-text';

/** A plain-text table with aligned columns. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function number(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : value.toFixed(4);
}

/** One row per run: status, steps, the last epoch's losses and metrics, time (and threads, when a batch was split). */
function runTable(runs: readonly RunSummary[]): string {
  const metricNames = [...new Set(runs.flatMap((run) => Object.keys(run.epochs.at(-1)?.metrics ?? {})))];
  const header = ['run', 'status', 'steps', 'train loss', 'val loss', ...metricNames.map((m) => `val ${m}`), 'time'];
  const rows = runs.map((run) => {
    const last = run.epochs.at(-1);
    const validation = last?.validationLoss !== undefined;
    return [
      run.label,
      run.status,
      String(run.steps),
      number(last?.trainLoss),
      validation ? number(last?.validationLoss) : '—',
      ...metricNames.map((m) => number(validation ? last?.validationMetrics[m] : last?.metrics[m])),
      `${(run.elapsedMs / 1000).toFixed(1)}s${run.threads > 1 ? ` on ${run.threads} threads` : ''}`,
    ];
  });
  return table(header, rows);
}

/** Turns a location in a cell into `file:line:column` of the notebook file. */
export type Locator = (location: SourceLocation | undefined) => string;

/** `file:line:column: severity [code]: message`, the form editors and terminals turn into links. */
export function formatProblem(locator: Locator, problem: CellProblem): string {
  return `${locator(problem.location)}: ${problem.severity} [${problem.code}]: ${problem.message}`;
}

/** One line per code and run (diagnostic-groups.ts), at the first declaration it is about. */
function formatDiagnostics(locator: Locator, runs: readonly LabelledDiagnostics[]): string[] {
  return groupDiagnostics(runs).map((group) => formatGroup(locator, group));
}

function formatGroup(locator: Locator, group: DiagnosticGroup): string {
  return `${locator(group.location)}: ${group.severity} [${group.code}]: ${groupSentence(group)}`;
}

/** What a cell's outputs say, as text for a terminal. */
export function describeOutputs(file: Locator, outputs: readonly CellOutput[]): string[] {
  const lines: string[] = [];
  for (const output of outputs) {
    switch (output.kind) {
      case 'summary':
        lines.push(...output.lines);
        break;
      case 'train':
        lines.push(output.title);
        if (output.run.continued) lines.push(continuationText(output.run.continued));
        lines.push(runTable([output.run]), ...frozenLines(output.run), ...initTuningLines(output.run), ...throughTimeLines(output.run), ...formatDiagnostics(file, [{ diagnostics: output.run.diagnostics }]));
        break;
      case 'compare':
        lines.push(output.title, runTable(output.runs), ...output.runs.flatMap((run) => initTuningLines(run, true)), ...output.runs.flatMap((run) => throughTimeLines(run, true)), ...formatDiagnostics(file, output.runs));
        break;
      case 'inspect':
        lines.push(
          output.title,
          table(
            ['layer', 'kind', 'activation', 'init', 'Var(z)', 'Var(a)', 'grad norm'],
            // A layer without an activation has no pre-activation, and one without weights no gradient: leave those cells empty rather than print NaN.
            output.layers.map((l) => [l.layer, l.kind, l.activation ?? '', l.initializer ?? '', l.activation ? number(l.preactivationVariance) : '', number(l.activationVariance), Number.isNaN(l.gradientNorm) ? '' : number(l.gradientNorm)]),
          ),
        );
        break;
      case 'evaluate':
        lines.push(`${output.title}: ${output.split} split, ${output.count} samples, loss ${number(output.loss)}, ${Object.entries(output.metrics).map(([k, v]) => `${k} ${number(v)}`).join(', ')}`);
        if (output.confusion) {
          lines.push(table(['true \\ predicted', ...output.confusion.classes], output.confusion.counts.map((row, i) => [output.confusion!.classes[i], ...row.map(String)])));
        }
        break;
      case 'lr-finder':
        lines.push(...lrFinderLines(output));
        break;
      case 'gradient-survey':
        lines.push(...gradientSurveyLines(output));
        break;
      case 'weights':
        lines.push(`${output.action === 'save' ? 'saved' : 'loaded'} ${output.tensors.length} tensors ${output.action === 'save' ? 'to' : 'from'} ${output.path}`);
        break;
    }
  }
  return lines;
}
