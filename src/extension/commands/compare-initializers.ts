import * as vscode from 'vscode';
import { CELL_LANGUAGE } from '../../format/notebook-format';
import { currentCell, executeCells } from './current';
import { comparableInitializers, compareStatement, PRESELECTED } from './initializer-choices';

/**
 * nnlab.compareInitializers: pick initializers, then a `compare init=[…]`
 * cell goes in after the current cell and runs — one run per initializer,
 * same seed and data, results side by side.
 */
export async function compareInitializers(argument?: unknown): Promise<void> {
  const cell = currentCell(argument);
  if (!cell) return;
  const items = comparableInitializers().map((entry) => ({ label: entry.name, description: entry.title, detail: entry.summary, picked: PRESELECTED.has(entry.name) }));
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'NN Lab: compare initializers', placeHolder: 'Initializers to train side by side' });
  if (!picked || picked.length === 0) return;
  const index = cell.index + 1;
  const edit = new vscode.WorkspaceEdit();
  const data = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, compareStatement(picked.map((item) => item.label)), CELL_LANGUAGE);
  edit.set(cell.notebook.uri, [vscode.NotebookEdit.insertCells(index, [data])]);
  if (!(await vscode.workspace.applyEdit(edit))) return;
  await executeCells(cell.notebook, index, index + 1);
}
