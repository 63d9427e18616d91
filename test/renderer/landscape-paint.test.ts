import { describe, expect, it } from 'vitest';
import type { DecisionLandscape } from '../../src/protocol/cell-output';
import { classShares, landscapePixels, pointColour, pointsAgreeing, unitPixels, type Rgba } from '../../webview/charts/landscape-paint';
import type { Theme } from '../../webview/theme';

const THEME: Theme = {
  kind: 'dark',
  colors: { blue: '#0000ff', orange: '#ff8000', green: '#00ff00', purple: '#800080', red: '#ff0000', yellow: '#ffff00', foreground: '#cccccc', muted: '#999999' },
  grid: '#333333',
  fontFamily: 'sans-serif',
  fontSize: 12,
  lineWidth: 1.5,
};

/** #rrggbb only: what the test theme writes. */
const parse = (css: string): Rgba => [parseInt(css.slice(1, 3), 16), parseInt(css.slice(3, 5), 16), parseInt(css.slice(5, 7), 16), 1];

/** 2 × 2 cells: bottom row (lowest y) class 0, top row class 1; the left cells sure, the right ones at chance. */
const CLASSIFIER: DecisionLandscape = {
  features: ['x1', 'x2'],
  scaled: false,
  x: [0, 2],
  y: [0, 2],
  resolution: 2,
  classes: ['a', 'b'],
  values: [0, 0, 1, 1],
  confidence: [1, 0.5, 1, 0.5],
  points: [
    { x: 0.5, y: 0.5, target: 0, split: 'train' },
    { x: 1.5, y: 1.5, target: 1, split: 'train' },
    { x: 0.5, y: 1.5, target: 0, split: 'validation' },
  ],
  unitResolution: 2,
  units: [],
};

const pixel = (pixels: Uint8ClampedArray, i: number) => [...pixels.slice(i * 4, i * 4 + 4)];

describe('landscape pixels', () => {
  it('colour each cell by its predicted class, more opaque where the network is surer, top row first', () => {
    const pixels = landscapePixels(CLASSIFIER, THEME, parse);
    // Picture row 0 is the highest y: class 1 (the second series colour, orange).
    // Opacity 0.06 at chance, 0.62 when certain: round(0.62 · 255) = 158, round(0.06 · 255) = 15.
    expect(pixel(pixels, 0)).toEqual([255, 128, 0, 158]);
    expect(pixel(pixels, 1)).toEqual([255, 128, 0, 15]);
    expect(pixel(pixels, 2)).toEqual([0, 0, 255, 158]);
    expect(pixel(pixels, 3)).toEqual([0, 0, 255, 15]);
  });

  it('shade a regression surface and a unit map on a diverging scale', () => {
    const surface: DecisionLandscape = { ...CLASSIFIER, classes: undefined, confidence: undefined, values: [-3, 1, 1, 5] };
    const pixels = landscapePixels(surface, THEME, parse);
    // Range [−3, 5], middle 1: the bottom-left −3 is blue at the full 0.62, 1 is transparent, 5 orange.
    expect(pixel(pixels, 2)).toEqual([0, 0, 255, 158]);
    expect(pixel(pixels, 3)[3]).toBe(0);
    expect(pixel(pixels, 1).slice(0, 3)).toEqual([255, 128, 0]);
    // A unit: −2 is as blue as 2 is orange, scaled by its largest |a| = 2; 1 is half as strong.
    const unit = unitPixels([-2, 0, 1, 2], 2, THEME, parse);
    expect(pixel(unit, 2)).toEqual([0, 0, 255, 217]);
    expect(pixel(unit, 3)[3]).toBe(0);
    expect(pixel(unit, 0)).toEqual([255, 128, 0, 108]);
    expect(pixel(unit, 1)).toEqual([255, 128, 0, 217]);
    expect(pointColour(surface, 5, THEME, parse)).toEqual([255, 128, 0, 1]);
  });

  it('say how the plane is shared and how many points sit in their own class\'s region', () => {
    expect(classShares(CLASSIFIER)).toEqual([0.5, 0.5]);
    // The validation point (0.5, 1.5) of class a lies in the top row, predicted b.
    expect(pointsAgreeing(CLASSIFIER)).toBeCloseTo(2 / 3, 12);
    expect(pointColour(CLASSIFIER, 1, THEME, parse)).toEqual([255, 128, 0, 1]);
  });
});
