import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { NnlabController } from '../controller';
import { requireTrust } from '../workspace-trust';
import { currentCell } from './current';
import { scheduleHtml } from './schedule-view';

/**
 * nnlab.showSchedulePreview: the learning rate η_t the current cell's
 * training would follow, planned in the notebook's worker without training
 * (from the declarations of this cell and the cells above), in a webview.
 * With a markdown cell selected, the training cell nearest to it is planned.
 */
/** A line that starts a `train` or `compare` statement: what a schedule is planned for. */
const TRAINS = /^[ \t]*(train|compare)\b/m;

export async function showSchedulePreview(controller: NnlabController, argument?: unknown): Promise<void> {
  const cell = currentCell(argument, (candidate) => TRAINS.test(candidate.document.getText()));
  if (!cell || !requireTrust()) return;
  const notebook = cell.notebook;
  const cells = notebook
    .getCells()
    .filter((c) => c.kind === vscode.NotebookCellKind.Code && c.index <= cell.index)
    .map((c) => ({ index: c.index, source: c.document.getText() }));
  const kernel = controller.kernelFor(notebook);
  const preview = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: kernel.busy ? 'NN Lab: planning the schedule after the running cell…' : 'NN Lab: planning the schedule…' },
    () => kernel.previewSchedule(cells, cell.index),
  );
  const title = `Learning-rate schedule: cell ${cell.index + 1}`;
  const panel = vscode.window.createWebviewPanel('nnlab.schedulePreview', title, vscode.ViewColumn.Beside, { enableScripts: false });
  panel.webview.html = scheduleHtml(preview, title, randomBytes(16).toString('base64'));
}
