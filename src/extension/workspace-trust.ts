import * as vscode from 'vscode';

/**
 * Workspace Trust: in a folder VS Code does not trust (Restricted Mode) a
 * notebook opens, shows its saved outputs, hovers and completions, but
 * nothing trains and no file is read or written for it. Trust is read each
 * time it matters, so once the user grants it running works without a reload.
 */

/** What a cell shows, and a command says, in a folder that is not trusted. */
export const UNTRUSTED_MESSAGE = 'This folder is not trusted: NN Lab trains and reads or writes files only in trusted folders. Manage Workspace Trust to run it.';

const MANAGE = 'Manage Workspace Trust';

/** True in a trusted folder; otherwise says why nothing happens, offering to manage trust, and returns false. */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`NN Lab: ${UNTRUSTED_MESSAGE}`, MANAGE).then((answer) => {
    if (answer === MANAGE) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
