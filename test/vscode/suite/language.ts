/** Language features inside notebook cells: hover with the formula, and squiggles for errors. */
import * as vscode from 'vscode';
import { codeCells, openNotebook, waitFor } from './helpers';
import { check, test } from './runner';

export const languageTests = [
  test('hovering he_normal shows its formula as text and as an SVG image', async () => {
    const editor = await openNotebook('quick.nnlab');
    const cell = codeCells(editor.notebook).find((candidate) => candidate.document.getText().includes('he_normal'));
    check(cell !== undefined, 'no cell mentions he_normal');
    const offset = cell.document.getText().indexOf('he_normal') + 3;
    const position = cell.document.positionAt(offset);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', cell.document.uri, position);
    const text = (hovers ?? []).flatMap((hover) => hover.contents.map(contentText)).join('\n');
    check(text.length > 0, 'no hover at he_normal');
    check(/N\(0|Var/.test(text), `the hover has no formula (expected 'N(0' or 'Var'): ${text.slice(0, 300)}`);
    check(/svg/i.test(text), `the hover has no SVG image: ${text.slice(0, 300)}`);
  }),

  test('a syntax error in a cell is reported as a diagnostic on that cell', async () => {
    const editor = await openNotebook('broken.nnlab');
    const cell = codeCells(editor.notebook)[0];
    check(cell !== undefined, 'broken.nnlab has no code cell');
    await waitFor('a diagnostic on the broken cell', () => vscode.languages.getDiagnostics(cell.document.uri).length > 0, 10_000);
    const diagnostics = vscode.languages.getDiagnostics(cell.document.uri);
    const error = diagnostics.find((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    check(error !== undefined, `no error among: ${diagnostics.map((diagnostic) => diagnostic.message).join('; ')}`);
    // `batch=` on line 2 (0-based 1) has no value.
    check(error.range.start.line === 1, `the error is on line ${error.range.start.line + 1}, expected line 2: ${error.message}`);
  }),
];

function contentText(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === 'string') return content;
  return content.value;
}
