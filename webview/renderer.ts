import type { ActivationFunction, OutputItem, RendererApi } from 'vscode-notebook-renderer';
import type { SourceLocation } from '../src/protocol/cell-output';
import type { RevealMessage } from '../src/protocol/renderer-messages';
import { element } from './dom';
import { cellData } from './run-data';
import { ensureStyles } from './styles';
import { readTheme, watchTheme, type Theme } from './theme';
import { CellView } from './views/cell-view';
import type { ViewContext } from './views/view';

/**
 * The notebook renderer for `application/vnd.nnlab.run+json`. It only
 * wires VS Code to the views: one CellView per output item, kept by the
 * item's id, so that when the controller replaces the item (live training
 * snapshots, then the final result) the same charts are updated rather
 * than drawn anew. Drawing lives in ./views and ./charts.
 */
export const activate: ActivationFunction = (context) => {
  const cells = new Map<string, CellView>();
  let theme: Theme | undefined;
  const post = context.postMessage?.bind(context);
  const viewContext: ViewContext = {
    theme: () => (theme ??= readTheme(document.body)),
    reveal: post && ((location: SourceLocation) => post({ type: 'reveal', location } satisfies RevealMessage)),
  };
  watchTheme(() => {
    theme = readTheme(document.body);
    for (const view of cells.values()) view.retheme(theme);
  });

  const api: RendererApi = {
    renderOutputItem(item: OutputItem, host: HTMLElement): void {
      ensureStyles(host);
      let data;
      try {
        data = cellData(item.json());
      } catch (error) {
        host.replaceChildren(element('p', { className: 'nnlab-muted' }, [error instanceof Error ? error.message : String(error)]));
        return;
      }
      const scroll = document.scrollingElement;
      const top = scroll?.scrollTop ?? 0;
      let view = cells.get(item.id);
      if (view === undefined) {
        view = new CellView(viewContext);
        cells.set(item.id, view);
      }
      // VS Code may hand a replaced item a fresh element; the view (and its charts) moves there.
      if (view.element.parentElement !== host) host.replaceChildren(view.element);
      view.update(data);
      if (scroll && scroll.scrollTop !== top) scroll.scrollTop = top;
    },

    disposeOutputItem(id?: string): void {
      for (const key of id === undefined ? [...cells.keys()] : [id]) {
        cells.get(key)?.dispose();
        cells.delete(key);
      }
    },
  };
  return api;
};
