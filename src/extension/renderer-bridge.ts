import * as vscode from 'vscode';
import type { SourceLocation } from '../protocol/cell-output';
import { isRendererMessage, RENDERER_ID } from '../protocol/renderer-messages';
import { LiveRelay } from './live-relay';

/**
 * The extension's side of the notebook renderer's messages. It carries
 * training cells' live snapshots to the renderers ({@link live}), answers a
 * renderer that subscribes to a run or has drawn a snapshot, and shows the
 * declaration a clicked diagnostic or problem is about, in whichever cell
 * that is. The renderer's messages are untrusted and checked before use.
 */
export class RendererBridge implements vscode.Disposable {
  /** Where the controller sends live snapshots. */
  readonly live: LiveRelay;
  private readonly messaging = vscode.notebooks.createRendererMessaging(RENDERER_ID);
  private readonly listener: vscode.Disposable;

  constructor() {
    this.live = new LiveRelay({ post: (message) => this.messaging.postMessage(message) });
    this.listener = this.messaging.onDidReceiveMessage(({ editor, message }) => {
      if (!isRendererMessage(message)) return;
      switch (message.type) {
        case 'reveal':
          void reveal(editor, message.location);
          return;
        case 'subscribe':
          this.live.subscribe(message.run);
          return;
        case 'drawn':
          this.live.drawn(message.run, message.sequence);
      }
    });
  }

  dispose(): void {
    this.listener.dispose();
    this.live.dispose();
  }
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
