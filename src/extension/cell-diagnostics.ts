import * as vscode from 'vscode';
import { checkCell } from '../lang/check';
import type { CellProblem, CellResult, SourceLocation } from '../protocol/cell-output';
import { editorFindings, type EditorFinding } from './editor-findings';

/**
 * Squiggles from running cells, in the cells they are about: a run's
 * problems (an unknown name, a missing `model`, a class count that does not
 * fit) and the training findings of its `train` runs (dying ReLU at the
 * layer's line, frequent clipping at the `clip` line; which ones, and how
 * severe, is decided in ./editor-findings). Either may point at any cell of
 * the notebook — a diagnostic is shown at the declaration it is about — so
 * each run's findings are kept by the cell that ran, and running that cell
 * again replaces them wherever they are.
 */
export interface RunDiagnostics extends vscode.Disposable {
  /** The problems of `origin`'s last run; replaces its earlier problems. */
  publishRunProblems(origin: vscode.NotebookCell, problems: readonly CellProblem[]): void;
  /** The training findings of `origin`'s last run; replaces its earlier ones. */
  publishTrainingFindings(origin: vscode.NotebookCell, findings: readonly EditorFinding[]): void;
  /** Forgets a closed notebook's findings. */
  clearNotebook(notebook: vscode.NotebookDocument): void;
}

/**
 * Both kinds of a cell result's findings, for {@link RunDiagnostics}. The
 * problems the cell has on its own (syntax, unknown names) are already
 * marked while it is typed (language/diagnostics.ts), so only those that
 * needed the run are added: no squiggle twice.
 */
export function publishResult(target: RunDiagnostics, origin: vscode.NotebookCell, ran: { readonly index: number; readonly source: string }, result: CellResult): void {
  const typed = new Set(checkCell(ran.source).map((p) => `${p.code}:${p.start}:${p.end}`));
  const found = result.problems.filter((p) => p.location.cell !== ran.index || !typed.has(`${p.code}:${p.location.start}:${p.location.end}`));
  target.publishRunProblems(origin, found);
  target.publishTrainingFindings(origin, editorFindings(result.outputs));
}

type Kind = 'problems' | 'training';

/** {@link RunDiagnostics} on a DiagnosticCollection named `nnlab-run`. */
export class RunDiagnosticCollection implements RunDiagnostics {
  private readonly collection = vscode.languages.createDiagnosticCollection('nnlab-run');
  /** origin cell → kind → target cell URI → its diagnostics. */
  private readonly found = new Map<string, Map<Kind, Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>>>();

  publishRunProblems(origin: vscode.NotebookCell, problems: readonly CellProblem[]): void {
    this.replace(origin, 'problems', problems.map((p) => ({ location: p.location, diagnostic: (range) => problemDiagnostic(p, range) })));
  }

  publishTrainingFindings(origin: vscode.NotebookCell, findings: readonly EditorFinding[]): void {
    this.replace(origin, 'training', findings.map((f) => ({ location: f.location, diagnostic: (range) => trainingDiagnostic(f, range, origin.notebook) })));
  }

  clearNotebook(notebook: vscode.NotebookDocument): void {
    for (const cell of notebook.getCells()) {
      this.found.delete(cell.document.uri.toString());
      this.collection.delete(cell.document.uri);
    }
  }

  dispose(): void {
    this.collection.dispose();
    this.found.clear();
  }

  private replace(origin: vscode.NotebookCell, kind: Kind, items: readonly { location: SourceLocation | undefined; diagnostic: (range: vscode.Range) => vscode.Diagnostic }[]): void {
    const originKey = origin.document.uri.toString();
    const kinds = this.found.get(originKey) ?? new Map();
    const touched = new Map<string, vscode.Uri>();
    for (const { uri } of kinds.get(kind)?.values() ?? []) touched.set(uri.toString(), uri);
    const targets = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const item of items) {
      const cell = item.location ? cellAt(origin.notebook, item.location.cell) : origin;
      if (!cell) continue;
      const range = item.location ? rangeOf(cell.document, item.location) : new vscode.Range(0, 0, 0, 0);
      const key = cell.document.uri.toString();
      const entry = targets.get(key) ?? { uri: cell.document.uri, diagnostics: [] };
      entry.diagnostics.push(item.diagnostic(range));
      targets.set(key, entry);
      touched.set(key, cell.document.uri);
    }
    kinds.set(kind, targets);
    this.found.set(originKey, kinds);
    for (const [key, uri] of touched) this.collection.set(uri, this.gather(key));
  }

  /** Everything every origin found in one cell. */
  private gather(targetKey: string): vscode.Diagnostic[] {
    const all: vscode.Diagnostic[] = [];
    for (const kinds of this.found.values()) for (const targets of kinds.values()) all.push(...(targets.get(targetKey)?.diagnostics ?? []));
    return all;
  }

}

function cellAt(notebook: vscode.NotebookDocument, index: number): vscode.NotebookCell | undefined {
  return index >= 0 && index < notebook.cellCount ? notebook.cellAt(index) : undefined;
}

/** The location's offsets in the cell's text, clamped to it (the cell may have been edited since it ran). */
function rangeOf(document: vscode.TextDocument, location: SourceLocation): vscode.Range {
  const start = document.positionAt(location.start);
  const end = document.positionAt(Math.max(location.end, location.start));
  return new vscode.Range(start, end);
}

const SEVERITY: Readonly<Record<CellProblem['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function problemDiagnostic(problem: CellProblem, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
  diagnostic.code = problem.code;
  diagnostic.source = 'NN Lab';
  return diagnostic;
}

function trainingDiagnostic(finding: EditorFinding, range: vscode.Range, notebook: vscode.NotebookDocument): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.code = finding.code;
  diagnostic.source = 'NN Lab training';
  const related = finding.related.flatMap((location) => {
    const cell = cellAt(notebook, location.cell);
    return cell ? [new vscode.DiagnosticRelatedInformation(new vscode.Location(cell.document.uri, rangeOf(cell.document, location)), `also at line ${location.line}`)] : [];
  });
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}
