import { element, table } from '../dom';
import { formatCount } from '../format';
import type { RenderedOutput } from '../run-data';
import type { View } from './view';

/**
 * Outputs that are words and small tables: what a declaration did
 * (`summary`), and the tensors a `save` or `load` wrote or read
 * (`weights`).
 */

/** A declaration's effect, line by line, in the editor's monospace font (the lines align like the CLI's). */
export class SummaryView implements View {
  readonly element = element('pre', { className: 'nnlab-output nnlab-summary' });

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'summary';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'summary') return;
    const text = output.lines.join('\n');
    if (this.element.textContent !== text) this.element.textContent = text;
  }

  retheme(): void {}

  dispose(): void {}
}

/** The tensors saved or loaded: name, shape, and number of values. */
export class WeightsView implements View {
  readonly element = element('section', { className: 'nnlab-output nnlab-weights' });
  private key = '';

  accepts(output: RenderedOutput): boolean {
    return output.kind === 'weights';
  }

  update(output: RenderedOutput): void {
    if (output.kind !== 'weights') return;
    const key = JSON.stringify(output);
    if (key === this.key) return;
    this.key = key;
    const sizes = output.tensors.map((t) => t.shape.reduce((product, n) => product * n, 1));
    const total = sizes.reduce((sum, n) => sum + n, 0);
    const verb = output.action === 'save' ? 'Saved' : 'Loaded';
    this.element.replaceChildren(
      element('header', { className: 'nnlab-header' }, [
        element('h2', { className: 'nnlab-title' }, [output.title]),
        element('div', { className: 'nnlab-facts' }, [
          element('span', { className: 'nnlab-fact' }, [`${verb} ${output.tensors.length} tensors (${formatCount(total)} values) `, output.action === 'save' ? 'to ' : 'from ', element('code', {}, [output.path])]),
        ]),
      ]),
      table(
        ['tensor', 'shape', 'values'],
        output.tensors.map((t, i) => [element('code', {}, [t.name]), t.shape.length === 0 ? 'scalar' : t.shape.join(' × '), formatCount(sizes[i])]),
        { numeric: [2] },
      ),
    );
  }

  retheme(): void {}

  dispose(): void {}
}
