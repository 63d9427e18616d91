import * as vscode from 'vscode';
import { DidYouMeanActions } from './code-actions';
import { COMPLETION_TRIGGERS, NnlabCompletionProvider } from './completion';
import { LiveDiagnostics } from './diagnostics';
import { NnlabHoverProvider } from './hover';
import { SHOW_REFERENCE_COMMAND } from './reference-link';
import { FormulaReferencePanel } from './reference-panel';
import { NnlabSignatureHelpProvider, SIGNATURE_RETRIGGERS, SIGNATURE_TRIGGERS } from './signature-help';

/** nnlab cells in notebooks, and .nnlab-language text documents. */
const SELECTOR: vscode.DocumentSelector = { language: 'nnlab' };

/**
 * The language features of nnlab cells — hover, completion, signature help,
 * squiggles while typing with did-you-mean fixes — and the formula reference
 * panel. One disposable undoes all of it.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext): vscode.Disposable {
  const panel = new FormulaReferencePanel(context.extensionUri);
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(SELECTOR, new NnlabHoverProvider()),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new NnlabCompletionProvider(), ...COMPLETION_TRIGGERS),
    vscode.languages.registerSignatureHelpProvider(SELECTOR, new NnlabSignatureHelpProvider(), {
      triggerCharacters: SIGNATURE_TRIGGERS,
      retriggerCharacters: SIGNATURE_RETRIGGERS,
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new DidYouMeanActions(), DidYouMeanActions.metadata),
    new LiveDiagnostics(),
    panel,
    vscode.commands.registerCommand(SHOW_REFERENCE_COMMAND, (focus?: unknown) => panel.show(typeof focus === 'string' ? focus : undefined)),
  );
}
