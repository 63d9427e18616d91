import type { EvaluateOutput } from '../../src/protocol/cell-output';
import { ChartPanel } from '../chart-panel';
import { rocChart } from '../charts/evaluate-charts';
import { element, Region } from '../dom';
import { formatCount, formatNumber, formatPercent, labelOf } from '../format';
import type { RenderedOutput } from '../run-data';
import type { Theme } from '../theme';
import { outputHeader, type View, type ViewContext } from './view';

/**
 * `evaluate`: loss and metrics on a split, and for classification the
 * confusion matrix (a table whose cells are shaded by the share of the true
 * class they hold) beside the ROC curves.
 */
export class EvaluateView implements View {
  readonly element: HTMLElement;
  private readonly header = outputHeader('');
  private readonly matrix = new Region('figure', 'nnlab-confusion');
  private readonly roc = new ChartPanel('roc');

  constructor(private readonly context: ViewContext) {
    this.element = element('section', { className: 'nnlab-output nnlab-evaluate' }, [
      this.header.element,
      element('div', { className: 'nnlab-grid' }, [this.matrix.element, this.roc.element]),
    ]);
  }

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'evaluate';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'evaluate') return;
    this.header.title.textContent = output.title;
    const metrics = Object.entries(output.metrics).map(([name, value]) => `${labelOf(name)} ${formatNumber(value)}`);
    this.header.facts.replaceChildren(
      ...[`${output.split} split`, `${formatCount(output.count)} samples`, `loss ${formatNumber(output.loss)}`, ...metrics].map((fact) =>
        element('span', { className: 'nnlab-fact' }, [fact]),
      ),
    );
    this.matrix.set(JSON.stringify(output.confusion ?? null), () => (output.confusion ? confusionMatrix(output.confusion, output.split) : []));
    this.roc.show(rocChart(output), this.context.theme());
  }

  retheme(theme: Theme): void {
    this.roc.retheme(theme);
  }

  dispose(): void {
    this.roc.dispose();
  }
}

/**
 * The confusion matrix as a heat map table: rows are true classes, columns
 * predicted ones; a cell's shade is its share of its row (the recall on the
 * diagonal), so classes of different sizes compare fairly.
 */
export function confusionMatrix(confusion: NonNullable<EvaluateOutput['confusion']>, split: string): HTMLElement[] {
  const { classes, counts } = confusion;
  const caption = element('figcaption', { className: 'nnlab-chart-title' }, [`Confusion matrix (${split} split)`]);
  const head = element('thead', {}, [
    element('tr', {}, [
      element('th', { className: 'nnlab-corner', attrs: { scope: 'col' } }, ['true \\ predicted']),
      ...classes.map((name) => element('th', { attrs: { scope: 'col' } }, [name])),
    ]),
  ]);
  const body = element(
    'tbody',
    {},
    counts.map((row, i) => {
      const total = row.reduce((sum, n) => sum + n, 0);
      return element('tr', {}, [
        element('th', { attrs: { scope: 'row' } }, [classes[i] ?? String(i)]),
        ...row.map((count, j) => {
          const share = total > 0 ? count / total : 0;
          return element(
            'td',
            {
              className: i === j ? 'nnlab-heat nnlab-diagonal' : 'nnlab-heat',
              title: `true ${classes[i]}, predicted ${classes[j]}: ${count} of ${total} (${formatPercent(share)})`,
              style: { '--nnlab-heat': share.toFixed(3) },
            },
            [formatCount(count)],
          );
        }),
      ]);
    }),
  );
  const table = element('table', { className: 'nnlab-table nnlab-matrix' }, [
    element('caption', { className: 'nnlab-visually-hidden' }, ['Rows are true classes, columns predicted classes; shading is the share of the row.']),
    head,
    body,
  ]);
  return [caption, element('div', { className: 'nnlab-table-box' }, [table])];
}
