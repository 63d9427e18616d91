/** The extension activates and registers every command package.json contributes. */
import * as vscode from 'vscode';
import { activateExtension, openNotebook, waitFor } from './helpers';
import { check, test } from './runner';

const COMMANDS = [
  'nnlab.runAll',
  'nnlab.runCell',
  'nnlab.stop',
  'nnlab.newNotebook',
  'nnlab.openFormulaReference',
  'nnlab.compareInitializers',
  'nnlab.exportWeights',
  'nnlab.exportMetrics',
  'nnlab.exportPytorch',
  'nnlab.showSchedulePreview',
];

export const commandTests = [
  test('the extension activates', async () => {
    const extension = await activateExtension();
    check(extension.isActive, 'the extension did not become active');
  }),

  test('every NN Lab command is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((command) => !registered.has(command));
    check(missing.length === 0, `not registered: ${missing.join(', ')}`);
  }),

  test('every NN Lab command is contributed in package.json', async () => {
    const extension = await activateExtension();
    const manifest = extension.packageJSON as { contributes?: { commands?: { command: string }[] } };
    const contributed = new Set((manifest.contributes?.commands ?? []).map((entry) => entry.command));
    const missing = COMMANDS.filter((command) => !contributed.has(command));
    check(missing.length === 0, `not in contributes.commands: ${missing.join(', ')}`);
  }),

  test('Show Schedule Preview with a markdown cell selected plans the nearest training cell', async () => {
    const editor = await openNotebook('quick.nnlab');
    // Cell 1 is the notebook's markdown heading; the first cell that trains is cell 3.
    editor.selection = new vscode.NotebookRange(0, 1);
    await vscode.commands.executeCommand('nnlab.showSchedulePreview');
    const title = 'Learning-rate schedule: cell 3';
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    await waitFor(`a tab titled '${title}'`, () => tabs().some((tab) => tab.label === title), 20_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }),
];
