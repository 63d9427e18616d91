/**
 * A notebook as a user meets it: the serializer opens a .nnlab file as cells,
 * the NN Lab kernel runs them all, and each run leaves an NN Lab output (the
 * renderer's JSON) with a plain-text fallback.
 */
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME } from '../../../src/protocol/cell-output';
import { codeCells, describeCell, endedSince, openNotebook, outputItems, waitFor } from './helpers';
import { check, test } from './runner';

/** Two code cells: the declarations, then a short training run that uses them. */
const QUICK = 'quick.nnlab';

/** A model wide enough for its batches to be split when the setting asks for threads. */
const THREADS = 'threads.nnlab';

/** The example a user opens first among the fast ones: split, train, evaluate. */
const EXAMPLE = 'iris.nnlab';

/** Runs every cell of the notebook, as Run All does, and waits until each code cell's execution has ended; returns the code cells. */
export async function runAll(editor: vscode.NotebookEditor): Promise<vscode.NotebookCell[]> {
  const started = Date.now();
  await vscode.commands.executeCommand('notebook.execute', editor.notebook.uri);
  const cells = codeCells(editor.notebook);
  await waitFor('every code cell to finish', () => cells.every((cell) => endedSince(cell, started)), 60_000).catch((error: Error) => {
    throw new Error(`${error.message}; ${cells.map(describeCell).join('; ')}`);
  });
  return cells;
}

export const notebookTests = [
  test('a .nnlab file opens as a notebook of markdown and code cells', async () => {
    const editor = await openNotebook(QUICK);
    const cells = editor.notebook.getCells();
    check(cells.some((cell) => cell.kind === vscode.NotebookCellKind.Markup), 'no markdown cell');
    const code = codeCells(editor.notebook);
    check(code.length === 2, `expected 2 code cells, found ${code.length}`);
    check(code.every((cell) => cell.document.languageId === 'nnlab'), `code cell languages: ${code.map((cell) => cell.document.languageId).join(', ')}`);
  }),

  test('running all cells leaves an NN Lab output and a text/plain item in each', async () => {
    const editor = await openNotebook(QUICK);
    const cells = await runAll(editor);
    for (const cell of cells) {
      check(cell.executionSummary?.success === true, `the run failed: ${describeCell(cell)}`);
      const items = outputItems(cell);
      check(items.some((item) => item.mime === CELL_OUTPUT_MIME), `no ${CELL_OUTPUT_MIME} output: ${describeCell(cell)}`);
      check(items.some((item) => item.mime === 'text/plain' && item.text.trim().length > 0), `no text/plain output: ${describeCell(cell)}`);
    }
  }),

  test('an example notebook runs all its cells and ends with an evaluation', async () => {
    const editor = await openNotebook(EXAMPLE);
    const cells = await runAll(editor);
    for (const cell of cells) check(cell.executionSummary?.success === true, `the run failed: ${describeCell(cell)}`);
    const payloads = cells.flatMap((cell) => outputItems(cell).filter((item) => item.mime === CELL_OUTPUT_MIME).map((item) => item.text));
    check(payloads.some((text) => /"kind"\s*:\s*"evaluate"/.test(text) && /"confusion"/.test(text)), 'no evaluation with a confusion matrix among the outputs');
  }),

  test('the training cell\'s output holds a completed run', async () => {
    const editor = await openNotebook(QUICK);
    const training = codeCells(editor.notebook)[1];
    check(training !== undefined, 'the notebook has no second code cell');
    const json = outputItems(training).find((item) => item.mime === CELL_OUTPUT_MIME);
    check(json !== undefined, `no ${CELL_OUTPUT_MIME} output: ${describeCell(training)}`);
    // Whatever the output's exact nesting, a run reports its status and step count.
    const text = json.text;
    check(/"status"\s*:\s*"completed"/.test(text), `no completed run in the output: ${text.slice(0, 300)}`);
    check(/"totalSteps"\s*:\s*8\b/.test(text), `expected totalSteps 8 (64 samples, batch 16, 2 epochs): ${text.slice(0, 300)}`);
  }),

  test('with nnlab.trainingThreads 2, a wide model trains with its batches split over two threads', async () => {
    const settings = vscode.workspace.getConfiguration('nnlab');
    await settings.update('trainingThreads', 2, vscode.ConfigurationTarget.Global);
    try {
      // A notebook opened now gets a worker started with the new setting.
      const editor = await openNotebook(THREADS);
      const cells = await runAll(editor);
      for (const cell of cells) check(cell.executionSummary?.success === true, `the run failed: ${describeCell(cell)}`);
      const text = outputItems(cells[1]).find((item) => item.mime === CELL_OUTPUT_MIME)?.text ?? '';
      check(/"status"\s*:\s*"completed"/.test(text), `no completed run in the output: ${text.slice(0, 300)}`);
      check(/"threads"\s*:\s*2\b/.test(text), `the run did not record 2 threads: ${text.slice(0, 300)}`);
    } finally {
      await settings.update('trainingThreads', undefined, vscode.ConfigurationTarget.Global);
    }
  }),
];
