import type { DecisionLandscape } from '../../src/protocol/cell-output';
import { seriesColor, type Theme } from '../theme';

/**
 * Pixels of a decision landscape: the colour of every grid cell and of every
 * data point, as RGBA, from the theme. Pure arithmetic (no DOM), so the
 * colours are testable: a classifier's cells take their predicted class's
 * colour, more opaque where the network is surer, as TensorFlow Playground
 * shades them; a regression surface and a hidden unit's map use a diverging
 * scale (blue low, orange high) centred on zero for units and on the middle
 * of the range for a surface.
 */

export type Rgba = readonly [number, number, number, number];

/** Opacity of a cell at chance confidence and at certainty: the points on top stay readable. */
const CELL_ALPHA = { chance: 0.06, certain: 0.62 } as const;
/** A unit map has nothing on top: its strongest cells may be nearly opaque. */
const UNIT_ALPHA = 0.85;

/** Cell colours, row by row from the top of the picture (the highest y), as ImageData wants them. */
export function landscapePixels(landscape: DecisionLandscape, theme: Theme, parse: (css: string) => Rgba): Uint8ClampedArray {
  const n = landscape.resolution;
  const pixels = new Uint8ClampedArray(n * n * 4);
  const colourOf = cellColouring(landscape, theme, parse);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      const cell = row * n + column;
      const [r, g, b, a] = colourOf(cell);
      const at = ((n - 1 - row) * n + column) * 4;
      pixels[at] = r;
      pixels[at + 1] = g;
      pixels[at + 2] = b;
      pixels[at + 3] = Math.round(a * 255);
    }
  }
  return pixels;
}

/** A point's fill: its class's colour, or its target on the surface's scale. */
export function pointColour(landscape: DecisionLandscape, target: number, theme: Theme, parse: (css: string) => Rgba): Rgba {
  if (landscape.classes !== undefined) return withAlpha(parse(theme.colors[seriesColor(target)]), 1);
  const [low, high] = valueRange(landscape.values);
  return withAlpha(diverging((target - (low + high) / 2) / Math.max((high - low) / 2, 1e-12), theme, parse), 1);
}

/** A unit map's pixels, top row first: blue where the unit is negative, orange where positive, scaled by its largest |a|. */
export function unitPixels(values: readonly number[], resolution: number, theme: Theme, parse: (css: string) => Rgba): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(resolution * resolution * 4);
  const largest = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  for (let row = 0; row < resolution; row++) {
    for (let column = 0; column < resolution; column++) {
      const value = values[row * resolution + column];
      const [r, g, b, a] = Number.isFinite(value) && largest > 0 ? diverging(value / largest, theme, parse) : ([0, 0, 0, 0] as const);
      const at = ((resolution - 1 - row) * resolution + column) * 4;
      pixels.set([r, g, b, Math.round(a * 255)], at);
    }
  }
  return pixels;
}

/** The share of the plane each class takes, for the text alternative. */
export function classShares(landscape: DecisionLandscape): number[] {
  const counts = (landscape.classes ?? []).map(() => 0);
  for (const value of landscape.values) if (Number.isInteger(value) && value >= 0 && value < counts.length) counts[value]++;
  return counts.map((count) => count / Math.max(1, landscape.values.length));
}

/** The fraction of points that sit in a cell predicting their own class (classification), for the text alternative. */
export function pointsAgreeing(landscape: DecisionLandscape): number | undefined {
  if (landscape.classes === undefined || landscape.points.length === 0) return undefined;
  const n = landscape.resolution;
  const cellOf = (value: number, [low, high]: readonly [number, number]) => Math.min(n - 1, Math.max(0, Math.floor(((value - low) / (high - low)) * n)));
  const agreeing = landscape.points.filter((p) => landscape.values[cellOf(p.y, landscape.y) * n + cellOf(p.x, landscape.x)] === p.target).length;
  return agreeing / landscape.points.length;
}

function cellColouring(landscape: DecisionLandscape, theme: Theme, parse: (css: string) => Rgba): (cell: number) => Rgba {
  const { classes, values, confidence } = landscape;
  if (classes !== undefined) {
    const palette = classes.map((_, k) => parse(theme.colors[seriesColor(k)]));
    const chance = 1 / Math.max(2, classes.length);
    return (cell) => {
      const colour = palette[values[cell]];
      const sure = confidence?.[cell];
      if (colour === undefined || sure === undefined || !Number.isFinite(sure)) return [0, 0, 0, 0];
      const certainty = Math.min(1, Math.max(0, (sure - chance) / (1 - chance)));
      return withAlpha(colour, CELL_ALPHA.chance + (CELL_ALPHA.certain - CELL_ALPHA.chance) * certainty);
    };
  }
  const [low, high] = valueRange(values);
  const middle = (low + high) / 2;
  const half = Math.max((high - low) / 2, 1e-12);
  return (cell) => (Number.isFinite(values[cell]) ? diverging((values[cell] - middle) / half, theme, parse, CELL_ALPHA.certain) : [0, 0, 0, 0]);
}

/** t in [−1, 1]: the theme's blue at −1, transparent at 0, its orange at +1, at most `opacity` opaque. */
function diverging(t: number, theme: Theme, parse: (css: string) => Rgba, opacity = UNIT_ALPHA): Rgba {
  const clamped = Math.max(-1, Math.min(1, t));
  const [r, g, b] = parse(theme.colors[clamped < 0 ? 'blue' : 'orange']);
  return [r, g, b, Math.abs(clamped) * opacity];
}

function valueRange(values: readonly number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return low <= high ? [low, high] : [0, 1];
}

function withAlpha([r, g, b]: Rgba, alpha: number): Rgba {
  return [r, g, b, alpha];
}
