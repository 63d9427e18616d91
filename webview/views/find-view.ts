import type { GradientSurveyOutput, LrFinderOutput } from '../../src/protocol/cell-output';
import { gradientHistogramChart, lrLossChart, lrSlopeChart } from '../charts/find-charts';
import { element } from '../dom';
import { formatNumber } from '../format';
import type { RenderedOutput } from '../run-data';
import type { Theme } from '../theme';
import { ChartGrid, outputHeader, type View, type ViewContext } from './view';

/** The words under a probe's charts: each suggestion's reason, what to write, and how to read it. */
function explanation(items: readonly string[], use: string | undefined, paragraph: string): HTMLElement[] {
  return [
    element('ul', { className: 'nnlab-find-suggestions' }, items.map((item) => element('li', {}, [item]))),
    ...(use ? [element('p', {}, ['To use it, write ', element('code', {}, [use])])] : []),
    element('p', { className: 'nnlab-muted' }, [paragraph]),
  ];
}

function fact(text: string): HTMLElement {
  return element('span', { className: 'nnlab-fact' }, [text]);
}

/** `find lr`: loss and slope against η with every suggestion marked, and each suggestion in words. */
export class LrFinderView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly charts = new ChartGrid(['lr-loss', 'lr-slope']);
  private readonly words = element('div', { className: 'nnlab-find-text' });

  constructor(private readonly context: ViewContext) {
    this.element = element('section', { className: 'nnlab-output nnlab-lr-finder' }, [this.header.element, this.charts.element, this.words]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'lr-finder';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'lr-finder') return;
    const o: LrFinderOutput = output;
    this.header.title.textContent = o.title;
    this.header.facts.replaceChildren(fact(`${o.rates.length} of ${o.sweep.steps} batches`), fact(`${o.optimizer}, declared lr ${formatNumber(o.currentLr)}`));
    this.charts.show({ 'lr-loss': lrLossChart(o), 'lr-slope': lrSlopeChart(o) }, this.context.theme());
    this.words.replaceChildren(...explanation(o.suggestions.map((s) => s.explanation), o.use, o.explanation));
  }

  retheme(theme: Theme): void {
    this.charts.retheme(theme);
  }

  dispose(): void {
    this.charts.dispose();
  }
}

/** `find clip`: the histogram of ‖g‖ with τ, its percentiles, and the clip line to write. */
export class GradientSurveyView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly charts = new ChartGrid(['grad-histogram']);
  private readonly words = element('div', { className: 'nnlab-find-text' });

  constructor(private readonly context: ViewContext) {
    this.element = element('section', { className: 'nnlab-output nnlab-gradient-survey' }, [this.header.element, this.charts.element, this.words]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'gradient-survey';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'gradient-survey') return;
    const o: GradientSurveyOutput = output;
    this.header.title.textContent = o.title;
    this.header.facts.replaceChildren(fact(`${o.norms.length} steps at η = ${formatNumber(o.learningRate)}`), fact(`τ = ${formatNumber(o.threshold.value)} (p${o.threshold.p})`));
    this.charts.show({ 'grad-histogram': gradientHistogramChart(o) }, this.context.theme());
    const percentiles = `Percentiles of ‖g‖: ${o.percentiles.map(({ p, value }) => `p${p} = ${formatNumber(value)}`).join(', ')}.`;
    this.words.replaceChildren(...explanation([percentiles], o.use, o.explanation));
  }

  retheme(theme: Theme): void {
    this.charts.retheme(theme);
  }

  dispose(): void {
    this.charts.dispose();
  }
}
