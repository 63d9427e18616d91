import * as vscode from 'vscode';
import type { NnlabController } from '../controller';
import { compareInitializers } from './compare-initializers';
import { exportMetrics } from './export-metrics';
import { exportPytorchScript } from './export-pytorch';
import { exportWeights } from './export-weights';
import { openFormulaReference } from './formula-reference';
import { newNotebook } from './new-notebook';
import { restartKernel, runAll, runCell, stop } from './run';
import { showSchedulePreview } from './schedule-preview';

/** Every `nnlab.*` command; package.json's contributes.commands lists the same ids (a test checks). */
export function registerCommands(controller: NnlabController): vscode.Disposable[] {
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'nnlab.runAll': runAll,
    'nnlab.runCell': runCell,
    'nnlab.stop': () => stop(controller),
    'nnlab.restartKernel': () => restartKernel(controller),
    'nnlab.newNotebook': newNotebook,
    'nnlab.compareInitializers': compareInitializers,
    'nnlab.exportWeights': () => exportWeights(controller),
    'nnlab.exportMetrics': exportMetrics,
    'nnlab.exportPytorch': exportPytorchScript,
    'nnlab.showSchedulePreview': (cell) => showSchedulePreview(controller, cell),
    'nnlab.openFormulaReference': openFormulaReference,
  };
  return Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
