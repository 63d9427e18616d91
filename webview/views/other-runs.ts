import { compareEpochLossChart, compareMetricChart } from '../charts/compare-charts';
import { element } from '../dom';
import type { RunData } from '../run-data';
import type { RunRegistry, SharedRun } from '../run-registry';
import type { Theme } from '../theme';
import { ChartGrid } from './view';

/**
 * "Beside runs from other cells": a run view's choice of other cells' runs,
 * and its loss and first metric per epoch drawn with theirs, as a compare
 * draws its arms. Hidden while no other cell has a finished run; the choice
 * is the reader's and stays across updates.
 */
export class OtherRuns {
  readonly element: HTMLElement;
  private readonly choices = element('div', { className: 'nnlab-other-runs-choices', role: 'group', attrs: { 'aria-label': 'Runs of other cells to draw beside this one' } });
  private readonly charts = new ChartGrid(['beside-loss', 'beside-metric']);
  private readonly picked = new Set<string>();
  /** The choices' keys and labels as last built: rebuilt only when they change, so a checkbox keeps its focus. */
  private listed = '';
  private readonly stopListening: () => void;
  private own: RunData | undefined;
  private theme: Theme | undefined;

  constructor(
    private readonly registry: RunRegistry,
    private readonly key: string,
  ) {
    this.element = element('details', { className: 'nnlab-other-runs', hidden: true }, [element('summary', {}, ['Beside runs from other cells']), this.choices, this.charts.element]);
    this.stopListening = registry.onChange(() => this.redraw());
  }

  /** This view's run as it is now; a finished one is offered to the other views. */
  show(title: string, run: RunData, theme: Theme): void {
    this.own = run;
    this.theme = theme;
    if (run.live) this.registry.withdraw(this.key);
    else this.registry.publish({ key: this.key, title, run });
    this.redraw();
  }

  retheme(theme: Theme): void {
    this.theme = theme;
    this.charts.retheme(theme);
  }

  dispose(): void {
    this.stopListening();
    this.registry.withdraw(this.key);
    this.charts.dispose();
  }

  private redraw(): void {
    const others = this.registry.others(this.key);
    this.element.hidden = others.length === 0 || this.own === undefined;
    for (const key of [...this.picked]) if (!others.some((other) => other.key === key)) this.picked.delete(key);
    const listed = JSON.stringify(others.map((other, i) => [other.key, labelOf(other, others, i)]));
    if (listed !== this.listed) {
      this.listed = listed;
      this.choices.replaceChildren(...others.map((other, i) => this.choice(other, labelOf(other, others, i))));
    }
    const chosen = others.map((other, i) => ({ ...other.run, label: labelOf(other, others, i) })).filter((_, i) => this.picked.has(others[i].key));
    const runs = this.own && chosen.length > 0 ? [{ ...this.own, label: 'this run' }, ...chosen] : [];
    this.charts.element.hidden = runs.length === 0;
    if (this.theme === undefined) return;
    this.charts.show({ 'beside-loss': runs.length > 0 ? compareEpochLossChart(runs, 'run') : undefined, 'beside-metric': runs.length > 0 ? compareMetricChart(runs, 'run') : undefined }, this.theme);
  }

  private choice(other: SharedRun, label: string): HTMLElement {
    const box = element('input', { attrs: { type: 'checkbox' } });
    box.checked = this.picked.has(other.key);
    box.addEventListener('change', () => {
      if (box.checked) this.picked.add(other.key);
      else this.picked.delete(other.key);
      this.redraw();
    });
    return element('label', { className: 'nnlab-control' }, [box, ` ${label}`]);
  }
}

/** The other run's title, numbered when several outputs share it. */
function labelOf(other: SharedRun, all: readonly SharedRun[], index: number): string {
  const same = all.filter((candidate) => candidate.title === other.title);
  return same.length > 1 ? `${other.title} (#${all.slice(0, index + 1).filter((candidate) => candidate.title === other.title).length})` : other.title;
}
