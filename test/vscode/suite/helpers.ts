/**
 * What the tests do to notebooks, as a user would through commands: open one
 * from the test workspace, pick the NN Lab kernel, run cells, wait for them to
 * finish, read their outputs.
 */
import * as vscode from 'vscode';
import { AssertionError } from './runner';

/** The extension under test, as package.json names it (publisher.name). */
export const EXTENSION_ID = 'nnlab.nnlab';
/** The notebook controller's id, as the extension registers it. */
export const KERNEL_ID = 'nnlab-kernel';

/** Activates the extension under development and returns it. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new AssertionError(`extension ${EXTENSION_ID} is not loaded in this window`);
  await extension.activate();
  return extension;
}

/** The URI of a file in the test workspace (a copy of examples/ plus test/vscode/workspace/). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new AssertionError('the window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a notebook of the workspace in an editor, with the NN Lab kernel selected. */
export async function openNotebook(name: string): Promise<vscode.NotebookEditor> {
  const document = await vscode.workspace.openNotebookDocument(workspaceFile(name));
  const editor = await vscode.window.showNotebookDocument(document);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: KERNEL_ID, extension: EXTENSION_ID, notebookEditor: editor });
  return editor;
}

/** The code cells of a notebook, in order. */
export function codeCells(document: vscode.NotebookDocument): vscode.NotebookCell[] {
  return document.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code);
}

/**
 * Starts one cell and returns at once. The execute command's promise settles
 * only when the execution ends, so it is returned for callers that want that.
 */
export function startCell(cell: vscode.NotebookCell): { readonly ended: Promise<void> } {
  const range = { start: cell.index, end: cell.index + 1 };
  const ended = Promise.resolve(vscode.commands.executeCommand('notebook.cell.execute', { ranges: [range], document: cell.notebook.uri })).then(() => undefined);
  // A rejection surfaces through the cell's state; keep it from being reported as unhandled.
  ended.catch(() => undefined);
  return { ended };
}

/** Cancels one cell's execution, as the cell's stop button does. */
export async function cancelCell(cell: vscode.NotebookCell): Promise<void> {
  const range = { start: cell.index, end: cell.index + 1 };
  await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [range], document: cell.notebook.uri });
}

/** Whether a cell's execution has ended since `since` (a Date.now() value). */
export function endedSince(cell: vscode.NotebookCell, since: number): boolean {
  const end = cell.executionSummary?.timing?.endTime;
  return end !== undefined && end >= since;
}

/** Polls `condition` every 20 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new AssertionError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Every output item of a cell, flattened, with its data decoded as text. */
export function outputItems(cell: vscode.NotebookCell): { mime: string; text: string }[] {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((output) => output.items.map((item) => ({ mime: item.mime, text: decoder.decode(item.data) })));
}

/** A one-line account of a cell's state, for failure messages. */
export function describeCell(cell: vscode.NotebookCell): string {
  const mimes = cell.outputs.map((output) => output.items.map((item) => item.mime).join('+'));
  return `cell ${cell.index}: success=${cell.executionSummary?.success}, outputs=[${mimes.join(', ')}]`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
