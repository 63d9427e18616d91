import * as vscode from 'vscode';
import { vocabularyMarkdown } from './reference/vocabulary';

/** Composition root: registers the extension's commands. */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('nnlab.showVocabulary', showVocabulary));
}

/** Opens every concept the engine knows, with its parameters, as a Markdown preview. */
async function showVocabulary(): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: vocabularyMarkdown() });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}
