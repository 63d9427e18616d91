/**
 * The example notebooks as a first-time user sees them: each one run with Run
 * All, then every cell with an NN Lab output shown at the top of the editor and
 * photographed in the dark and the light default theme, for a person to look
 * at (test/vscode/.out/screenshots/<notebook>-<cell>-<theme>.png). The test
 * itself checks that every code cell ended without an error and that every
 * picture shows something.
 *
 * By default a representative set runs, to keep the suite short;
 * NNLAB_SCREENSHOTS=all photographs every notebook in examples/, and
 * NNLAB_SCREENSHOTS=cnn.nnlab,rnn-clipping.nnlab the ones named.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME } from '../../../src/protocol/cell-output';
import { codeCells, describeCell, endedSince, openNotebook, sleep, waitFor } from './helpers';
import { pageChannelMissing, pageRequest, type ScreenshotResult } from './page-channel';
import { check, test } from './runner';

/** The examples that together show every kind of chart (compare, schedules, clipping, optimizers, evaluation). */
const REPRESENTATIVE = ['initializers.nnlab', 'clipping.nnlab', 'schedules.nnlab', 'optimizers.nnlab', 'iris.nnlab'];
/** examples/ in the repository; the bundle runs from test/vscode/.out/. */
const EXAMPLES = join(__dirname, '../../../examples');

const THEMES = [
  { label: 'dark', name: 'Default Dark Modern', kind: vscode.ColorThemeKind.Dark },
  { label: 'light', name: 'Default Light Modern', kind: vscode.ColorThemeKind.Light },
] as const;

/** How long the output webview gets to pick up a new theme's colours and redraw its charts. */
const RETHEME_MS = 1500;
/** How long a revealed cell's output gets to lay out and draw. */
const SETTLE_MS = 400;
/** One scroll step: most of the editor's height, so consecutive pictures overlap a little. */
const SCROLL_PIXELS = 640;
/** Pictures per cell at most, the first included. */
const MAX_PARTS = 3;
/** Longest a notebook may take to run all its cells. */
const RUN_LIMIT_MS = 150_000;
/** A picture with fewer colours or a flatter brightness than this is taken as blank. */
const MIN_COLOURS = 64;
const MIN_LUMINANCE_SPREAD = 8;
/** The notebook error output's MIME type, as vscode.NotebookCellOutputItem.error writes it. */
const ERROR_MIME = 'application/vnd.code.notebook.error';

/** NNLAB_SCREENSHOTS: unset for the representative set, `all`, or a comma-separated list of example file names. */
function notebooksToPhotograph(): string[] {
  const asked = process.env.NNLAB_SCREENSHOTS;
  if (!asked) return REPRESENTATIVE;
  if (asked !== 'all') return asked.split(',').map((name) => name.trim());
  return readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.nnlab'))
    .sort();
}

export const screenshotTests = notebooksToPhotograph().map((notebook) =>
  test(
    `${notebook} runs without an error and is photographed in the dark and light themes`,
    async () => {
      const missing = pageChannelMissing();
      if (missing) {
        console.log(`      (skipped: ${missing})`);
        return;
      }
      await clearTheStage();
      const editor = await openNotebook(notebook);
      const cells = await runAllCells(editor);
      for (const cell of cells) {
        const errors = cell.outputs.filter((output) => output.items.some((item) => item.mime === ERROR_MIME));
        check(cell.executionSummary?.success === true && errors.length === 0, `${notebook} ended with an error: ${describeCell(cell)}`);
      }
      const photographed = cells.filter((cell) => cell.outputs.some((output) => output.items.some((item) => item.mime === CELL_OUTPUT_MIME)));
      check(photographed.length > 0, `${notebook}: no cell has an NN Lab output to photograph`);
      const shots: ScreenshotResult[] = [];
      for (const theme of THEMES) {
        await useTheme(theme);
        for (const cell of photographed) {
          shots.push(...(await photographCell(editor, cell, `${notebook.replace(/\.nnlab$/, '')}-${cell.index}-${theme.label}`)));
        }
      }
      console.log(`      (${shots.length} screenshots: ${shots.map((shot) => shot.path.replace(/^.*\//, '')).join(', ')})`);
    },
    RUN_LIMIT_MS + 60_000,
  ),
);

/**
 * Shows the cell at the top of the editor and photographs it as <name>.png,
 * then scrolls down a screen at a time, <name>-2.png and on, while the cell's
 * output still fills the top of the editor.
 */
async function photographCell(editor: vscode.NotebookEditor, cell: vscode.NotebookCell, name: string): Promise<ScreenshotResult[]> {
  editor.revealRange(new vscode.NotebookRange(cell.index, cell.index + 1), vscode.NotebookEditorRevealType.AtTop);
  await sleep(SETTLE_MS);
  const shots = [await screenshot(name)];
  for (let part = 2; part <= MAX_PARTS; part += 1) {
    const { moved } = await pageRequest('scroll', { pixels: SCROLL_PIXELS });
    await sleep(SETTLE_MS);
    // Stop at the notebook's end, or once the cell has left the editor.
    if (moved < SCROLL_PIXELS / 2 || !editor.visibleRanges.some((range) => range.start <= cell.index && cell.index < range.end)) break;
    shots.push(await screenshot(`${name}-${part}`));
  }
  return shots;
}

async function screenshot(name: string): Promise<ScreenshotResult> {
  const shot = await pageRequest('screenshot', { name });
  check(
    shot.colours >= MIN_COLOURS && shot.luminanceSpread >= MIN_LUMINANCE_SPREAD,
    `${name}.png looks blank: ${shot.colours} colours, brightness spread ${shot.luminanceSpread.toFixed(1)} (at least ${MIN_COLOURS} and ${MIN_LUMINANCE_SPREAD} expected)`,
  );
  return shot;
}

/** Leaves the editor alone in the window, as wide as a user would have it: no side bar, no panel. */
async function clearTheStage(): Promise<void> {
  for (const command of ['workbench.action.closeSidebar', 'workbench.action.closePanel', 'workbench.action.closeAuxiliaryBar']) {
    await vscode.commands.executeCommand(command);
  }
}

/** Runs every cell, as Run All does, and waits until each code cell's execution has ended. */
async function runAllCells(editor: vscode.NotebookEditor): Promise<vscode.NotebookCell[]> {
  const started = Date.now();
  await vscode.commands.executeCommand('notebook.execute', editor.notebook.uri);
  const cells = codeCells(editor.notebook);
  await waitFor('every code cell to finish', () => cells.every((cell) => endedSince(cell, started)), RUN_LIMIT_MS).catch((error: Error) => {
    throw new Error(`${error.message}; ${cells.map(describeCell).join('; ')}`);
  });
  console.log(`      (ran ${cells.length} code cells in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return cells;
}

/** Switches the colour theme and waits for the workbench and the output webview to take it. */
async function useTheme(theme: (typeof THEMES)[number]): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme.name, vscode.ConfigurationTarget.Global);
  await waitFor(`the ${theme.name} theme`, () => vscode.window.activeColorTheme.kind === theme.kind, 10_000);
  await sleep(RETHEME_MS);
}
