import * as vscode from 'vscode';
import { NOTEBOOK_TYPE } from '../serializer';

/**
 * The notebook and cell a command acts on: the cell it was invoked on (a
 * cell toolbar passes it), else the active NN Lab notebook's selected cell.
 */

/** The active NN Lab notebook, or a message saying one is needed. */
export function activeNotebook(): vscode.NotebookDocument | undefined {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  if (notebook?.notebookType === NOTEBOOK_TYPE) return notebook;
  void vscode.window.showInformationMessage('NN Lab: open a .nnlab notebook first.');
  return undefined;
}

function isCell(value: unknown): value is vscode.NotebookCell {
  return typeof value === 'object' && value !== null && 'notebook' in value && 'document' in value && 'index' in value;
}

/**
 * The code cell a command acts on, or a message saying one is needed. With
 * `nearest`, a selected markdown cell stands for the closest code cell that
 * `nearest` accepts, above it first, then below: the command still does
 * what the user asked of that part of the notebook.
 */
export function currentCell(argument?: unknown, nearest?: (cell: vscode.NotebookCell) => boolean): vscode.NotebookCell | undefined {
  if (isCell(argument) && argument.notebook.notebookType === NOTEBOOK_TYPE && argument.kind === vscode.NotebookCellKind.Code) return argument;
  const editor = vscode.window.activeNotebookEditor;
  if (editor?.notebook.notebookType !== NOTEBOOK_TYPE) {
    void vscode.window.showInformationMessage('NN Lab: open a .nnlab notebook first.');
    return undefined;
  }
  const cells = editor.notebook.getCells();
  const index = isCell(argument) ? argument.index : editor.selection.start;
  const selected = cells[index];
  if (selected?.kind === vscode.NotebookCellKind.Code) return selected;
  const accepts = (cell: vscode.NotebookCell) => cell.kind === vscode.NotebookCellKind.Code && nearest !== undefined && nearest(cell);
  const found = cells.slice(0, index).reverse().find(accepts) ?? cells.slice(index + 1).find(accepts);
  if (found) return found;
  void vscode.window.showWarningMessage(nearest ? 'NN Lab: no code cell here fits this command; select one.' : 'NN Lab: select a code cell first.');
  return undefined;
}

/** Runs cells of a notebook through VS Code, so they show as executing and the selected kernel runs them. */
export async function executeCells(notebook: vscode.NotebookDocument, start: number, end: number): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: notebook.uri });
}
