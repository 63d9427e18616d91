import type { ChartSpec } from '../charts/spec';
import { element } from '../dom';
import type { Theme } from '../theme';
import { ChartGrid } from './view';

/**
 * The "Gradient norm through time" charts of a run or a comparison, one per
 * recurrent layer. How many there are is known only from the output, so the
 * grid is made on the first update and made anew only if the layers change.
 * The first layer's panel is named `through-time`, a further one
 * `through-time-<layer>`.
 */
export class ThroughTimeGrid {
  readonly element = element('div', { className: 'nnlab-through-time', hidden: true });
  private grid: ChartGrid | undefined;
  private layers = '';

  /** Shows one chart per layer (in `layers` order), or nothing without layers. */
  show(layers: readonly string[], chart: (layer: string) => ChartSpec | undefined, theme: Theme): void {
    const key = layers.join(',');
    if (this.grid === undefined || key !== this.layers) {
      this.grid?.dispose();
      this.grid = new ChartGrid(layers.map(panelName));
      this.layers = key;
      this.element.replaceChildren(this.grid.element);
    }
    this.grid.show(Object.fromEntries(layers.map((layer, i) => [panelName(layer, i), chart(layer)])), theme);
    this.element.hidden = this.grid.element.hidden || layers.length === 0;
  }

  retheme(theme: Theme): void {
    this.grid?.retheme(theme);
  }

  dispose(): void {
    this.grid?.dispose();
  }
}

function panelName(layer: string, index: number): string {
  return index === 0 ? 'through-time' : `through-time-${layer}`;
}
