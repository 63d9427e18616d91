import type { DecisionLandscape } from '../src/protocol/cell-output';
import { classShares, landscapePixels, pointColour, pointsAgreeing, unitPixels, type Rgba } from './charts/landscape-paint';
import { niceStep } from './charts/ticks';
import { element } from './dom';
import { formatNumber, formatPercent } from './format';
import { rgbaOf, seriesColor, type Theme } from './theme';

/**
 * "What the network learned" for data with two features: the model's answer
 * over the plane of its inputs with the data on top (TensorFlow Playground's
 * picture), and a small map per hidden unit. Drawn on canvases from the
 * run's landscape; a newer landscape (a live update, then the final run)
 * repaints the same canvases.
 */
export class LandscapePanel {
  readonly element: HTMLElement;
  private readonly canvas = element('canvas', { role: 'img', className: 'nnlab-landscape-map' });
  private readonly caption = element('figcaption', { className: 'nnlab-chart-title' });
  private readonly legend = element('div', { className: 'nnlab-landscape-legend' });
  private readonly units = element('div', { className: 'nnlab-unit-maps' });
  private readonly unitsSection: HTMLDetailsElement;
  private landscape: DecisionLandscape | undefined;
  /** What was last painted, and in which theme: a live update with the same landscape repaints nothing. */
  private painted = '';

  constructor(
    /** CSS pixels of the map's side. */
    private readonly size = 320,
  ) {
    this.unitsSection = element('details', { className: 'nnlab-units' }, [element('summary', {}, ['Hidden units: what each one responds to']), this.units]);
    this.element = element('figure', { className: 'nnlab-landscape', hidden: true, dataset: { chart: 'landscape' } }, [this.caption, this.canvas, this.legend, this.unitsSection]);
  }

  /** Draws the landscape; undefined hides the panel. */
  show(landscape: DecisionLandscape | undefined, theme: Theme, title = 'What the network learned'): void {
    this.landscape = landscape;
    this.element.hidden = landscape === undefined;
    if (landscape === undefined) return;
    this.caption.textContent = title;
    // Live snapshots repeat the last landscape until the worker makes a new one (twice a second at most).
    const painted = `${theme.kind}:${JSON.stringify(theme.colors)}:${fingerprint(landscape)}`;
    if (painted === this.painted) return;
    this.painted = painted;
    paintMap(this.canvas, landscape, theme, this.size);
    this.canvas.setAttribute('aria-label', describe(landscape));
    this.legend.replaceChildren(...legendItems(landscape, theme));
    this.unitsSection.hidden = landscape.units.length === 0;
    this.paintUnits(landscape, theme);
  }

  retheme(theme: Theme): void {
    if (this.landscape !== undefined) this.show(this.landscape, theme, this.caption.textContent ?? undefined);
  }


  private paintUnits(landscape: DecisionLandscape, theme: Theme): void {
    const needed = landscape.units.length;
    while (this.units.children.length > needed) this.units.lastElementChild?.remove();
    landscape.units.forEach((unit, i) => {
      let figure = this.units.children[i] as HTMLElement | undefined;
      if (figure === undefined) {
        figure = element('figure', { className: 'nnlab-unit-map' }, [element('canvas', { role: 'img' }), element('figcaption', {})]);
        this.units.append(figure);
      }
      const canvas = figure.querySelector('canvas')!;
      figure.querySelector('figcaption')!.textContent = `layer ${unit.layer} · unit ${unit.unit}`;
      const pixels = unitPixels(unit.values, landscape.unitResolution, theme, parseColour);
      paintPixels(canvas, pixels, landscape.unitResolution, UNIT_SIZE, UNIT_SIZE, { left: 0, top: 0, width: UNIT_SIZE, height: UNIT_SIZE });
      const values = unit.values.filter(Number.isFinite);
      canvas.setAttribute('aria-label', `Layer ${unit.layer}, unit ${unit.unit}: activation from ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))} over the plane`);
    });
  }
}

const UNIT_SIZE = 72;

/** A cheap digest of a landscape's numbers: equal for the same landscape sent again. */
function fingerprint(landscape: DecisionLandscape): string {
  let digest = 0;
  const add = (values: readonly number[]) => {
    for (let i = 0; i < values.length; i++) digest = (digest * 31 + Math.round((values[i] || 0) * 1e4) + i) % 2_147_483_647;
  };
  add(landscape.values);
  add(landscape.confidence ?? []);
  for (const unit of landscape.units) add(unit.values);
  return `${landscape.resolution}:${landscape.points.length}:${landscape.x.join()}:${landscape.y.join()}:${digest}`;
}
/** Room for the tick labels left of and below the plot. */
const INSET = { left: 40, bottom: 30, top: 6, right: 8 } as const;

function paintMap(canvas: HTMLCanvasElement, landscape: DecisionLandscape, theme: Theme, size: number): void {
  const width = size + INSET.left + INSET.right;
  const height = size + INSET.top + INSET.bottom;
  const plot = { left: INSET.left, top: INSET.top, width: size, height: size };
  const context = paintPixels(canvas, landscapePixels(landscape, theme, parseColour), landscape.resolution, width, height, plot);
  if (context === undefined) return;
  const toX = (x: number) => plot.left + ((x - landscape.x[0]) / (landscape.x[1] - landscape.x[0])) * plot.width;
  const toY = (y: number) => plot.top + plot.height - ((y - landscape.y[0]) / (landscape.y[1] - landscape.y[0])) * plot.height;
  for (const point of landscape.points) {
    const [r, g, b] = pointColour(landscape, point.target, theme, parseColour);
    context.beginPath();
    context.arc(toX(point.x), toY(point.y), point.split === 'train' ? 3.2 : 3.6, 0, 2 * Math.PI);
    if (point.split === 'train') {
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fill();
      context.lineWidth = 0.8;
      context.strokeStyle = theme.colors.foreground;
      context.stroke();
    } else {
      context.lineWidth = 1.6;
      context.strokeStyle = `rgb(${r}, ${g}, ${b})`;
      context.stroke();
    }
  }
  context.strokeStyle = theme.grid;
  context.lineWidth = 1;
  context.strokeRect(plot.left, plot.top, plot.width, plot.height);
  context.fillStyle = theme.colors.foreground;
  context.font = `${theme.fontSize - 1}px ${theme.fontFamily}`;
  const [xName, yName] = landscape.features.map((name) => (landscape.scaled ? `${name} (scaled)` : name));
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const x of ticks(landscape.x)) context.fillText(formatNumber(x), toX(x), plot.top + plot.height + 4);
  context.fillText(xName, plot.left + plot.width / 2, plot.top + plot.height + 16);
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const y of ticks(landscape.y)) context.fillText(formatNumber(y), plot.left - 4, toY(y));
  context.save();
  context.translate(10, plot.top + plot.height / 2);
  context.rotate(-Math.PI / 2);
  context.textAlign = 'center';
  context.fillText(yName, 0, 0);
  context.restore();
}

/** Round ticks inside a range, three to five of them, a 1, 2 or 5 × 10^k apart. */
function ticks([low, high]: readonly [number, number]): number[] {
  const step = niceStep((high - low) / 4);
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + 1e-9 * step; tick += step) ticks.push(Math.abs(tick) < 1e-9 * step ? 0 : tick);
  return ticks;
}

/**
 * Sizes the canvas for the screen's pixel ratio and draws an n×n picture
 * into `plot`, smoothed, so cell edges blend as the boundary does. Returns
 * the context, scaled to CSS pixels, for what is drawn on top.
 */
function paintPixels(canvas: HTMLCanvasElement, pixels: Uint8ClampedArray, n: number, width: number, height: number, plot: { left: number; top: number; width: number; height: number }): CanvasRenderingContext2D | undefined {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const source = document.createElement('canvas');
  source.width = n;
  source.height = n;
  source.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(pixels), n, n), 0, 0);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, plot.left, plot.top, plot.width, plot.height);
  return context;
}

function legendItems(landscape: DecisionLandscape, theme: Theme): HTMLElement[] {
  const swatch = (colour: string, label: string, hollow = false) =>
    element('span', { className: 'nnlab-legend-item' }, [
      element('span', { className: `nnlab-swatch${hollow ? ' nnlab-hollow' : ''}`, style: hollow ? { 'border-color': colour } : { background: colour }, attrs: { 'aria-hidden': 'true' } }),
      label,
    ]);
  const classes = (landscape.classes ?? []).map((name, k) => swatch(theme.colors[seriesColor(k)], `class ${name}`));
  const hasValidation = landscape.points.some((p) => p.split === 'validation');
  const splits = [swatch(theme.colors.foreground, 'training point'), ...(hasValidation ? [swatch(theme.colors.foreground, 'validation point', true)] : [])];
  const shading = landscape.classes !== undefined ? 'deeper colour: surer prediction' : 'blue: lower output, orange: higher';
  return [...classes, ...splits, element('span', { className: 'nnlab-muted' }, [shading])];
}

function describe(landscape: DecisionLandscape): string {
  const [xName, yName] = landscape.features;
  const over = `over ${xName} and ${yName}${landscape.scaled ? ' (scaled)' : ''}`;
  if (landscape.classes === undefined) {
    const values = landscape.values.filter(Number.isFinite);
    return `Regression surface ${over}: the output ranges from ${formatNumber(Math.min(...values))} to ${formatNumber(Math.max(...values))}, with ${landscape.points.length} data points on top.`;
  }
  const shares = classShares(landscape).map((share, k) => `class ${landscape.classes![k]} ${formatPercent(share)}`);
  const agree = pointsAgreeing(landscape);
  return `Decision map ${over}: of the plane, ${shares.join(', ')}.${agree === undefined ? '' : ` ${formatPercent(agree)} of the ${landscape.points.length} points shown lie in a region of their own class.`}`;
}

/** A CSS colour as RGBA numbers; mid grey where it cannot be parsed. */
function parseColour(css: string): Rgba {
  return rgbaOf(css) ?? [128, 128, 128, 1];
}
