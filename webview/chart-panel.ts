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
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import { ChartControls } from './chart-controls';
import { datasetsOf, lineCount, paint, type Drawn } from './chart-datasets';
import type { AxisSpec, ChartSpec } from './charts/spec';
import { labelledTogether, logTickLabels, spacedTickLabels } from './charts/ticks';
import { element } from './dom';
import { formatNumber, formatPercent } from './format';
import { chartCreations, liveRedraws } from './redraw-pacer';
import { withAlpha, type Theme } from './theme';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip);

/** Counts every Chart.js instance ever made, so a test can tell an update from a re-creation. */
let chartsCreated = 0;

/**
 * The update mode for redraws: the default one, not 'none'. Animation is
 * off either way, but in 'none' mode Chart.js keeps the point options it
 * shared between points from the first draw, so markers would keep the
 * old theme's colours (and a faded run's markers would never fade).
 */
const REDRAW = 'default';

/** With this many lines or more, and room, the legend moves to the right of the plot as one compact column. */
const SIDE_LEGEND_LINES = 4;
const SIDE_LEGEND_MIN_WIDTH = 520;

/**
 * One chart in the output: a titled figure around a canvas. The first spec
 * creates the Chart.js instance; every later spec is written into that same
 * instance's data and options and drawn again — no animation, no new
 * canvas, so a live run's charts grow without flicker and
 * the page keeps its height. The canvas carries `data-chart-serial` (the
 * instance's number, which an update never changes) and
 * `data-chart-updates`. A chart over time gets controls (smoothing, log y)
 * whose settings survive updates; hovering a line or its legend entry
 * fades the others.
 */
export class ChartPanel {
  readonly element: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly controls: ChartControls;
  private chart: Chart | undefined;
  private drawn: Drawn[] = [];
  private spec: ChartSpec | undefined;
  private theme: Theme | undefined;
  private highlighted: string | undefined;
  private updates = 0;

  constructor(readonly name: string) {
    this.caption = element('figcaption', { className: 'nnlab-chart-title' });
    this.canvas = element('canvas', { role: 'img' });
    this.controls = new ChartControls(name, () => this.redraw());
    this.element = element('figure', { className: 'nnlab-chart', dataset: { chart: name }, hidden: true }, [
      this.caption,
      this.controls.element,
      element('div', { className: 'nnlab-canvas-box' }, [this.canvas]),
    ]);
  }

  /**
   * Shows the spec, updating the existing chart when there is one; undefined
   * hides the figure. The chart is created in its turn in
   * {@link chartCreations}, and while a live snapshot is applied its update
   * waits its turn in {@link liveRedraws}: either way the canvas carries
   * `data-redraw-pending` meanwhile. Any other update is drawn at once.
   */
  show(spec: ChartSpec | undefined, theme: Theme): void {
    this.spec = spec;
    this.theme = theme;
    this.element.hidden = spec === undefined;
    const pacer = spec === undefined ? undefined : this.chart === undefined ? chartCreations : liveRedraws.deferring ? liveRedraws : undefined;
    this.markPending(pacer !== undefined);
    if (spec === undefined) return;
    this.caption.textContent = spec.title;
    this.canvas.setAttribute('aria-label', spec.description);
    this.element.classList.toggle('nnlab-square', spec.shape === 'square');
    this.controls.element.hidden = spec.smoothing === undefined;
    this.controls.defaults(spec.smoothing ?? 0, spec.y.scale === 'log');
    if (pacer !== undefined) {
      pacer.defer(this, () => {
        delete this.canvas.dataset.redrawPending;
        this.draw(spec, theme);
      });
    } else {
      this.draw(spec, theme);
    }
  }

  /** Redraws the last spec in new theme colours. */
  retheme(theme: Theme): void {
    if (this.spec !== undefined) this.show(this.spec, theme);
  }

  dispose(): void {
    this.markPending(false);
    this.chart?.destroy();
    this.chart = undefined;
  }

  private draw(spec: ChartSpec, theme: Theme): void {
    const timeSeries = spec.smoothing !== undefined;
    const log = timeSeries ? this.controls.log : spec.y.scale === 'log';
    const drawn = datasetsOf(spec, theme, { log, smoothing: timeSeries ? this.controls.smoothing : 0 });
    const options = this.optionsOf(spec, theme, log);
    // The legend and hover read the new datasets while the chart is built or updated.
    const previous = this.drawn;
    this.drawn = drawn;
    if (this.chart === undefined) {
      const config = {
        type: spec.series.some((series) => series.style === 'bar') ? 'bar' : 'line',
        data: { labels: spec.labels ? [...spec.labels] : [], datasets: drawn.map(({ dataset }) => dataset) },
        options,
        // Chart.js reports hovering only inside the plot area; leaving the canvas ends the highlight.
        // (It handles events a frame late, so this must go through it, not a DOM listener.)
        plugins: [{ id: 'nnlab-leave', afterEvent: (_chart: Chart, args: { event: { type: string } }) => args.event.type === 'mouseout' && this.highlight(undefined) }],
      };
      this.chart = new Chart(this.canvas, config as ChartConfiguration);
      this.canvas.dataset.chartSerial = String(++chartsCreated);
    } else {
      const current = this.chart.data.datasets;
      drawn.forEach(({ key, dataset }, i) => {
        if (current[i] !== undefined && previous[i]?.key === key) Object.assign(current[i], dataset);
        else current[i] = dataset;
      });
      current.length = drawn.length;
      this.chart.data.labels = spec.labels ? [...spec.labels] : [];
      this.chart.options = options;
      this.chart.update(REDRAW);
      this.canvas.dataset.chartUpdates = String(++this.updates);
    }
    this.canvas.dataset.yScale = log ? 'log' : 'linear';
    if (this.highlighted !== undefined) this.highlight(this.highlighted);
  }

  /** Marks the canvas while its redraw is queued; unmarking drops the queued redraw, which a newer show or a dispose makes moot. */
  private markPending(pending: boolean): void {
    if (pending) this.canvas.dataset.redrawPending = 'true';
    else {
      delete this.canvas.dataset.redrawPending;
      liveRedraws.cancel(this);
      chartCreations.cancel(this);
    }
  }

  private redraw(): void {
    if (this.spec !== undefined && this.theme !== undefined) this.show(this.spec, this.theme);
  }

  /**
   * Fades every line but those of one series (a run, or a smoothed line
   * and its raw values); undefined brings them all back. Only overlays of
   * several lines take part: one line has nothing to stand out from.
   */
  private highlight(group: string | undefined): void {
    const chart = this.chart;
    if (chart === undefined || this.spec === undefined || lineCount(this.spec) < 2) return;
    if (group === this.highlighted && this.canvas.dataset.highlight === (group ?? '')) return;
    this.highlighted = group;
    this.canvas.dataset.highlight = group ?? '';
    this.drawn.forEach((drawn, i) => {
      const dataset = chart.data.datasets[i] as unknown as Record<string, unknown>;
      if (dataset === undefined || dataset.type === 'bar') return;
      const base = (drawn.dataset as unknown as Record<string, unknown>).borderColor as string;
      const faded = group !== undefined && drawn.group !== group;
      Object.assign(dataset, paint(faded ? withAlpha(base, 0.15) : base));
      if (drawn.key.endsWith(':low') || drawn.key.endsWith(':high')) dataset.backgroundColor = (drawn.dataset as unknown as Record<string, unknown>).backgroundColor;
    });
    chart.update(REDRAW);
  }

  private optionsOf(spec: ChartSpec, theme: Theme, log: boolean): ChartOptions {
    Chart.defaults.font.family = theme.fontFamily;
    Chart.defaults.font.size = theme.fontSize;
    Chart.defaults.color = theme.colors.foreground;
    const lines = lineCount(spec);
    const side = (width: number): boolean => lines >= SIDE_LEGEND_LINES && width >= SIDE_LEGEND_MIN_WIDTH;
    const groupAt = (index: number | undefined): string | undefined => (index === undefined ? undefined : this.drawn[index]?.group);
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'nearest', intersect: false, axis: spec.shape === 'square' ? 'xy' : 'x' },
      onHover: (_event, elements) => this.highlight(groupAt(elements[0]?.datasetIndex)),
      onResize: (chart, size) => {
        const legend = chart.options.plugins?.legend;
        const position = side(size.width) ? 'right' : 'bottom';
        if (legend && legend.position !== position) legend.position = position;
      },
      plugins: {
        legend: {
          display: spec.legend,
          position: side(this.canvas.parentElement?.clientWidth ?? 0) ? 'right' : 'bottom',
          onHover: (_event, item) => this.highlight(groupAt(item.datasetIndex)),
          onLeave: () => this.highlight(undefined),
          labels: {
            color: theme.colors.foreground,
            boxHeight: 6,
            padding: lines >= SIDE_LEGEND_LINES ? 6 : 10,
            font: { size: lines >= SIDE_LEGEND_LINES ? Math.max(10, theme.fontSize - 1) : theme.fontSize },
            filter: (item) => item.text !== '',
            // Lines show their dash pattern, a divergence its ✕, bars and bands a box.
            usePointStyle: true,
            pointStyleWidth: 14,
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => ({ ...item, pointStyle: this.drawn[item.datasetIndex ?? -1]?.symbol ?? 'line' })),
            // Chart.js sorts entries by draw order; readers expect the runs in their order.
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
          },
        },
        tooltip: {
          enabled: true,
          filter: (item) => item.dataset.label !== '',
          callbacks: {
            title: (items) => tooltipTitle(spec, items),
            label: (item) => tooltipLabel(spec, item),
          },
        },
      },
      scales: { x: axisOf(spec.x, theme, spec.x.scale === 'log'), y: axisOf(spec.y, theme, log) },
    };
  }
}

function tooltipTitle(spec: ChartSpec, items: readonly TooltipItem<'line'>[]): string {
  const first = items[0];
  if (first === undefined) return '';
  return spec.x.scale === 'category' ? first.label : `${spec.x.title} ${formatNumber(first.parsed.x)}`;
}

/** "zeros: 1.10", with the raw value beside a smoothed one: "training: 0.52 (raw 0.61)". */
function tooltipLabel(spec: ChartSpec, item: TooltipItem<'line'>): string {
  const show = (value: unknown): string => (spec.y.percent ? formatPercent(value) : formatNumber(value));
  const raw = (item.raw as { unsmoothed?: number | null } | undefined)?.unsmoothed;
  const value = show(item.parsed.y);
  return `${item.dataset.label}: ${value}${raw !== undefined && raw !== null && show(raw) !== value ? ` (raw ${show(raw)})` : ''}`;
}

function axisOf(axis: AxisSpec, theme: Theme, log: boolean): Record<string, unknown> {
  const ticks: Record<string, unknown> = { color: theme.colors.foreground, maxRotation: 0, autoSkipPadding: 8, ...(axis.integer ? { precision: 0 } : {}) };
  if (log) {
    // Chart.js would skip ticks by position, dropping the very ones labelled; logTickLabels chooses instead.
    ticks.autoSkip = false;
    ticks.callback = labelledTogether(logTickLabels);
  } else if (axis.scale !== 'category') {
    ticks.callback = axis.percent ? (value: number | string) => formatPercent(value) : labelledTogether(spacedTickLabels);
  }
  // A range set for a linear axis may not suit a log one (it may start at zero): then Chart.js finds its own.
  const bound = (value: number | undefined): number | undefined => (value === undefined || (log && !(value > 0)) ? undefined : value);
  const min = bound(axis.min);
  const max = bound(axis.max);
  const suggestedMin = bound(axis.suggestedMin);
  const suggestedMax = bound(axis.suggestedMax);
  return {
    type: log ? 'logarithmic' : axis.scale,
    title: { display: axis.title !== '', text: axis.title, color: theme.colors.foreground },
    ticks,
    // On a log axis only labelled ticks get a gridline: one at every 1…9 × 10^k would hatch the plot.
    grid: { color: log ? (context: { tick?: { label?: unknown } }) => (context.tick?.label ? theme.grid : 'transparent') : theme.grid },
    border: { color: theme.grid },
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(suggestedMin !== undefined ? { suggestedMin } : {}),
    ...(suggestedMax !== undefined ? { suggestedMax } : {}),
  };
}
