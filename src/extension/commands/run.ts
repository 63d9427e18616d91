import * as vscode from 'vscode';
import type { NnlabController } from '../controller';
import { activeNotebook, currentCell, executeCells } from './current';

/** nnlab.runAll: every cell of the active notebook, in order. */
export function runAll(): Promise<void> | undefined {
  const notebook = activeNotebook();
  return notebook && executeCells(notebook, 0, notebook.cellCount);
}

/** nnlab.runCell: the current cell (it queues behind a cell that is training). */
export function runCell(argument?: unknown): Promise<void> | undefined {
  const cell = currentCell(argument);
  return cell && executeCells(cell.notebook, cell.index, cell.index + 1);
}

/** nnlab.stop: stops the training of the active notebook and drops its queued cells; what was learned is kept. */
export function stop(controller: NnlabController): void {
  const notebook = activeNotebook();
  if (!notebook) return;
  if (controller.stop(notebook) === 0) void vscode.window.showInformationMessage('NN Lab: nothing is running in this notebook.');
}

/** nnlab.restartKernel: a fresh session (and the current seed and diagnostic settings) for the active notebook. */
export function restartKernel(controller: NnlabController): void {
  const notebook = activeNotebook();
  if (!notebook) return;
  controller.restart(notebook);
  void vscode.window.showInformationMessage('NN Lab: kernel restarted. Run the cells again to rebuild the session.');
}
