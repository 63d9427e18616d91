/** The extension activates and registers every command package.json contributes. */
import * as vscode from 'vscode';
import { activateExtension } from './helpers';
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
];
