import * as vscode from 'vscode';
import { deserializeNotebook, serializeNotebook } from '../format/notebook-format';
import { fileOfText, textOfFile } from './file-bytes';
import { CellKind, fromEditorNotebook, toEditorNotebook, type EditorCell, type EditorNotebook } from './notebook-data';
import type { Settings } from './settings';

/** The notebook type of `.nnlab` files, as package.json's contributes.notebooks names it. */
export const NOTEBOOK_TYPE = 'nnlab-notebook';

/**
 * Reads and writes `.nnlab` files (Markdown with fenced `nnlab` cells; see
 * docs/file-format.md). The format lives in src/format and the conversion in
 * notebook-data.ts; this class only moves between them and VS Code's classes.
 * Whether outputs are written is the `nnlab.saveOutputs` setting, read at
 * every save. Bytes pass through file-bytes.ts, so an unedited notebook saves
 * byte for byte and a file that is not UTF-8 is refused with where it breaks.
 */
export class NnlabSerializer implements vscode.NotebookSerializer {
  constructor(private readonly settings: Settings) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const notebook = toEditorNotebook(deserializeNotebook(textOfFile(content)));
    const data = new vscode.NotebookData(notebook.cells.map(toCellData));
    if (notebook.metadata !== undefined) data.metadata = notebook.metadata;
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const notebook: EditorNotebook = {
      cells: data.cells.map((cell) => ({
        kind: cell.kind === vscode.NotebookCellKind.Code ? CellKind.Code : CellKind.Markup,
        value: cell.value,
        languageId: cell.languageId,
        ...(cell.metadata !== undefined ? { metadata: cell.metadata } : {}),
        ...(cell.outputs !== undefined ? { outputs: cell.outputs.map((o) => ({ items: o.items, ...(o.metadata ? { metadata: o.metadata } : {}) })) } : {}),
      })),
      ...(data.metadata !== undefined ? { metadata: data.metadata } : {}),
    };
    return fileOfText(serializeNotebook(fromEditorNotebook(notebook), { saveOutputs: this.settings.saveOutputs() }));
  }
}

function toCellData(cell: EditorCell): vscode.NotebookCellData {
  const kind = cell.kind === CellKind.Code ? vscode.NotebookCellKind.Code : vscode.NotebookCellKind.Markup;
  const data = new vscode.NotebookCellData(kind, cell.value, cell.languageId);
  if (cell.metadata !== undefined) data.metadata = cell.metadata;
  if (cell.outputs !== undefined) {
    data.outputs = cell.outputs.map(
      (output) => new vscode.NotebookCellOutput(output.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime)), output.metadata),
    );
  }
  return data;
}
