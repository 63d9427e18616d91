import { Chart, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import type { TrainOutput } from '../src/protocol/cell-output';

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
export function renderRun(container: HTMLElement, output: TrainOutput): Chart {
  const loss = output.run.series.loss;
  container.replaceChildren();
  const heading = document.createElement('div');
  heading.textContent = output.title;
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Training loss over ${output.run.steps} steps`);
  container.append(heading, canvas);
  const style = getComputedStyle(container);
  const foreground = style.getPropertyValue('--vscode-editor-foreground') || '#888';
  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'loss',
          data: loss.map((point) => ({ x: point.x, y: point.mean })),
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
      charts.set(item.id, renderRun(element, item.json() as TrainOutput));
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
