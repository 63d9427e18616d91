import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { craftedRun } from './crafted-runs';
import { cellWith, chartPixels, OUT, render, startHarness, type Harness, type ThemeKind } from './harness';

/**
 * The "Gradient norm through time" chart in Chromium, from the recorded
 * recurrent fixture: drawn for a run and for a comparison with recurrent
 * layers, on a log axis, in the light and the dark theme, one chart per
 * recurrent layer of a stacked model, and absent for a model without one. Screenshots go to test/renderer/out/through-time-*.png.
 */

let harness: Harness;

const ITEMS: Readonly<Record<string, unknown>> = {
  rnn: cellWith('recurrent', 'train'),
  'rnn-compare': cellWith('recurrent', 'compare'),
  dense: cellWith('renderer', 'train'),
  stacked: { status: 'ok', problems: [], outputs: [{ kind: 'train', title: 'train epochs=1', run: stackedRun() }] },
};

/** Two stacked recurrent layers over 20 steps: the lower gets every step's own gradient, the upper's vanishes back from the last step. */
function stackedRun() {
  const epoch = (index: number, fall: number) => ({
    epoch: index,
    step: index * 10,
    trainLoss: 1 - index * 0.2,
    metrics: {},
    validationMetrics: {},
    learningRate: 0.01,
    layers: [],
    throughTime: [
      { layer: '0', kind: 'lstm', steps: 20, norms: Array.from({ length: 20 }, (_, t) => 0.2 + 0.01 * t) },
      { layer: '1', kind: 'gru', steps: 20, norms: Array.from({ length: 20 }, (_, t) => fall ** (19 - t)) },
    ],
  });
  return craftedRun({ epochs: [epoch(0, 0.5), epoch(1, 0.7), epoch(2, 0.8)] });
}

const figure = (id: string): string => `[data-output-id="${id}"] figure[data-chart="through-time"]`;

/** #1a85ff, the light theme's blue: the first line (initialization, or the first compared run). */
const LIGHT_BLUE = [0x1a, 0x85, 0xff] as const;

before(async () => {
  harness = await startHarness();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  assert.deepEqual(harness?.problems ?? [], []);
  await harness?.close();
});

async function drawn(theme: ThemeKind): Promise<Page> {
  const page = await harness.page({ width: 1000, height: 900, theme });
  for (const [id, payload] of Object.entries(ITEMS)) await render(page, id, payload);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}

/** Pixels of one colour on a figure's canvas, and the rows they span. */
async function colourSpan(page: Page, selector: string, rgb: readonly [number, number, number]): Promise<{ count: number; rows: number; height: number }> {
  return page.$eval(
    `${selector} canvas`,
    (node, [r, g, b]) => {
      const canvas = node as HTMLCanvasElement;
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      let top = Infinity;
      let bottom = -Infinity;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200 || Math.abs(data[i] - r) > 12 || Math.abs(data[i + 1] - g) > 12 || Math.abs(data[i + 2] - b) > 12) continue;
        count++;
        const row = Math.floor(i / 4 / canvas.width);
        top = Math.min(top, row);
        bottom = Math.max(bottom, row);
      }
      return { count, rows: bottom - top, height: canvas.height };
    },
    rgb,
  );
}

const hashes: Record<string, number> = {};

for (const theme of ['vscode-light', 'vscode-dark'] as const) {
  test(`${theme}: a run and a comparison with an rnn draw the gradient norm through time on a log axis`, async () => {
    const page = await drawn(theme);
    for (const id of ['rnn', 'rnn-compare']) {
      const chart = (await chartPixels(page, `[data-output-id="${id}"]`)).find((c) => c.name === 'through-time');
      assert.ok(chart, `${id}: no through-time chart`);
      assert.ok(chart.pixels.drawn > 2000 && chart.pixels.colored > 150, `${id}: ${chart.pixels.colored} coloured pixels, so no line was drawn`);
      assert.match(chart.label, /‖∂L\/∂h_1‖ \/ ‖∂L\/∂h_50‖ = /);
      assert.equal(await page.$eval(`${figure(id)} canvas`, (canvas) => (canvas as HTMLElement).dataset.yScale), 'log');
      hashes[`${theme}:${id}`] = chart.pixels.hash;
    }
    assert.equal(await page.locator(figure('dense')).isVisible(), false, 'a model without a recurrent layer shows the chart');
    const stacked = (await chartPixels(page, '[data-output-id="stacked"]')).filter((c) => c.name.startsWith('through-time'));
    assert.deepEqual(stacked.map((c) => c.name), ['through-time', 'through-time-1']);
    assert.match(stacked[1].label, /gru layer 1/);
    assert.ok(stacked.every((c) => c.pixels.colored > 150), 'a stacked layer chart has no line');
    const name = theme.replace('vscode-', '');
    writeFileSync(join(OUT, `through-time-${name}.png`), await page.locator(figure('rnn')).screenshot());
    writeFileSync(join(OUT, `through-time-compare-${name}.png`), await page.locator(figure('rnn-compare')).screenshot());
    if (theme === 'vscode-light') {
      // At initialization the gradient grows over decades from h_50 back to h_1: the blue line climbs across the chart.
      const initial = await colourSpan(page, figure('rnn'), LIGHT_BLUE);
      assert.ok(initial.count > 100 && initial.rows > initial.height * 0.3, `the initialization line spans ${initial.rows} of ${initial.height} rows`);
    }
    await page.close();
  });
}

test('the dark theme draws the chart in its own colours', () => {
  assert.notEqual(hashes['vscode-dark:rnn'], hashes['vscode-light:rnn']);
});
