import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { referenceSectionsJson } from '../../reference/panel-data';
import { panelHtml } from '../../../webview/reference-panel/html';

/**
 * "NN Lab: Open Formula Reference": every catalog entry, grouped by kind,
 * searchable, its formula typeset by KaTeX in a webview. One panel at a
 * time; asking again reveals it, scrolled to the entry asked for.
 *
 * The page loads its script, its CSS and KaTeX's fonts from
 * dist/reference-panel/ (the esbuild entry for webview/reference-panel/
 * writes them there), and nothing else.
 */
export class FormulaReferencePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Opens or reveals the panel; `focus` is `kind/name` of an entry to scroll to. */
  show(focus?: string): void {
    if (this.panel) {
      this.panel.reveal();
      if (focus !== undefined) void this.panel.webview.postMessage({ type: 'focus', id: focus });
      return;
    }
    const assets = vscode.Uri.joinPath(this.extensionUri, 'dist', 'reference-panel');
    const panel = vscode.window.createWebviewPanel(
      'nnlab.formulaReference',
      'NN Lab Formula Reference',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, enableFindWidget: true, localResourceRoots: [assets] },
    );
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'main.css')).toString(),
      dataJson: referenceSectionsJson(),
      ...(focus === undefined ? {} : { focus }),
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }
}
