import { diagnosticsList, problemFinding } from '../diagnostics-list';
import { element, Region } from '../dom';
import type { CellData, RenderedOutput } from '../run-data';
import type { Theme } from '../theme';
import { CompareView } from './compare-view';
import { EvaluateView } from './evaluate-view';
import { InspectView } from './inspect-view';
import { RunView } from './run-view';
import { SummaryView, WeightsView } from './text-views';
import type { View, ViewContext } from './view';

/**
 * Everything one code cell produced: its problems, then one view per
 * output in order. A newer payload for the cell (a live snapshot, then the
 * final result) is matched output by output: a view that accepts the new
 * output at its position updates in place; only a view whose output changed
 * kind is replaced.
 */
export class CellView {
  readonly element: HTMLElement;
  private readonly problems = new Region('div', 'nnlab-problems');
  private readonly outputs = element('div', { className: 'nnlab-outputs' });
  private views: View[] = [];

  constructor(private readonly context: ViewContext) {
    this.element = element('div', { className: 'nnlab-cell' }, [this.problems.element, this.outputs]);
  }

  update(data: CellData): void {
    this.element.dataset.status = data.status;
    this.problems.set(JSON.stringify(data.problems), () => [diagnosticsList(data.problems.map(problemFinding), this.context.reveal, 'Problems')]);
    const next: View[] = [];
    data.outputs.forEach((output, i) => {
      const current = this.views[i];
      if (current?.accepts(output)) {
        current.update(output);
        next.push(current);
        return;
      }
      // Attached before its first drawing, so each chart is created at its real size.
      const view = createView(output, this.context);
      if (current) {
        current.element.replaceWith(view.element);
        current.dispose();
      } else {
        this.outputs.append(view.element);
      }
      view.update(output);
      next.push(view);
    });
    for (const stale of this.views.slice(data.outputs.length)) {
      stale.element.remove();
      stale.dispose();
    }
    this.views = next;
  }

  retheme(theme: Theme): void {
    for (const view of this.views) view.retheme(theme);
  }

  dispose(): void {
    for (const view of this.views) view.dispose();
    this.views = [];
  }
}

/** An empty view for one output's kind; `update` draws the output into it. */
export function createView(output: RenderedOutput, context: ViewContext): View {
  switch (output.kind) {
    case 'train':
      return new RunView(context);
    case 'compare':
      return new CompareView(context);
    case 'live':
      return output.action === 'compare' ? new CompareView(context) : new RunView(context);
    case 'inspect':
      return new InspectView(context);
    case 'evaluate':
      return new EvaluateView(context);
    case 'summary':
      return new SummaryView();
    case 'weights':
      return new WeightsView();
    default:
      return unknownView(output);
  }
}

/** An output kind this renderer does not know (a newer extension wrote it): say so instead of failing the cell. */
function unknownView(output: { readonly kind?: unknown }): View {
  const kind = String(output.kind);
  return {
    element: element('p', { className: 'nnlab-output nnlab-muted' }, [`This version of NN Lab cannot draw an output of kind '${kind}'.`]),
    accepts: (other) => other.kind === kind,
    update: () => {},
    retheme: () => {},
    dispose: () => {},
  };
}
