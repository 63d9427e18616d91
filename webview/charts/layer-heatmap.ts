import type { RunSummary } from '../../src/protocol/cell-output';

/**
 * Every layer over every epoch in one picture: a heatmap with a row per
 * layer (input side on top) and a column per recorded epoch, for one
 * quantity at a time. One glance answers what a chart per quantity and per
 * layer cannot: where in the depth of the network, and when in training,
 * the signal or the gradient dies, units go dead, or updates are too big.
 */

type Epochs = RunSummary['epochs'];
type Layer = Epochs[number]['layers'][number];

/** The quantities the heatmap can show, each with how its colours are scaled. */
export const HEATMAP_QUANTITIES = {
  activationVariance: { label: 'activation variance', symbol: 'Var(a)', scale: 'log' },
  gradientNorm: { label: 'gradient norm', symbol: '‖∇W‖', scale: 'log' },
  updateRatio: { label: 'update ÷ weight', symbol: '‖ΔW‖ / ‖W‖', scale: 'ratio' },
  deadFraction: { label: 'dead units', symbol: 'dead fraction', scale: 'fraction' },
  saturatedFraction: { label: 'saturated units', symbol: 'saturated fraction', scale: 'fraction' },
  distanceFromStart: { label: 'distance from start', symbol: '‖W − W₀‖ / ‖W₀‖', scale: 'log' },
} as const satisfies Record<string, { label: string; symbol: string; scale: 'log' | 'fraction' | 'ratio' }>;

export type HeatmapQuantity = keyof typeof HEATMAP_QUANTITIES;

/**
 * Where colours sit: `log` and `fraction` run from low (faint) to high
 * (strong) over [min, max]; `ratio` is centred on the healthy update ratio
 * 1e-3 (neutral), blue for smaller updates and orange for larger ones, a
 * decade of colour per decade of ratio up to two decades away.
 */
export interface HeatmapMatrix {
  readonly quantity: HeatmapQuantity;
  /** Row labels, input side first: "0 dense relu", "1 dense relu (frozen)". */
  readonly rows: readonly string[];
  /** The epoch of each column. */
  readonly epochs: readonly number[];
  /** rows × columns, row-major; null where the layer has no such value (a dropout layer's variance of W). */
  readonly values: readonly (number | null)[];
  /** The colour scale's ends, in the quantity's units. */
  readonly range: readonly [number, number];
}

/** The healthy update-to-weight ratio the `ratio` scale is centred on (docs/diagnostics.md, update-ratio). */
export const HEALTHY_UPDATE_RATIO = 1e-3;

/** The quantities this run has any value for, in the order of HEATMAP_QUANTITIES. */
export function availableQuantities(epochs: Epochs): HeatmapQuantity[] {
  return (Object.keys(HEATMAP_QUANTITIES) as HeatmapQuantity[]).filter((quantity) => epochs.some((epoch) => epoch.layers.some((layer) => valueOf(layer, quantity) !== null)));
}

/** The heatmap of one quantity; undefined when no layer has it. */
export function heatmapMatrix(epochs: Epochs, quantity: HeatmapQuantity): HeatmapMatrix | undefined {
  const layers = epochs[0]?.layers ?? [];
  const rowLayers = layers.filter((layer) => epochs.some((epoch) => valueOf(epoch.layers.find((l) => l.layer === layer.layer), quantity) !== null));
  if (rowLayers.length === 0) return undefined;
  const values: (number | null)[] = [];
  for (const layer of rowLayers) {
    for (const epoch of epochs) values.push(valueOf(epoch.layers.find((l) => l.layer === layer.layer), quantity));
  }
  return { quantity, rows: rowLayers.map(rowLabel), epochs: epochs.map((epoch) => epoch.epoch), values, range: rangeOf(values, HEATMAP_QUANTITIES[quantity].scale) };
}

/**
 * Where a value falls on the colour scale, in [−1, 1] for `ratio` (0 is
 * healthy) and in [0, 1] otherwise; null for a missing value.
 */
export function colourPosition(matrix: HeatmapMatrix, value: number | null): number | null {
  if (value === null) return null;
  const scale = HEATMAP_QUANTITIES[matrix.quantity].scale;
  const [low, high] = matrix.range;
  if (scale === 'ratio') return Math.max(-1, Math.min(1, (Math.log10(Math.max(value, 1e-30)) - Math.log10(HEALTHY_UPDATE_RATIO)) / 2));
  if (scale === 'fraction') return high > low ? Math.max(0, Math.min(1, (value - low) / (high - low))) : 0;
  if (!(value > 0)) return 0;
  const [l, h] = [Math.log10(low), Math.log10(high)];
  return h > l ? Math.max(0, Math.min(1, (Math.log10(value) - l) / (h - l))) : 0.5;
}

/** The picture in words, for the canvas's text alternative: per layer, the first and last epoch's value. */
export function describeHeatmap(matrix: HeatmapMatrix, format: (value: number) => string): string {
  const { label } = HEATMAP_QUANTITIES[matrix.quantity];
  const columns = matrix.epochs.length;
  const rows = matrix.rows.map((row, r) => {
    const first = matrix.values[r * columns];
    const last = matrix.values[r * columns + columns - 1];
    const at = (value: number | null) => (value === null ? 'none' : format(value));
    return `layer ${row}: ${at(first)} at epoch ${matrix.epochs[0]}, ${at(last)} at epoch ${matrix.epochs[columns - 1]}`;
  });
  return `Heatmap of ${label} per layer (rows, input side first) and epoch (columns). ${rows.join('; ')}.`;
}

function valueOf(layer: Layer | undefined, quantity: HeatmapQuantity): number | null {
  const value = layer?.[quantity];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** "0 dense relu", and "(frozen)" after a layer written trainable=false, so its flat rows read as chosen, not as a fault. */
function rowLabel(layer: Layer): string {
  return [layer.layer, layer.kind, layer.activation, layer.frozen ? '(frozen)' : undefined].filter((part) => part !== undefined).join(' ');
}

function rangeOf(values: readonly (number | null)[], scale: 'log' | 'fraction' | 'ratio'): [number, number] {
  if (scale === 'fraction') return [0, 1];
  const positive = values.filter((v): v is number => v !== null && v > 0);
  if (positive.length === 0) return [HEALTHY_UPDATE_RATIO, HEALTHY_UPDATE_RATIO];
  return [Math.min(...positive), Math.max(...positive)];
}
