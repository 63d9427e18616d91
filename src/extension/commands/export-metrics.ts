import * as vscode from 'vscode';
import { CELL_OUTPUT_MIME, type CellResult } from '../../protocol/cell-output';
import { requireTrust } from '../workspace-trust';
import { currentCell } from './current';
import { epochsCsv, epochsJson, runsOf } from './metrics-table';

/** The finished result a cell's output holds, if any. */
function resultOf(cell: vscode.NotebookCell): CellResult | undefined {
  for (const output of cell.outputs) {
    const item = output.items.find((i) => i.mime === CELL_OUTPUT_MIME);
    if (!item) continue;
    const payload = JSON.parse(new TextDecoder().decode(item.data)) as CellResult | { status: 'running' };
    if (payload.status !== 'running') return payload as CellResult;
  }
  return undefined;
}

/** nnlab.exportMetrics: the epochs of the current cell's last runs, as CSV or JSON; refused in a folder that is not trusted. */
export async function exportMetrics(argument?: unknown): Promise<void> {
  const cell = currentCell(argument);
  if (!cell || !requireTrust()) return;
  const result = resultOf(cell);
  const runs = result ? runsOf(result) : [];
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('NN Lab: this cell has no finished train or compare output to export.');
    return;
  }
  const target = await vscode.window.showSaveDialog({
    title: 'Export metrics',
    filters: { CSV: ['csv'], JSON: ['json'] },
    ...(cell.notebook.uri.scheme === 'file' ? { defaultUri: vscode.Uri.joinPath(cell.notebook.uri, '..', 'metrics.csv') } : {}),
  });
  if (!target) return;
  const text = target.path.toLowerCase().endsWith('.json') ? epochsJson(runs) : epochsCsv(runs);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`NN Lab: saved the epochs of ${runs.length} run${runs.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}.`);
}
