import * as vscode from 'vscode';
import { checkCell, type CellCheck } from '../../lang/check';

/**
 * Squiggles while typing: every nnlab cell (or nnlab text document) is
 * parsed and checked a moment after its last change, and its syntax and
 * meaning problems are shown at their exact characters. These are the
 * problems the cell has on its own; problems that need the rest of the
 * notebook come from running it.
 */

/** Time to wait after a keystroke before checking: long enough to not check every key of a word. */
const CHECK_DELAY_MS = 250;

/** The `nnlab` diagnostic collection, kept up to date with every open nnlab document. */
export class LiveDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('nnlab');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly delayMs = CHECK_DELAY_MS) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    ];
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'nnlab') return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (!document.isClosed) this.check(document);
      }, this.delayMs),
    );
  }

  private check(document: vscode.TextDocument): void {
    if (document.languageId !== 'nnlab') return;
    const diagnostics = checkCell(document.getText()).map((problem) => toDiagnostic(document, problem));
    this.collection.set(document.uri, diagnostics);
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(document.uri);
  }
}

function toDiagnostic(document: vscode.TextDocument, problem: CellCheck): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(problem.start), document.positionAt(problem.end));
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.code = problem.code;
  diagnostic.source = DIAGNOSTIC_SOURCE;
  return diagnostic;
}

/** The source of the squiggles this checker writes; the quick fixes act on these. */
export const DIAGNOSTIC_SOURCE = 'NN Lab';
