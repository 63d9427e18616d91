import { element } from '../dom';
import { LandscapePanel } from '../landscape-panel';
import type { RunData } from '../run-data';
import type { Theme } from '../theme';

/**
 * A comparison's landscapes side by side, one small map per run in the
 * run's order, so the reader sees how each compared setting shapes the
 * boundary (zero init's flat answer beside He's curved one).
 */
export class CompareLandscapes {
  readonly element = element('div', { className: 'nnlab-landscapes' });
  private panels: LandscapePanel[] = [];

  show(runs: readonly RunData[], theme: Theme): void {
    const drawn = runs.filter((run) => run.landscape !== undefined);
    while (this.panels.length > drawn.length) this.panels.pop()?.element.remove();
    drawn.forEach((run, i) => {
      let panel = this.panels[i];
      if (panel === undefined) {
        panel = new LandscapePanel(200);
        this.panels.push(panel);
        this.element.append(panel.element);
      }
      panel.show(run.landscape, theme, run.label);
    });
    this.element.hidden = drawn.length === 0;
  }

  retheme(theme: Theme): void {
    for (const panel of this.panels) panel.retheme(theme);
  }
}
