/**
 * Training findings as the editor shows them after Run All: a `compare`
 * arm's findings (zero initialization, on purpose) stay in its output and
 * mark nothing in the cells; a flagged `train` run marks its declarations
 * as warnings at most, once per code and declaration.
 */
import * as vscode from 'vscode';
import { codeCells, openNotebook, sleep, waitFor } from './helpers';
import { runAll } from './notebook';
import { check, test } from './runner';

/** The source of squiggles from training runs (src/extension/cell-diagnostics.ts). */
const TRAINING_SOURCE = 'NN Lab training';

/** Every diagnostic on the notebook's code cells, with the cell's index. */
function cellDiagnostics(editor: vscode.NotebookEditor): { cell: number; diagnostic: vscode.Diagnostic }[] {
  return codeCells(editor.notebook).flatMap((cell) => vscode.languages.getDiagnostics(cell.document.uri).map((diagnostic) => ({ cell: cell.index, diagnostic })));
}

function describe(found: readonly { cell: number; diagnostic: vscode.Diagnostic }[]): string {
  return found
    .slice(0, 5)
    .map(({ cell, diagnostic }) => `cell ${cell} line ${diagnostic.range.start.line + 1} ${vscode.DiagnosticSeverity[diagnostic.severity]} [${String(diagnostic.code)}] ${diagnostic.message.slice(0, 80)}`)
    .join('; ');
}

export const diagnosticTests = [
  test('Run All on initializers.nnlab leaves no error and nothing from the compare arms on the cells', async () => {
    const editor = await openNotebook('initializers.nnlab');
    const cells = await runAll(editor);
    for (const cell of cells) check(cell.executionSummary?.success === true, `cell ${cell.index} failed`);
    // Findings are published with the result; give the Problems panel a moment to take them.
    await sleep(500);
    const found = cellDiagnostics(editor);
    console.log(`      (${found.length} diagnostics on the cells after Run All)`);
    const errors = found.filter(({ diagnostic }) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    check(errors.length === 0, `${errors.length} errors on cells whose code is correct: ${describe(errors)}`);
    const training = found.filter(({ diagnostic }) => diagnostic.source === TRAINING_SOURCE);
    check(training.length === 0, `${training.length} training findings of compare arms marked in the cells: ${describe(training)}`);
  }, 90_000),

  test('a flagged train run marks its declarations as warnings at most, once per code and declaration', async () => {
    const editor = await openNotebook('diagnostics.nnlab');
    const cells = await runAll(editor);
    for (const cell of cells) check(cell.executionSummary?.success === true, `cell ${cell.index} failed`);
    const training = () => cellDiagnostics(editor).filter(({ diagnostic }) => diagnostic.source === TRAINING_SOURCE);
    await waitFor('the train run\'s findings in the cells', () => training().length > 0, 10_000);
    const found = training();
    const model = codeCells(editor.notebook)[2];
    check(found.every(({ cell }) => cell === model.index), `findings outside the train cell (the compare's arms are not marked): ${describe(found)}`);
    const errors = found.filter(({ diagnostic }) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    check(errors.length === 0, `training findings marked as errors: ${describe(errors)}`);
    const keys = found.map(({ cell, diagnostic }) => `${cell}:${String(diagnostic.code)}:${diagnostic.range.start.line}:${diagnostic.range.start.character}`);
    check(new Set(keys).size === keys.length, `a code marked twice at one declaration: ${keys.join(', ')}`);
    // Symmetry in both zero-started layers is one squiggle at the first, with the second as related information.
    const symmetry = found.filter(({ diagnostic }) => diagnostic.code === 'symmetry');
    check(symmetry.length === 1, `expected one symmetry finding, got ${symmetry.length}: ${describe(symmetry)}`);
    const [{ diagnostic }] = symmetry;
    check(diagnostic.severity === vscode.DiagnosticSeverity.Warning, `symmetry is ${vscode.DiagnosticSeverity[diagnostic.severity]}, expected Warning`);
    check(diagnostic.range.start.line === 1 && /layers 0, 1/.test(diagnostic.message), `symmetry at line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    check(diagnostic.relatedInformation?.length === 1 && diagnostic.relatedInformation[0].location.range.start.line === 2, `related: ${JSON.stringify(diagnostic.relatedInformation?.map((r) => r.location.range.start.line))}`);
  }, 90_000),
];
