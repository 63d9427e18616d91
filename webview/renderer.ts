import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { RunOutput } from '../src/protocol/run-output';

Chart.register(LineController, LineElement, LinearScale, PointElement, Tooltip);

/** The parts of VS Code's notebook-renderer API this renderer uses. */
interface OutputItem {
  readonly id: string;
  json(): unknown;
}

interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement): void;
  disposeOutputItem(id?: string): void;
}

const charts = new Map<string, Chart>();

/** Draws a run's loss curve; colours come from the VS Code theme. */
export function renderRun(container: HTMLElement, run: RunOutput): Chart {
  container.replaceChildren();
  const heading = document.createElement('div');
  heading.textContent = run.title;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Training loss over ${run.steps.length} recorded steps`);
  container.append(heading, canvas);
  const style = getComputedStyle(container);
  const foreground = style.getPropertyValue('--vscode-editor-foreground') || '#888';
  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'loss',
          data: run.steps.map((step, i) => ({ x: step, y: run.loss[i] })),
          borderColor: style.getPropertyValue('--vscode-charts-blue') || '#3794ff',
          pointRadius: 0,
        },
      ],
    },
    options: {
      animation: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step', color: foreground } },
        y: { type: 'linear', title: { display: true, text: 'loss', color: foreground } },
      },
    },
  });
}

export function activate(): RendererApi {
  return {
    renderOutputItem(item, element) {
      charts.get(item.id)?.destroy();
      charts.set(item.id, renderRun(element, item.json() as RunOutput));
    },
    disposeOutputItem(id) {
      const ids = id === undefined ? [...charts.keys()] : [id];
      for (const key of ids) {
        charts.get(key)?.destroy();
        charts.delete(key);
      }
    },
  };
}
