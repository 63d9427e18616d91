import { basename, dirname, relative, resolve } from 'node:path';
import * as vscode from 'vscode';
import { ExportRefusal, exportPytorch } from '../../export';
import { createNodeHost } from '../../node/host';
import { allowedFolders } from '../allowed-folders';
import { Settings } from '../settings';
import { requireTrust } from '../workspace-trust';
import { activeNotebook } from './current';

const FROM_SCRATCH = 'Initialize as the notebook does';
const FROM_FILE = 'Start from a weights file…';

/**
 * nnlab.exportPytorch: the notebook's first train as a plain PyTorch
 * script (src/export), beside its data file; from the saved notebook, so
 * the script's comments cite the lines of the file. A setting the script
 * could not reproduce is shown with a button that selects its cell.
 */
export async function exportPytorchScript(): Promise<void> {
  if (!requireTrust()) return;
  const notebook = activeNotebook();
  if (!notebook) return;
  if (notebook.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('NN Lab: save the notebook to a file first; the script reads its data beside it.');
    return;
  }
  if (notebook.isDirty && !(await notebook.save())) return;
  const notebookPath = notebook.uri.fsPath;
  const target = await vscode.window.showSaveDialog({
    title: 'Export to PyTorch script',
    filters: { Python: ['py'] },
    defaultUri: vscode.Uri.file(notebookPath.replace(/\.nnlab$/, '') + '_pytorch.py'),
  });
  if (!target) return;
  const start = await vscode.window.showQuickPick([FROM_SCRATCH, FROM_FILE], { title: 'The script’s initial weights' });
  if (!start) return;
  const weights =
    start === FROM_FILE
      ? (await vscode.window.showOpenDialog({ title: 'Weights to start from', filters: { safetensors: ['safetensors'] }, defaultUri: vscode.Uri.file(dirname(notebookPath)) }))?.[0]
      : undefined;
  if (start === FROM_FILE && !weights) return;
  const folder = dirname(target.fsPath);
  const root = vscode.workspace.getWorkspaceFolder(notebook.uri)?.uri.fsPath ?? dirname(notebookPath);
  const settings = new Settings((key) => vscode.workspace.getConfiguration('nnlab').get(key));
  const host = createNodeHost(dirname(notebookPath), { roots: allowedFolders(root, settings.allowedFolders()) });
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(notebook.uri));
    const exported = exportPytorch(text, host, {
      notebookName: basename(notebookPath),
      scriptName: basename(target.fsPath),
      ...(weights ? { weights: relative(folder, weights.fsPath) } : {}),
      scriptPath: (path) => relative(folder, resolve(dirname(notebookPath), path)),
    });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(exported.script));
    if (exported.dataFile) await vscode.workspace.fs.writeFile(vscode.Uri.file(resolve(folder, exported.dataFileName)), exported.dataFile);
    const open = await vscode.window.showInformationMessage(`NN Lab: wrote ${vscode.workspace.asRelativePath(target)}${exported.dataFile ? ` and ${exported.dataFileName}` : ''}.`, 'Open');
    if (open) await vscode.window.showTextDocument(target);
  } catch (error) {
    if (!(error instanceof ExportRefusal)) throw error;
    const place = error.place;
    const where = place ? `cell ${place.location.cell + 1}, line ${place.location.line}: ` : '';
    const show = await vscode.window.showErrorMessage(`NN Lab: cannot export to PyTorch: ${where}${error.message}`, ...(place ? ['Show'] : []));
    if (show && place) revealCell(notebook, place.location.cell);
  }
}

/** Selects and scrolls to a cell of the notebook in its editor. */
function revealCell(notebook: vscode.NotebookDocument, cell: number): void {
  const editor = vscode.window.visibleNotebookEditors.find((visible) => visible.notebook === notebook);
  if (!editor) return;
  const range = new vscode.NotebookRange(cell, cell + 1);
  editor.selections = [range];
  editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
}
