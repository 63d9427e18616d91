import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type ChartOptions,
} from 'chart.js';
import type { AxisSpec, ChartSpec, Point, SeriesSpec } from './charts/spec';
import { element } from './dom';
import { formatNumber, formatPercent } from './format';
import { withAlpha, type Theme } from './theme';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

/** Counts every Chart.js instance ever made, so a test can tell an update from a re-creation. */
let chartsCreated = 0;

/**
 * One chart in the output: a titled figure around a canvas. The first spec
 * creates the Chart.js instance; every later spec is written into that same
 * instance's data and options and drawn with `update('none')` — no
 * animation, no new canvas, so a live run's charts grow without flicker and
 * the page keeps its height. The canvas carries `data-chart-serial` (the
 * instance's number, which an update never changes) and
 * `data-chart-updates`.
 */
export class ChartPanel {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private chart: Chart | undefined;
  private keys: string[] = [];
  private spec: ChartSpec | undefined;
  private updates = 0;

  constructor(readonly name: string) {
    this.caption = element('figcaption', { className: 'nnlab-chart-title' });
    this.canvas = element('canvas', { role: 'img' });
    this.element = element('figure', { className: 'nnlab-chart', dataset: { chart: name }, hidden: true }, [
      this.caption,
      element('div', { className: 'nnlab-canvas-box' }, [this.canvas]),
    ]);
  }

  /** Shows the spec, updating the existing chart when there is one; undefined hides the figure. */
  show(spec: ChartSpec | undefined, theme: Theme): void {
    this.spec = spec;
    this.element.hidden = spec === undefined;
    if (spec === undefined) return;
    this.caption.textContent = spec.title;
    this.canvas.setAttribute('aria-label', spec.description);
    this.element.classList.toggle('nnlab-square', spec.shape === 'square');
    const datasets = datasetsOf(spec, theme);
    const keys = datasets.map(({ key }) => key);
    if (this.chart === undefined) {
      const config = {
        type: spec.series.some((series) => series.style === 'bar') ? 'bar' : 'line',
        data: { labels: spec.labels ? [...spec.labels] : [], datasets: datasets.map(({ dataset }) => dataset) },
        options: optionsOf(spec, theme),
      };
      this.chart = new Chart(this.canvas, config as ChartConfiguration);
      this.canvas.dataset.chartSerial = String(++chartsCreated);
    } else {
      const current = this.chart.data.datasets;
      datasets.forEach(({ dataset }, i) => {
        if (current[i] !== undefined && this.keys[i] === keys[i]) Object.assign(current[i], dataset);
        else current[i] = dataset;
      });
      current.length = datasets.length;
      this.chart.data.labels = spec.labels ? [...spec.labels] : [];
      this.chart.options = optionsOf(spec, theme);
      this.chart.update('none');
      this.canvas.dataset.chartUpdates = String(++this.updates);
    }
    this.keys = keys;
  }

  /** Redraws the last spec in new theme colours. */
  retheme(theme: Theme): void {
    if (this.spec !== undefined) this.show(this.spec, theme);
  }

  dispose(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

/** Datasets are built loosely and handed to Chart.js as they are: line and bar options mix in one chart. */
type Dataset = ChartDataset;

/** Chart.js datasets for a spec: a band becomes two (lower edge, then upper filled down to it). */
function datasetsOf(spec: ChartSpec, theme: Theme): { key: string; dataset: Dataset }[] {
  const log = spec.y.scale === 'log';
  const category = spec.x.scale === 'category';
  const span = xSpan(spec.series);
  const out: { key: string; dataset: Dataset }[] = [];
  for (const series of spec.series) {
    const color = theme.colors[series.color];
    const data = (points: readonly Point[] | undefined): unknown[] => (points ?? []).map((p) => ({ x: p.x, y: onScale(p.y, log) }));
    const values = (): unknown[] => (series.values ?? []).map((v) => onScale(v, log));
    const count = category ? (series.values?.length ?? 0) : (series.points?.length ?? 0);
    const line = {
      type: 'line' as const,
      label: series.label,
      borderColor: color,
      backgroundColor: color,
      borderWidth: theme.lineWidth,
      pointRadius: count <= 60 ? 2 : 0,
      pointHitRadius: 6,
      tension: 0,
      fill: false,
      borderDash: [] as number[],
      showLine: true,
      data: category ? values() : data(series.points),
    };
    switch (series.style) {
      case 'line':
        out.push({ key: series.key, dataset: line as unknown as Dataset });
        break;
      case 'dashed':
        out.push({ key: series.key, dataset: { ...line, borderDash: [6, 4] } as unknown as Dataset });
        break;
      case 'faint':
        out.push({ key: series.key, dataset: { ...line, borderColor: withAlpha(color, 0.5), borderDash: [2, 3], pointRadius: 0 } as unknown as Dataset });
        break;
      case 'points':
        out.push({ key: series.key, dataset: { ...line, showLine: false, pointRadius: 3, pointStyle: 'triangle' } as unknown as Dataset });
        break;
      case 'band': {
        const edge = { ...line, label: '', borderWidth: 0, pointRadius: 0, pointHitRadius: 0, backgroundColor: withAlpha(color, 0.2) };
        out.push({ key: `${series.key}:low`, dataset: { ...edge, data: data(series.points) } as unknown as Dataset });
        out.push({ key: `${series.key}:high`, dataset: { ...edge, label: series.label, fill: '-1', data: data(series.upper) } as unknown as Dataset });
        break;
      }
      case 'threshold': {
        const level = onScale(series.level ?? null, log);
        const across = category ? (spec.labels ?? []).map(() => level) : span ? [{ x: span[0], y: level }, { x: span[1], y: level }] : [];
        out.push({ key: series.key, dataset: { ...line, borderDash: [4, 4], pointRadius: 0, pointHitRadius: 0, data: across } as unknown as Dataset });
        break;
      }
      case 'bar':
        out.push({
          key: series.key,
          dataset: { type: 'bar', label: series.label, backgroundColor: withAlpha(color, 0.65), borderColor: color, borderWidth: 1, data: values() } as unknown as Dataset,
        });
        break;
    }
  }
  return out;
}

/** A log axis cannot show zero or less: such values become gaps. */
function onScale(value: number | null, log: boolean): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return log && value <= 0 ? null : value;
}

function xSpan(series: readonly SeriesSpec[]): [number, number] | undefined {
  let low = Infinity;
  let high = -Infinity;
  for (const { points, style } of series) {
    if (style === 'threshold' || points === undefined) continue;
    for (const { x } of points) {
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
  }
  return low <= high ? [low, high] : undefined;
}

function optionsOf(spec: ChartSpec, theme: Theme): ChartOptions {
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = theme.fontSize;
  Chart.defaults.color = theme.colors.foreground;
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'nearest', intersect: false, axis: spec.shape === 'square' ? 'xy' : 'x' },
    plugins: {
      legend: {
        display: spec.legend,
        position: 'bottom',
        labels: { color: theme.colors.foreground, boxWidth: 12, boxHeight: 2, filter: (item) => item.text !== '' },
      },
      tooltip: { enabled: true },
    },
    scales: { x: axisOf(spec.x, theme), y: axisOf(spec.y, theme) },
  };
}

function axisOf(axis: AxisSpec, theme: Theme): Record<string, unknown> {
  const ticks: Record<string, unknown> = { color: theme.colors.foreground, maxRotation: 0, autoSkipPadding: 8 };
  if (axis.scale === 'log') ticks.callback = (value: number | string) => (isPowerOfTen(Number(value)) ? formatNumber(Number(value)) : '');
  else if (axis.scale === 'linear') ticks.callback = (value: number | string) => (axis.percent ? formatPercent(value) : formatNumber(value));
  return {
    type: axis.scale === 'log' ? 'logarithmic' : axis.scale,
    title: { display: axis.title !== '', text: axis.title, color: theme.colors.foreground },
    ticks,
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ...(axis.min !== undefined ? { min: axis.min } : {}),
    ...(axis.max !== undefined ? { max: axis.max } : {}),
  };
}

function isPowerOfTen(value: number): boolean {
  const exponent = Math.log10(value);
  return Number.isFinite(exponent) && Math.abs(exponent - Math.round(exponent)) < 1e-9;
}
