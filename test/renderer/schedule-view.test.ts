import { describe, expect, it } from 'vitest';
import { scheduleHtml } from '../../src/extension/commands/schedule-view';
import type { SchedulePreview } from '../../src/protocol/worker-messages';

/**
 * The schedule preview panel draws η_t as a script-free SVG: the whole
 * curve must lie inside the plot area and the viewBox, with both axes
 * ticked and titled.
 */

/** Warmup over 20 steps to 0.01, then cosine down to 1e-4, over 300 steps, as the worker samples it. */
const WARMUP_COSINE: SchedulePreview = {
  status: 'ok',
  problems: [],
  statement: 'train epochs=20 batch=32',
  optimizer: 'adam',
  schedule: 'warmup then cosine',
  totalSteps: 300,
  points: Array.from({ length: 150 }, (_, i) => {
    const x = 1 + i * 2;
    const y = x <= 20 ? (0.01 * x) / 20 : 1e-4 + 0.5 * (0.01 - 1e-4) * (1 + Math.cos((Math.PI * (x - 20)) / 280));
    return { x, y };
  }),
};

const CONSTANT: SchedulePreview = { status: 'ok', problems: [], statement: 'train epochs=3', optimizer: 'sgd', totalSteps: 57, points: [], baseLearningRate: 0.05 };

function svgOf(preview: SchedulePreview): string {
  const html = scheduleHtml(preview, 'Schedule', 'n');
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0];
  if (svg === undefined) throw new Error('no SVG in the page');
  return svg;
}

const numbers = (text: string, name: string): number => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(text)?.[1]);

function layout(svg: string) {
  const [, , width, height] = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
  const xAxis = /<line class="axis x-axis"[^>]*>/.exec(svg)?.[0] ?? '';
  const yAxis = /<line class="axis y-axis"[^>]*>/.exec(svg)?.[0] ?? '';
  const plot = { left: numbers(yAxis, 'x1'), right: numbers(xAxis, 'x2'), top: numbers(yAxis, 'y1'), bottom: numbers(xAxis, 'y1') };
  const curve = (/<polyline class="curve" points="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map((pair) => pair.split(',').map(Number));
  const texts = [...svg.matchAll(/<text class="([\w-]+)" x="([-\d.]+)"([^>]*)>([^<]*)<\/text>/g)].map((m) => ({ kind: m[1], x: Number(m[2]), rotated: m[3].includes('rotate(-90'), text: m[4] }));
  return { width, height, plot, curve, texts };
}

describe('schedule preview SVG', () => {
  for (const [name, preview] of [
    ['warmup then cosine', WARMUP_COSINE],
    ['a constant rate', CONSTANT],
  ] as const) {
    it(`${name}: every point of the curve lies inside the plot area, which lies inside the viewBox`, () => {
      const { width, height, plot, curve } = layout(svgOf(preview));
      expect(plot.left).toBeGreaterThan(0);
      expect(plot.right).toBeLessThan(width);
      expect(plot.bottom).toBeLessThan(height);
      expect(curve.length).toBeGreaterThanOrEqual(2);
      for (const [x, y] of curve) {
        expect(x).toBeGreaterThanOrEqual(plot.left);
        expect(x).toBeLessThanOrEqual(plot.right);
        expect(y).toBeGreaterThanOrEqual(plot.top);
        expect(y).toBeLessThanOrEqual(plot.bottom);
      }
    });

    it(`${name}: both axes have round tick labels and a title, all inside the viewBox`, () => {
      const { width, texts } = layout(svgOf(preview));
      const xTicks = texts.filter((t) => t.kind === 'x-tick').map((t) => t.text);
      const yTicks = texts.filter((t) => t.kind === 'y-tick').map((t) => t.text);
      expect(xTicks.length).toBeGreaterThanOrEqual(3);
      expect(yTicks.length).toBeGreaterThanOrEqual(3);
      expect(xTicks[0]).toBe('0');
      expect(yTicks[0]).toBe('0');
      expect(new Set(yTicks).size).toBe(yTicks.length);
      expect(texts.filter((t) => t.kind === 'title').map((t) => [t.text, t.rotated])).toEqual([
        ['step t', false],
        ['learning rate η_t', true],
      ]);
      for (const t of texts.filter((text) => !text.rotated)) {
        // A centred label is about 7 px a character wide: half of it either side of x.
        expect(t.x - (t.text.length * 7) / 2, t.text).toBeGreaterThanOrEqual(0);
        expect(t.x + (t.kind === 'x-tick' ? (t.text.length * 7) / 2 : 0), t.text).toBeLessThanOrEqual(width);
      }
    });
  }

  it('the x axis reaches the planned steps and the y axis a round rate at or above the largest', () => {
    const { texts } = layout(svgOf(WARMUP_COSINE));
    expect(texts.filter((t) => t.kind === 'x-tick').map((t) => t.text)).toEqual(['0', '100', '200', '300']);
    expect(texts.filter((t) => t.kind === 'y-tick').map((t) => t.text)).toEqual(['0', '0.002', '0.004', '0.006', '0.008', '0.010']);
  });

  it('scales to the panel instead of a fixed width, and has no script', () => {
    const html = scheduleHtml(WARMUP_COSINE, 'Schedule', 'n');
    expect(svgOf(WARMUP_COSINE)).not.toMatch(/<svg[^>]* width="/);
    expect(html).toContain('max-width: 640px');
    expect(html).not.toContain('<script');
  });
});
