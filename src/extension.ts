import * as vscode from 'vscode';
import { referenceMarkdown } from './reference/docs';

/** Composition root: registers the extension's commands. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('nnlab.openFormulaReference', openFormulaReference));
}

/** Opens the formula reference — every concept with its formula and parameters — as a Markdown preview. */
async function openFormulaReference(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: referenceMarkdown() });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}
