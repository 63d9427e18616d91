import * as vscode from 'vscode';
import { toEditorNotebook } from '../notebook-data';
import { NOTEBOOK_TYPE } from '../serializer';
import { STARTER_CELLS } from './starter';

/** nnlab.newNotebook: an untitled notebook with the starter cells. */
export async function newNotebook(): Promise<void> {
  const cells = toEditorNotebook({ cells: [...STARTER_CELLS] }).cells.map((cell) => {
    const kind = cell.kind === vscode.NotebookCellKind.Code ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
    return new vscode.NotebookCellData(kind, cell.value, cell.languageId);
  });
  const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, new vscode.NotebookData(cells));
  await vscode.window.showNotebookDocument(notebook);
}
