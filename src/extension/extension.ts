import * as vscode from 'vscode';
import { RunDiagnosticCollection } from './cell-diagnostics';
import { registerCommands } from './commands';
import { NnlabController } from './controller';
import { registerLanguageFeatures } from './language';
import { RendererBridge } from './renderer-bridge';
import { NnlabSerializer, NOTEBOOK_TYPE } from './serializer';
import { KERNEL_SETTINGS, Settings } from './settings';

/**
 * Composition root: builds the serializer, the controller (one training
 * worker per notebook), the language features and the commands, and ties
 * them to the settings.
 * Nothing trains until a cell runs; MNIST is read only when a cell asks for it.
 */
export function activate(context: vscode.ExtensionContext): void {
  const settings = new Settings((key) => vscode.workspace.getConfiguration('nnlab').get(key));
  const diagnostics = new RunDiagnosticCollection();
  const renderers = new RendererBridge();
  const controller = new NnlabController(context.extensionUri, settings, diagnostics, renderers.live);
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new NnlabSerializer(settings)),
    diagnostics,
    renderers,
    controller,
    registerLanguageFeatures(context),
    ...registerCommands(controller),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (KERNEL_SETTINGS.some((key) => event.affectsConfiguration(`nnlab.${key}`))) void offerRestart(controller, settings);
    }),
  );
}

/** Seed, training threads, thresholds, limits and allowed folders are fixed for a worker's life: offer to restart the kernels that run with the old ones. */
async function offerRestart(controller: NnlabController, settings: Settings): Promise<void> {
  const { problems } = settings.thresholds();
  if (problems.length > 0) void vscode.window.showWarningMessage(`NN Lab: ${problems.join('; ')} — the default is used.`);
  const notebooks = controller.notebooksWithKernel();
  if (notebooks.length === 0) return;
  const restart = 'Restart Kernels';
  const answer = await vscode.window.showInformationMessage('NN Lab: the changed settings (seed, training threads, diagnostics, limits, allowed folders) apply once the notebook kernels restart (their sessions start empty).', restart);
  if (answer === restart) for (const notebook of notebooks) controller.restart(notebook);
}

