import * as vscode from 'vscode';
import type { NnlabController } from '../controller';
import { requireTrust } from '../workspace-trust';
import { activeNotebook } from './current';

/**
 * nnlab.exportWeights: the notebook's current weights (from its last train
 * or load) to a file: .safetensors, which PyTorch and Keras read, or .json;
 * refused in a folder that is not trusted, which NN Lab writes no file for.
 */
export async function exportWeights(controller: NnlabController): Promise<void> {
  const notebook = activeNotebook();
  if (!notebook || !requireTrust()) return;
  if (!controller.hasKernel(notebook)) {
    void vscode.window.showInformationMessage('NN Lab: nothing has been trained in this notebook yet; run a train cell first.');
    return;
  }
  const target = await vscode.window.showSaveDialog({
    title: 'Export weights',
    filters: { safetensors: ['safetensors'], JSON: ['json'] },
    ...(notebook.uri.scheme === 'file' ? { defaultUri: vscode.Uri.joinPath(notebook.uri, '..', 'weights.safetensors') } : {}),
  });
  if (!target) return;
  const format = target.path.toLowerCase().endsWith('.json') ? 'json' : 'safetensors';
  const weights = await controller.kernelFor(notebook).exportWeights(format);
  if (!weights.bytes) {
    void vscode.window.showInformationMessage('NN Lab: there are no weights yet; run a train cell (or load weights) first.');
    return;
  }
  await vscode.workspace.fs.writeFile(target, weights.bytes);
  void vscode.window.showInformationMessage(`NN Lab: saved ${weights.tensors.length} tensors to ${vscode.workspace.asRelativePath(target)}.`);
}
