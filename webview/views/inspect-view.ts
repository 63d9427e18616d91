import { layerFractionsChart, layerGradientChart, layerVarianceChart } from '../charts/layer-charts';
import { element, Region, table } from '../dom';
import { formatNumber, formatPercent } from '../format';
import { formulaCards } from '../formula-cards';
import type { RenderedOutput } from '../run-data';
import type { Theme } from '../theme';
import { ChartGrid, outputHeader, section, type View, type ViewContext } from './view';

/**
 * `inspect init`: one batch forward and backward at initialization. The
 * variance of every layer's pre-activation and output on a log axis (a
 * signal that shrinks by a constant factor per layer is a straight line
 * down), each layer's gradient norm, and the same figures as a table.
 */
export class InspectView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly charts = new ChartGrid(['layer-variance', 'layer-gradient', 'layer-fractions']);
  private readonly details = new Region('div', 'nnlab-inspect-table');
  private readonly cards = new Region('div', 'nnlab-cards');
  private readonly formulas: HTMLDetailsElement;

  constructor(private readonly context: ViewContext) {
    this.formulas = section('Formulas', 'nnlab-formulas', [this.cards.element]);
    this.element = element('section', { className: 'nnlab-output nnlab-inspect' }, [
      this.header.element,
      this.charts.element,
      this.details.element,
      this.formulas,
    ]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'inspect';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'inspect') return;
    const { layers } = output;
    this.header.title.textContent = output.title;
    this.header.facts.replaceChildren(element('span', { className: 'nnlab-fact' }, [`${layers.length} layers, one batch at initialization`]));
    this.charts.show(
      {
        'layer-variance': layerVarianceChart(layers, 'at initialization'),
        'layer-gradient': layerGradientChart(layers, 'at initialization'),
        'layer-fractions': layerFractionsChart(layers, 'at initialization'),
      },
      this.context.theme(),
    );
    this.details.set(JSON.stringify(layers), () => [
      table(
        ['layer', 'kind', 'activation', 'init', 'Var(z)', 'Var(a)', 'grad norm', 'dead', 'saturated'],
        layers.map((l) => [
          l.layer,
          l.kind,
          l.activation ?? '',
          l.initializer ?? '',
          formatNumber(l.preactivationVariance),
          formatNumber(l.activationVariance),
          formatNumber(l.gradientNorm),
          l.deadFraction === null ? '' : formatPercent(l.deadFraction),
          l.saturatedFraction === null ? '' : formatPercent(l.saturatedFraction),
        ]),
        { numeric: [4, 5, 6, 7, 8] },
      ),
    ]);
    this.cards.set(JSON.stringify(output.concepts), () => formulaCards(output.concepts));
    this.formulas.hidden = output.concepts.length === 0;
  }

  retheme(theme: Theme): void {
    this.charts.retheme(theme);
  }

  dispose(): void {
    this.charts.dispose();
  }
}
