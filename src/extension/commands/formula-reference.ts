import * as vscode from 'vscode';
import { SHOW_REFERENCE_COMMAND } from '../language/reference-link';

/**
 * nnlab.openFormulaReference: the formula reference panel (every concept with
 * its formula, parameters and pitfalls), which the language features own.
 */
export async function openFormulaReference(): Promise<void> {
  await vscode.commands.executeCommand(SHOW_REFERENCE_COMMAND);
}
