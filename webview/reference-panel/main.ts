import 'katex/dist/katex.min.css';
import './panel.css';
import type { ReferenceSection } from '../../src/reference/panel-data';
import { renderReference } from './view';

/**
 * The formula-reference panel's script: reads the catalog the page carries,
 * draws it, keeps the filter across reloads of the page, and scrolls to the
 * entry the extension asks for (a hover's "Open in the formula reference").
 */

interface PanelState {
  readonly filter: string;
}

interface VsCodeApi {
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the extension sends: the entry to show. */
interface FocusMessage {
  readonly type: 'focus';
  readonly id: string;
}

function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('reference');
  const data = document.getElementById('reference-data');
  if (root === null || data === null) return;
  const sections = JSON.parse(data.textContent ?? '[]') as ReferenceSection[];
  const view = renderReference(root, sections, vscode.getState()?.filter ?? '', (filter) => vscode.setState({ filter }));
  root.removeAttribute('aria-busy');
  const focus = document.body.dataset.focus;
  if (focus !== undefined) view.focus(focus);
  window.addEventListener('message', (event: MessageEvent<FocusMessage>) => {
    if (event.data?.type === 'focus') view.focus(event.data.id);
  });
}

start();
