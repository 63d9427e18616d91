/**
 * Files a notebook reads and writes stay inside its workspace folder, in the
 * real extension: a cell that saves outside, through a link that leads out,
 * or reads /etc/passwd fails with a message naming the folder and the
 * setting (and none of the file's text); inside, it saves; and a folder
 * `nnlab.files.allowedFolders` adds is open once the kernel restarts.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { codeCells, describeCell, endedSince, openNotebook, outputItems, waitFor } from './helpers';
import { check, test } from './runner';

const NOTEBOOK = 'confine.nnlab';
const SETTING = 'nnlab.files.allowedFolders';

/** Runs the cells at `indices` one after another and returns them once each has ended. */
async function runCells(editor: vscode.NotebookEditor, indices: readonly number[]): Promise<vscode.NotebookCell[]> {
  const cells = codeCells(editor.notebook);
  const chosen = indices.map((index) => cells[index]);
  for (const cell of chosen) {
    const started = Date.now();
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: editor.notebook.uri });
    await waitFor(`cell ${cell.index} to finish`, () => endedSince(cell, started), 30_000);
  }
  return chosen;
}

/** The text of a cell's error outputs. */
function errorText(cell: vscode.NotebookCell): string {
  return outputItems(cell)
    .filter((item) => item.mime === 'application/vnd.code.notebook.error')
    .map((item) => item.text)
    .join('\n');
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder !== undefined, 'the window has no workspace folder');
  return folder.uri.fsPath;
}

export const confineTests = [
  test('a cell that writes or reads outside the workspace folder fails, naming the folder and the setting; inside, it saves', async () => {
    const workspace = workspaceRoot();
    const outsideFolder = join(dirname(workspace), 'outside-folder');
    mkdirSync(outsideFolder, { recursive: true });
    symlinkSync(outsideFolder, join(workspace, 'link-out'));
    try {
      const editor = await openNotebook(NOTEBOOK);
      const [, up, inside, throughLink, passwd] = await runCells(editor, [0, 1, 2, 3, 4]);

      check(up.executionSummary?.success === false, `saving to ../ did not fail: ${describeCell(up)}`);
      const refusal = errorText(up);
      check(refusal.includes(`save weights: cannot write '../outside.safetensors': it is outside the folder ${workspace}`), `the refusal does not name the path and the folder: ${refusal}`);
      check(refusal.includes(SETTING), `the refusal does not name ${SETTING}: ${refusal}`);
      check(!existsSync(join(dirname(workspace), 'outside.safetensors')), 'a file was written outside the workspace folder');

      check(inside.executionSummary?.success === true, `saving inside failed: ${describeCell(inside)}`);
      check(existsSync(join(workspace, 'runs', 'inside.safetensors')), 'runs/inside.safetensors was not written');

      check(throughLink.executionSummary?.success === false, `saving through a link that leads out did not fail: ${describeCell(throughLink)}`);
      check(errorText(throughLink).includes('symbolic link'), `the refusal does not say a link leads out: ${errorText(throughLink)}`);
      check(!existsSync(join(outsideFolder, 'through-link.safetensors')), 'a file was written through the link');

      const all = outputItems(passwd).map((item) => item.text).join('\n');
      check(passwd.executionSummary?.success === false && all.includes("cannot read '/etc/passwd': it is outside"), `reading /etc/passwd was not refused: ${all}`);
      check(!all.includes('root:'), `the output holds text of /etc/passwd: ${all}`);
    } finally {
      rmSync(join(workspace, 'link-out'), { force: true });
    }
  }),

  test(`a folder ${SETTING} adds is open once the kernel restarts`, async () => {
    const workspace = workspaceRoot();
    const target = join(dirname(workspace), 'outside.safetensors');
    const settings = vscode.workspace.getConfiguration('nnlab');
    // Relative to the workspace folder: its parent, the test run's own folder.
    await settings.update('files.allowedFolders', ['..'], vscode.ConfigurationTarget.Global);
    try {
      const editor = await openNotebook(NOTEBOOK);
      await vscode.commands.executeCommand('nnlab.restartKernel');
      const [, up] = await runCells(editor, [0, 1]);
      check(up.executionSummary?.success === true, `saving to ../ failed with the folder allowed: ${describeCell(up)} ${errorText(up)}`);
      check(existsSync(target), '../outside.safetensors was not written');
    } finally {
      await settings.update('files.allowedFolders', undefined, vscode.ConfigurationTarget.Global);
      rmSync(target, { force: true });
    }
  }),
];
