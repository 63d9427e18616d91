import type { RunSummary } from '../src/protocol/cell-output';
import { availableQuantities, colourPosition, describeHeatmap, HEATMAP_QUANTITIES, heatmapMatrix, type HeatmapMatrix, type HeatmapQuantity } from './charts/layer-heatmap';
import { element } from './dom';
import { formatNumber, formatPercent } from './format';
import { withAlpha, type Theme } from './theme';

/**
 * The cross-layer view: one heatmap, layers × epochs, of the quantity the
 * reader picks (activation variance, gradient norm, update ratio, dead and
 * saturated units, distance from the start). Hovering a cell, or moving
 * through the cells with the arrow keys, reads out its value below. A
 * newer run (a live update, then the final result) repaints it and keeps
 * the quantity picked.
 */
export class LayerHeatmapPanel {
  readonly element: HTMLElement;
  private readonly select = element('select', { attrs: { 'aria-label': 'Quantity shown' } });
  private readonly canvas = element('canvas', { role: 'img', className: 'nnlab-heatmap', attrs: { tabindex: '0' } });
  private readonly readout = element('output', { className: 'nnlab-heatmap-readout nnlab-muted' });
  private readonly scaleNote = element('span', { className: 'nnlab-muted' });
  private quantity: HeatmapQuantity | undefined;
  private matrix: HeatmapMatrix | undefined;
  private epochs: RunSummary['epochs'] = [];
  private theme: Theme | undefined;
  private cursor = { row: 0, column: 0 };
  /** What was last painted: a live update with no new epoch repaints nothing. */
  private painted = '';

  constructor() {
    this.element = element('figure', { className: 'nnlab-heatmap-panel', hidden: true, dataset: { chart: 'layer-heatmap' } }, [
      element('figcaption', { className: 'nnlab-chart-title' }, ['Layers over time ', this.select, ' ', this.scaleNote]),
      this.canvas,
      this.readout,
    ]);
    this.select.addEventListener('change', () => {
      this.quantity = this.select.value as HeatmapQuantity;
      this.repaint();
    });
    this.canvas.addEventListener('mousemove', (event) => this.pointAt(event.offsetX, event.offsetY));
    this.canvas.addEventListener('keydown', (event) => this.move(event));
    // The cells share the figure's width: a wider or narrower editor repaints them to fit.
    let width = 0;
    new ResizeObserver(() => {
      if (this.element.clientWidth === width) return;
      width = this.element.clientWidth;
      this.repaint();
    }).observe(this.element);
  }

  /** Shows the run's epochs; fewer than two hide the panel (there is no "over time" yet). */
  show(epochs: RunSummary['epochs'], theme: Theme): void {
    this.epochs = epochs;
    this.theme = theme;
    const quantities = epochs.length > 1 ? availableQuantities(epochs) : [];
    this.element.hidden = quantities.length === 0;
    if (quantities.length === 0) return;
    if (this.quantity === undefined || !quantities.includes(this.quantity)) this.quantity = quantities[0];
    const options = quantities.map((q) => element('option', { attrs: { value: q } }, [HEATMAP_QUANTITIES[q].label]));
    if (this.select.options.length !== options.length || Array.from(this.select.options).some((o, i) => o.value !== quantities[i])) this.select.replaceChildren(...options);
    this.select.value = this.quantity;
    this.repaint();
  }

  retheme(theme: Theme): void {
    this.show(this.epochs, theme);
  }

  private repaint(): void {
    if (this.quantity === undefined || this.theme === undefined) return;
    const last = this.epochs[this.epochs.length - 1];
    const painted = `${this.quantity}:${JSON.stringify(this.theme.colors)}:${this.element.clientWidth}:${this.epochs.length}:${last?.epoch}:${last?.step}`;
    if (painted === this.painted) return;
    this.painted = painted;
    this.matrix = heatmapMatrix(this.epochs, this.quantity);
    if (this.matrix === undefined) return;
    paint(this.canvas, this.matrix, this.theme);
    this.canvas.setAttribute('aria-label', describeHeatmap(this.matrix, formatValue(this.quantity)));
    const { scale, symbol } = HEATMAP_QUANTITIES[this.quantity];
    this.scaleNote.textContent =
      scale === 'ratio'
        ? `${symbol}: grey near 1e-3 (healthy), blue smaller, orange larger`
        : `${symbol}, ${scale === 'log' ? 'log scale' : '0 to 100 %'}: ${formatValue(this.quantity)(this.matrix.range[0])} faint to ${formatValue(this.quantity)(this.matrix.range[1])} strong`;
    this.readCursor();
  }

  private pointAt(x: number, y: number): void {
    const matrix = this.matrix;
    if (matrix === undefined) return;
    const layout = layoutOf(this.canvas, matrix);
    const column = Math.floor((x - layout.left) / layout.cellWidth);
    const row = Math.floor((y - layout.top) / layout.rowHeight);
    if (row < 0 || row >= matrix.rows.length || column < 0 || column >= matrix.epochs.length) return;
    this.cursor = { row, column };
    this.readCursor();
  }

  private move(event: KeyboardEvent): void {
    const matrix = this.matrix;
    if (matrix === undefined) return;
    const step = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    this.cursor = {
      row: Math.max(0, Math.min(matrix.rows.length - 1, this.cursor.row + step[0])),
      column: Math.max(0, Math.min(matrix.epochs.length - 1, this.cursor.column + step[1])),
    };
    this.readCursor();
  }

  private readCursor(): void {
    const matrix = this.matrix;
    if (matrix === undefined || this.quantity === undefined) return;
    const row = Math.min(this.cursor.row, matrix.rows.length - 1);
    const column = Math.min(this.cursor.column, matrix.epochs.length - 1);
    const value = matrix.values[row * matrix.epochs.length + column];
    this.readout.textContent = `layer ${matrix.rows[row]}, epoch ${matrix.epochs[column]}: ${HEATMAP_QUANTITIES[this.quantity].label} ${value === null ? 'not measured' : formatValue(this.quantity)(value)}`;
  }
}

const ROW_HEIGHT = 20;
/** The figure's horizontal padding (panels.css), which the canvas must leave free. */
const FIGURE_PADDING = 16;
/** Room for the longest usual row label, "0 dense relu (frozen)", right-aligned. */
const LABEL_WIDTH = 150;
const AXIS_HEIGHT = 22;

/** Where the cells go: the figure's inner width (a hidden figure has none yet: then 600 px, until it shows). */
function layoutOf(canvas: HTMLCanvasElement, matrix: HeatmapMatrix): { left: number; top: number; width: number; rowHeight: number; cellWidth: number; height: number } {
  const figure = canvas.parentElement;
  const inner = figure ? figure.clientWidth - FIGURE_PADDING : 0;
  const width = Math.max(240, inner > 0 ? inner : 600);
  const plotWidth = width - LABEL_WIDTH - 8;
  return { left: LABEL_WIDTH, top: 2, width, rowHeight: ROW_HEIGHT, cellWidth: plotWidth / matrix.epochs.length, height: matrix.rows.length * ROW_HEIGHT + AXIS_HEIGHT + 4 };
}

function paint(canvas: HTMLCanvasElement, matrix: HeatmapMatrix, theme: Theme): void {
  const layout = layoutOf(canvas, matrix);
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(layout.width * ratio);
  canvas.height = Math.round(layout.height * ratio);
  canvas.style.width = `${layout.width}px`;
  canvas.style.height = `${layout.height}px`;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, layout.width, layout.height);
  const columns = matrix.epochs.length;
  matrix.rows.forEach((label, row) => {
    for (let column = 0; column < columns; column++) {
      const position = colourPosition(matrix, matrix.values[row * columns + column]);
      if (position === null) continue;
      context.fillStyle = cellColour(position, HEATMAP_QUANTITIES[matrix.quantity].scale === 'ratio', theme);
      // Cells overlap by half a pixel so no seam shows between neighbours.
      context.fillRect(layout.left + column * layout.cellWidth, layout.top + row * ROW_HEIGHT, layout.cellWidth + 0.5, ROW_HEIGHT - 1);
    }
    context.fillStyle = theme.colors.foreground;
    context.font = `${theme.fontSize - 1}px ${theme.fontFamily}`;
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    context.fillText(label, LABEL_WIDTH - 6, layout.top + row * ROW_HEIGHT + ROW_HEIGHT / 2);
  });
  context.textAlign = 'center';
  context.textBaseline = 'top';
  const axisTop = layout.top + matrix.rows.length * ROW_HEIGHT + 4;
  for (const column of tickColumns(columns)) {
    context.fillText(`${matrix.epochs[column]}`, layout.left + (column + 0.5) * layout.cellWidth, axisTop);
  }
  context.textAlign = 'left';
  context.fillText('epoch →', 4, axisTop);
}

/** At most about eight labelled columns, the first and the last among them. */
function tickColumns(columns: number): number[] {
  const every = Math.max(1, Math.ceil(columns / 8));
  const ticks = Array.from({ length: Math.ceil(columns / every) }, (_, i) => i * every);
  if (ticks[ticks.length - 1] !== columns - 1) ticks.push(columns - 1);
  return ticks;
}

function cellColour(position: number, diverging: boolean, theme: Theme): string {
  if (!diverging) return withAlpha(theme.colors.blue, 0.08 + 0.92 * position);
  if (Math.abs(position) < 0.1) return withAlpha(theme.colors.muted, 0.35);
  return withAlpha(position < 0 ? theme.colors.blue : theme.colors.orange, 0.2 + 0.8 * Math.abs(position));
}

function formatValue(quantity: HeatmapQuantity): (value: number) => string {
  return HEATMAP_QUANTITIES[quantity].scale === 'fraction' ? formatPercent : formatNumber;
}
