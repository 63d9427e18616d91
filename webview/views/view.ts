import { ChartPanel } from '../chart-panel';
import type { ChartSpec } from '../charts/spec';
import type { Reveal } from '../diagnostics-list';
import { element } from '../dom';
import type { RenderedOutput } from '../run-data';
import type { RunRegistry } from '../run-registry';
import type { Theme } from '../theme';

/**
 * What every output view does: draw one output into its element, take a
 * newer version of the same output in place, follow the theme, and let go
 * of its charts.
 */
export interface View {
  readonly element: HTMLElement;
  /** Whether `output` is a newer version of what this view shows (same kind, or a live run that finished). */
  accepts(output: RenderedOutput): boolean;
  update(output: RenderedOutput): void;
  retheme(theme: Theme): void;
  dispose(): void;
}

/**
 * What views get from the renderer: the theme now, a way to reveal a
 * location in the notebook, and the notebook's finished runs to draw beside
 * one another (absent where the views are drawn alone).
 */
export interface ViewContext {
  theme(): Theme;
  readonly reveal: Reveal | undefined;
  readonly runs?: RunRegistry;
  /** The output item the views draw, to tell its runs from the others'. */
  readonly outputId?: string;
}

/** A responsive grid of chart panels, one per name, created on first use and kept across updates. */
export class ChartGrid {
  readonly element: HTMLElement;
  private readonly panels = new Map<string, ChartPanel>();

  constructor(names: readonly string[]) {
    this.element = element('div', { className: 'nnlab-grid' });
    for (const name of names) {
      const panel = new ChartPanel(name);
      this.panels.set(name, panel);
      this.element.append(panel.element);
    }
  }

  /** Shows each named spec (undefined hides that panel); the grid hides itself when every panel is hidden. */
  show(specs: Readonly<Record<string, ChartSpec | undefined>>, theme: Theme): void {
    for (const [name, spec] of Object.entries(specs)) this.panels.get(name)?.show(spec, theme);
    this.element.hidden = [...this.panels.values()].every((panel) => panel.element.hidden);
  }

  retheme(theme: Theme): void {
    for (const panel of this.panels.values()) panel.retheme(theme);
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
  }
}

/**
 * A run's progress bar. When the run ends it becomes invisible but keeps its
 * place, so the charts under it do not move up.
 */
export class ProgressBar {
  readonly element = element('progress', { className: 'nnlab-progress' });

  show(running: boolean, value: number, max: number, label: string): void {
    this.element.max = Math.max(1, max);
    this.element.value = value;
    this.element.setAttribute('aria-label', label);
    this.element.classList.toggle('nnlab-progress-done', !running);
    this.element.setAttribute('aria-hidden', String(!running));
  }
}

/** A collapsible section ("Layers", "Formulas"), open unless said otherwise; the reader's choice survives updates. */
export function section(title: string, className: string, content: readonly HTMLElement[], open = true): HTMLDetailsElement {
  const details = element('details', { className: `nnlab-section ${className}` }, [element('summary', {}, [title]), ...content]);
  details.open = open;
  return details;
}

/** The heading of an output: its statement, and a line of facts under it. */
export function outputHeader(title: string): { element: HTMLElement; title: HTMLElement; facts: HTMLElement } {
  const heading = element('h2', { className: 'nnlab-title' }, [title]);
  const facts = element('div', { className: 'nnlab-facts' });
  return { element: element('header', { className: 'nnlab-header' }, [heading, facts]), title: heading, facts };
}

/** A small pill for a status word ("completed", "diverged", "training"). */
export function badge(text: string, tone: 'ok' | 'warning' | 'error' | 'running'): HTMLElement {
  return element('span', { className: `nnlab-badge nnlab-badge-${tone}` }, [text]);
}

/** How a run's status reads and looks. */
export function statusBadge(status: string): HTMLElement {
  switch (status) {
    case 'completed':
      return badge('completed', 'ok');
    case 'stopped-early':
      return badge('stopped early', 'ok');
    case 'running':
      return badge('training…', 'running');
    case 'finished':
      return badge('finished', 'ok');
    case 'diverged':
      return badge('diverged', 'error');
    case 'cancelled':
      return badge('cancelled', 'warning');
    default:
      return badge(status, 'warning');
  }
}
