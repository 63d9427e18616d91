import * as vscode from 'vscode';
import { suggestedName } from '../../lang/check';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/**
 * Quick fixes for misspelt names: a problem whose message ends "(did you
 * mean 'adam'?)" offers to write `adam` in place of the misspelt word.
 */
export class DidYouMeanActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((diagnostic) => {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) return [];
      const name = suggestedName(diagnostic);
      // Only a range that is one word is replaced: a message about a whole argument keeps its value.
      if (name === undefined || !/^[A-Za-z_][\w-]*$/.test(document.getText(diagnostic.range))) return [];
      const action = new vscode.CodeAction(`Change to '${name}'`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, diagnostic.range, name);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return [action];
    });
  }
}
