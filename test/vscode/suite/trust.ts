/**
 * Workspace Trust as a user meets it. The code-server runner opens the test
 * folder untrusted (Restricted Mode), so these tests run first: the notebook
 * opens with its saved output, hovers and completions work, the commands that
 * train or write files refuse, and running a cell runs nothing (VS Code asks
 * for trust first); once the folder is trusted in Manage Workspace Trust, the
 * cell trains without a reload. Every test after them runs in the folder
 * trusted.
 */
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME } from '../../../src/protocol/cell-output';
import { UNTRUSTED_MESSAGE } from '../../../src/extension/workspace-trust';
import { codeCells, describeCell, endedSince, openNotebook, outputItems, sleep, startCell, waitFor } from './helpers';
import { pageChannelMissing, pageRequest } from './page-channel';
import { check, test } from './runner';

const NOTEBOOK = 'untrusted.nnlab';
const SAVED = 'saved before the folder was trusted';

/**
 * Why these tests cannot run here, or undefined: they need the page (to
 * press the trust editor's button) and a window that does not trust its folder yet,
 * which only the code-server runner gives.
 */
function untrustedWindowMissing(): string | undefined {
  return pageChannelMissing() ?? (vscode.workspace.isTrusted ? 'the window trusts its folder (Workspace Trust is off in this runner)' : undefined);
}

/** Skips the test, saying why, when the window cannot show Restricted Mode. */
function inUntrustedWindow(run: () => Promise<void>): () => Promise<void> {
  return async () => {
    const missing = untrustedWindowMissing();
    if (missing) {
      console.log(`      (skipped: ${missing})`);
      return;
    }
    await run();
  };
}

async function untrustedCell(): Promise<vscode.NotebookCell> {
  const editor = await openNotebook(NOTEBOOK);
  const cell = codeCells(editor.notebook)[0];
  check(cell !== undefined, `${NOTEBOOK} has no code cell`);
  return cell;
}

export const trustTests = [
  test(
    'in an untrusted folder a notebook opens with its saved output, hovers and completions',
    inUntrustedWindow(async () => {
      const cell = await untrustedCell();
      check(outputItems(cell).some((item) => item.text === SAVED), `the saved output is not shown: ${describeCell(cell)}`);
      const text = cell.document.getText();
      const at = cell.document.positionAt(text.indexOf('he_normal') + 3);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.document.uri, at);
      check((hovers ?? []).length > 0, 'no hover at he_normal');
      const afterInit = cell.document.positionAt(text.indexOf('init=') + 'init='.length);
      const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, afterInit);
      const labels = completions.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      check(labels.includes('glorot_uniform'), `no initializer among the completions after init=: ${labels.slice(0, 10).join(', ')}`);
    }),
  ),

  test(
    'in an untrusted folder the commands that train or write files refuse and say why',
    inUntrustedWindow(async () => {
      const cell = await untrustedCell();
      for (const command of ['nnlab.exportWeights', 'nnlab.exportMetrics', 'nnlab.exportPytorch', 'nnlab.showSchedulePreview']) {
        await vscode.commands.executeCommand('notifications.clearAll');
        await vscode.commands.executeCommand(command, cell);
        const { found } = await pageRequest('findText', { text: UNTRUSTED_MESSAGE, timeoutMs: 5000 });
        check(found, `${command} did not say the folder is not trusted`);
      }
      await vscode.commands.executeCommand('notifications.clearAll');
      check(!vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview)), 'a schedule preview opened');
    }),
  ),

  test(
    'running a cell in an untrusted folder runs nothing',
    inUntrustedWindow(async () => {
      const cell = await untrustedCell();
      // VS Code asks for trust first; a test window refuses every dialog, which reads as declining.
      startCell(cell);
      // A run that started anyway would replace the saved output within this time.
      await sleep(1500);
      check(!vscode.workspace.isTrusted, 'the folder became trusted');
      check(outputItems(cell).some((item) => item.text === SAVED), `the cell's saved output changed: ${describeCell(cell)}`);
    }),
  ),

  test(
    'once the folder is trusted in Manage Workspace Trust, the cell runs without a reload',
    inUntrustedWindow(async () => {
      let granted = false;
      const listener = vscode.workspace.onDidGrantWorkspaceTrust(() => (granted = true));
      try {
        await vscode.commands.executeCommand('workbench.trust.manage');
        // The trust editor's Trust button (its label is followed by its keybinding; "Don't Trust" does not match).
        await pageRequest('click', { selector: '.workspace-trust-buttons .monaco-button', text: 'Trust' });
        await waitFor('VS Code to trust the folder', () => granted && vscode.workspace.isTrusted, 10_000);
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      } finally {
        listener.dispose();
      }
      const cell = await untrustedCell();
      const started = Date.now();
      startCell(cell);
      await waitFor('the cell to run once trusted', () => endedSince(cell, started), 30_000);
      check(cell.executionSummary?.success === true, `the run failed: ${describeCell(cell)}`);
      check(outputItems(cell).some((item) => item.mime === CELL_OUTPUT_MIME && /"status"\s*:\s*"completed"/.test(item.text)), `no completed run: ${describeCell(cell)}`);
    }),
  ),
];
