import { problemFinding, problemsList } from '../diagnostics-list';
import { element, Region } from '../dom';
import type { CellData, RenderedOutput } from '../run-data';
import type { Theme } from '../theme';
import { CompareView } from './compare-view';
import { EvaluateView } from './evaluate-view';
import { InspectView } from './inspect-view';
import { RunView } from './run-view';
import { SummaryView, WeightsView } from './text-views';
import type { View, ViewContext } from './view';
import { GradientSurveyView, LrFinderView } from './find-view';

/**
 * Everything one code cell produced: one view per output in order, then
 * what the cell's declarations did (`summary` outputs), then its problems.
 * A live snapshot holds only the training run; the summaries and problems
 * come with the final result, and below the charts they do not push them
 * down when the run ends. A newer payload for the cell (a live snapshot,
 * then the final result) is matched output by output: a view that accepts
 * a new output (the same kind, or the finished form of its live run)
 * updates in place; views are made only for outputs nothing accepts.
 */
export class CellView {
  readonly element: HTMLElement;
  private readonly problems = new Region('div', 'nnlab-problems');
  private readonly outputs = element('div', { className: 'nnlab-outputs' });
  private views: View[] = [];

  constructor(private readonly context: ViewContext) {
    this.element = element('div', { className: 'nnlab-cell' }, [this.outputs, this.problems.element]);
  }

  update(data: CellData): void {
    this.element.dataset.status = data.status;
    this.problems.set(JSON.stringify(data.problems), () => [problemsList(data.problems.map(problemFinding), this.context.reveal)]);
    // Each output goes to the first unclaimed view, in order, that accepts it. While a cell trains
    // its payload holds only the live run; the final result puts the declarations' summaries
    // before it, so matching by position alone would re-create the charts at the very end.
    const pool: (View | undefined)[] = [...this.views];
    const next = data.outputs.map((output) => {
      const index = pool.findIndex((view) => view?.accepts(output));
      if (index >= 0) {
        const view = pool[index] as View;
        pool[index] = undefined;
        return view;
      }
      return createView(output, this.context);
    });
    for (const stale of pool) {
      stale?.element.remove();
      stale?.dispose();
    }
    // Put the elements in order, moving only what is out of place, before anything is drawn:
    // a new view's charts are then created at their real size.
    const placed = [...next.filter((_, i) => data.outputs[i].kind !== 'summary'), ...next.filter((_, i) => data.outputs[i].kind === 'summary')];
    placed.forEach((view, i) => {
      const here = this.outputs.children[i];
      if (here !== view.element) this.outputs.insertBefore(view.element, here ?? null);
    });
    next.forEach((view, i) => view.update(data.outputs[i]));
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
    case 'lr-finder':
      return new LrFinderView(context);
    case 'gradient-survey':
      return new GradientSurveyView(context);
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
