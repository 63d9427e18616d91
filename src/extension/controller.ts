import { homedir } from 'node:os';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME, type CellResult } from '../protocol/cell-output';
import { publishResult, type RunDiagnostics } from './cell-diagnostics';
import { allowedFolders } from './allowed-folders';
import { errorText, payloadJson, resultText } from './cell-report';
import { Kernel, type CellOutcome, type CellRun } from './kernel';
import { LiveCell } from './live-cell';
import type { LiveRelay } from './live-relay';
import { NOTEBOOK_TYPE } from './serializer';
import type { Settings } from './settings';
import { UNTRUSTED_MESSAGE } from './workspace-trust';

/** The controller's id, as `notebook.selectKernel` and tests name it. */
export const CONTROLLER_ID = 'nnlab-kernel';

/**
 * Runs `.nnlab` cells: one {@link Kernel} (and training worker) per notebook,
 * created on the first run and stopped when the notebook closes. Each cell
 * execution shows its queue position until its turn, live charts while it
 * trains (snapshots sent to the renderer at `nnlab.updateRate`, the output
 * itself written only at the start and every few seconds), then the result: one
 * output with the renderer's JSON and a text summary, and an error output
 * plus squiggles when the cell has errors. The stop button cancels through
 * the execution's token. In a folder VS Code does not trust, a cell gets an
 * error output saying so and no worker starts; files are read and written
 * only in the folders {@link allowedFolders} names.
 */
export class NnlabController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly kernels = new Map<vscode.NotebookDocument, Kernel>();
  private readonly order = new Map<vscode.NotebookDocument, number>();
  private readonly runs = new Map<vscode.NotebookDocument, Set<CellRun>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: Settings,
    private readonly diagnostics: RunDiagnostics,
    private readonly relay: LiveRelay,
  ) {
    this.controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, 'NN Lab', (cells, notebook) => this.execute(cells, notebook));
    this.controller.supportedLanguages = ['nnlab'];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Trains in a background worker';
    this.subscriptions.push(
      this.controller,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.close(notebook)),
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.prefer(notebook)),
    );
    for (const notebook of vscode.workspace.notebookDocuments) this.prefer(notebook);
  }

  /** The notebook's kernel, started on first use; never in a folder that is not trusted. */
  kernelFor(notebook: vscode.NotebookDocument): Kernel {
    if (!vscode.workspace.isTrusted) throw new Error(UNTRUSTED_MESSAGE);
    let kernel = this.kernels.get(notebook);
    if (!kernel) {
      const notebookFolder = folderOf(notebook);
      kernel = new Kernel({
        workerScript: vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath,
        notebookFolder,
        // Read at each worker start, as the workspace's folders and the setting may have changed.
        workerSettings: () => ({
          ...this.settings.workerSettings(),
          allowedFolders: allowedFolders(workspaceFolderOf(notebook) ?? notebookFolder, this.settings.allowedFolders()),
        }),
        updateRate: () => this.settings.updateRate(),
      });
      this.kernels.set(notebook, kernel);
    }
    return kernel;
  }

  /** True when the notebook has a kernel (some cell has run in it). */
  hasKernel(notebook: vscode.NotebookDocument): boolean {
    return this.kernels.has(notebook);
  }

  /** Cancels every queued and running cell of the notebook; training stops within one step. */
  stop(notebook: vscode.NotebookDocument): number {
    const runs = [...(this.runs.get(notebook) ?? [])];
    for (const run of runs) run.cancel();
    return runs.length;
  }

  /** Stops the notebook's worker; its next run starts a fresh session with the current settings. */
  restart(notebook: vscode.NotebookDocument): void {
    this.kernels.get(notebook)?.restart();
  }

  /** Notebooks with a kernel. */
  notebooksWithKernel(): vscode.NotebookDocument[] {
    return [...this.kernels.keys()];
  }

  dispose(): void {
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType === NOTEBOOK_TYPE) this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  }

  private close(notebook: vscode.NotebookDocument): void {
    this.kernels.get(notebook)?.dispose();
    this.kernels.delete(notebook);
    this.order.delete(notebook);
    this.runs.delete(notebook);
    this.diagnostics.clearNotebook(notebook);
  }

  /** Queues the cells in the order given; each waits for the one before it. */
  private execute(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument): void {
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      this.executeCell(cell, notebook).catch((error: unknown) => console.error('NN Lab: a cell execution failed', error));
    }
  }

  private async executeCell(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    if (!vscode.workspace.isTrusted) {
      execution.start(Date.now());
      await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'NN Lab', message: UNTRUSTED_MESSAGE, stack: '' })]));
      execution.end(false, Date.now());
      return;
    }
    // The text and place the cell had when it was asked to run, as Jupyter runs what was there at Shift+Enter.
    const ran = { index: cell.index, source: cell.document.getText() };
    const live = new LiveCell(execution, this.relay);
    const run = this.kernelFor(notebook).run(ran.index, ran.source, {
      onStart: () => {
        const order = (this.order.get(notebook) ?? 0) + 1;
        this.order.set(notebook, order);
        execution.executionOrder = order;
        execution.start(Date.now());
        live.begin();
      },
      onProgress: (payload) => live.show(payload),
    });
    const active = this.runs.get(notebook) ?? new Set<CellRun>();
    active.add(run);
    this.runs.set(notebook, active);
    const cancellation = execution.token.onCancellationRequested(() => run.cancel());
    try {
      const outcome = await run.outcome;
      live.stop();
      await this.finish(execution, live, cell, ran, outcome);
    } catch (error) {
      // A notebook closed while its cell ran has no execution left to end.
      if (!notebook.isClosed) throw error;
    } finally {
      live.stop();
      cancellation.dispose();
      active.delete(run);
    }
  }

  private async finish(execution: vscode.NotebookCellExecution, live: LiveCell, cell: vscode.NotebookCell, ran: { index: number; source: string }, outcome: CellOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'skipped':
        execution.end(undefined);
        return;
      case 'failed': {
        const error = { name: outcome.restarted ? 'NN Lab kernel stopped' : 'NN Lab internal error', message: outcome.message, stack: outcome.stack ?? '' };
        await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(error)]));
        execution.end(false, Date.now());
        return;
      }
      case 'result': {
        const { result } = outcome;
        await live.finish(resultOutputs(result, ran.index));
        publishResult(this.diagnostics, cell, ran, result);
        execution.end(result.status === 'ok' ? true : result.status === 'error' ? false : undefined, Date.now());
      }
    }
  }
}

/** The renderer's JSON with a text summary, then the errors, if any. */
function resultOutputs(result: CellResult, cell: number): vscode.NotebookCellOutput[] {
  const outputs: vscode.NotebookCellOutput[] = [];
  if (result.outputs.length > 0 || result.problems.some((p) => p.severity !== 'error')) {
    outputs.push(
      new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(payloadJson(result), CELL_OUTPUT_MIME), vscode.NotebookCellOutputItem.text(resultText(result, cell))]),
    );
  }
  if (result.status === 'error') {
    outputs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'NN Lab', message: errorText(result.problems, cell), stack: '' })]));
  }
  return outputs;
}

/** The workspace folder on disk that holds the notebook, if any. */
function workspaceFolderOf(notebook: vscode.NotebookDocument): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(notebook.uri);
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/**
 * Where relative paths in the notebook point: its own folder for a file on
 * disk; for an untitled or remote notebook, the first workspace folder, else
 * the home folder.
 */
function folderOf(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return dirname(notebook.uri.fsPath);
  const workspace = vscode.workspace.workspaceFolders?.find((folder) => folder.uri.scheme === 'file');
  return workspace?.uri.fsPath ?? homedir();
}
