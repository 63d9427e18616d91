import type { ActivationFunction, OutputItem, RendererApi } from 'vscode-notebook-renderer';
import type { SourceLocation } from '../src/protocol/cell-output';
import type { RendererMessage } from '../src/protocol/renderer-messages';
import { element } from './dom';
import { LiveStreams, streamOf } from './live-streams';
import { cellData } from './run-data';
import { liveRedraws } from './redraw-pacer';
import { RunRegistry } from './run-registry';
import { ensureStyles } from './styles';
import { readTheme, watchTheme, type Theme } from './theme';
import { CellView } from './views/cell-view';
import type { ViewContext } from './views/view';

/**
 * The notebook renderer for `application/vnd.nnlab.run+json`. It only
 * wires VS Code to the views: one CellView per output item, kept by the
 * item's id, so that every newer payload for the item (live training
 * snapshots, whether written into the output or sent as messages — see
 * ./live-streams — then the final result) updates the same charts rather
 * than drawing them anew. Drawing lives in ./views and ./charts.
 *
 * package.json declares messaging `optional`, not `always`: with `always`
 * VS Code would not use this renderer where no extension host can answer
 * (a notebook viewed without the extension running), and saved outputs must
 * still be drawn there. Without messaging a training cell's charts simply
 * follow the output, which the controller rewrites every few seconds.
 */
export const activate: ActivationFunction = (context) => {
  const cells = new Map<string, CellView>();
  let theme: Theme | undefined;
  const post = context.postMessage ? (message: RendererMessage) => context.postMessage?.(message) : undefined;
  const viewContext: ViewContext = {
    theme: () => (theme ??= readTheme(document.body)),
    reveal: post && ((location: SourceLocation) => post({ type: 'reveal', location })),
    runs: new RunRegistry(),
  };
  const live = new LiveStreams({
    ...(post ? { post } : {}),
    settled: (callback) => liveRedraws.whenSettled(callback),
    draw: (itemId, json) => {
      const view = cells.get(itemId);
      if (view === undefined) return;
      try {
        const data = cellData(JSON.parse(json));
        liveRedraws.collect(() => keepingScroll(() => view.update(data)));
      } catch (error) {
        // A snapshot the views cannot read leaves the last good one on screen.
        console.warn('NN Lab: a live snapshot could not be drawn', error);
      }
    },
  });
  context.onDidReceiveMessage?.((message) => live.received(message));
  watchTheme(() => {
    theme = readTheme(document.body);
    for (const view of cells.values()) view.retheme(theme);
  });

  const api: RendererApi = {
    renderOutputItem(item: OutputItem, host: HTMLElement): void {
      ensureStyles(host);
      let json: unknown;
      let data;
      try {
        json = item.json();
        data = cellData(json);
      } catch (error) {
        host.replaceChildren(element('p', { className: 'nnlab-muted' }, [error instanceof Error ? error.message : String(error)]));
        return;
      }
      let view = cells.get(item.id);
      const drawnBefore = view !== undefined;
      if (view === undefined) {
        view = new CellView({ ...viewContext, outputId: item.id });
        cells.set(item.id, view);
      }
      // VS Code may hand a replaced item a fresh element; the view (and its charts) moves there.
      if (view.element.parentElement !== host) host.replaceChildren(view.element);
      const stream = streamOf(json);
      if (drawnBefore && stream !== undefined && live.follows(item.id, stream.run)) {
        // The output a training cell rewrites now and then: drawn as its messages are, in turn and spread over frames.
        live.received({ type: 'live', run: stream.run, sequence: stream.sequence, json: item.text() });
        return;
      }
      if (!live.rendering(item.id, stream)) return;
      // A re-run starts with an empty snapshot: the last run's charts stay until the first one, which they then take in place.
      if (drawnBefore && data.status === 'running' && data.outputs.length === 0) return;
      const shown = view;
      keepingScroll(() => shown.update(data));
    },

    disposeOutputItem(id?: string): void {
      for (const key of id === undefined ? [...cells.keys()] : [id]) {
        cells.get(key)?.dispose();
        cells.delete(key);
        live.disposed(key);
      }
    },
  };
  return api;
};

/** Runs a redraw without letting it move the page: charts that change size must not scroll the notebook. */
function keepingScroll(redraw: () => void): void {
  const scroll = document.scrollingElement;
  const top = scroll?.scrollTop ?? 0;
  redraw();
  if (scroll && scroll.scrollTop !== top) scroll.scrollTop = top;
}
