import * as vscode from 'vscode';
import { isRendererMessage, RENDERER_ID } from '../protocol/renderer-messages';
import type { SourceLocation } from '../protocol/cell-output';

/**
 * Answers the notebook renderer: a click on a diagnostic or a problem in an
 * output asks to see the declaration it is about, in whichever cell that is.
 * The renderer's messages are untrusted and checked before use.
 */
export function listenToRenderer(): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  return messaging.onDidReceiveMessage(({ editor, message }) => {
    if (isRendererMessage(message)) void reveal(editor, message.location);
  });
}

async function reveal(editor: vscode.NotebookEditor, location: SourceLocation): Promise<void> {
  if (location.cell >= editor.notebook.cellCount) return;
  const cell = editor.notebook.cellAt(location.cell);
  const cellRange = new vscode.NotebookRange(location.cell, location.cell + 1);
  editor.selection = cellRange;
  editor.revealRange(cellRange, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  const text = cell.document;
  const selection = new vscode.Range(text.positionAt(location.start), text.positionAt(location.end));
  await vscode.window.showTextDocument(text, { selection, ...(editor.viewColumn !== undefined ? { viewColumn: editor.viewColumn } : {}) });
}
