import * as vscode from 'vscode';
import { signatureAt } from '../../lang/signature';

/**
 * Signature help for the statement, layer or call around the cursor:
 * `optimizer adam lr=0.001 beta1=0.9 …` with the parameter being written
 * marked, each with its doc, default and range.
 */

/** Typing these opens signature help: a call's `(`, the space before an argument, `=` and `,`. */
export const SIGNATURE_TRIGGERS = ['(', ' ', '=', ','];
/** Closing a call or list may move the cursor back to the outer signature. */
export const SIGNATURE_RETRIGGERS = [')', ']'];

/** Signature help for nnlab documents. */
export class NnlabSignatureHelpProvider implements vscode.SignatureHelpProvider {
  provideSignatureHelp(document: vscode.TextDocument, position: vscode.Position): vscode.SignatureHelp | undefined {
    const signature = signatureAt(document.getText(), document.offsetAt(position));
    if (signature === undefined) return undefined;
    const information = new vscode.SignatureInformation(signature.label, signature.documentation);
    information.parameters = signature.parameters.map((parameter) => new vscode.ParameterInformation([parameter.start, parameter.end], parameter.documentation));
    // Past the last index, no parameter is highlighted: the cursor is where none goes.
    information.activeParameter = signature.activeParameter ?? signature.parameters.length;
    const help = new vscode.SignatureHelp();
    help.signatures = [information];
    help.activeSignature = 0;
    help.activeParameter = information.activeParameter;
    return help;
  }
}
