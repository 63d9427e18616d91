import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cellWith, chartPixels, imageStats, OUT, render, startHarness, type Harness, type ThemeKind } from './harness';

/**
 * How the output looks: screenshots in the light, dark and high-contrast
 * themes (saved to test/renderer/out/ for people to look at) must show the
 * expected parts, and at 360 px, a narrow editor, nothing may stick out
 * sideways.
 */

let harness: Harness;

const train = cellWith('renderer', 'train');
const evaluate = cellWith('renderer', 'evaluate');
const compare = cellWith('initializers', 'compare');

before(async () => {
  harness = await startHarness();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await harness?.close();
});

async function drawn(theme: ThemeKind, width: number): Promise<Page> {
  const page = await harness.page({ width, height: 900, theme });
  await render(page, 'train', train);
  await render(page, 'evaluate', evaluate);
  await render(page, 'compare', compare);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}

const THEMES: readonly { theme: ThemeKind; name: string; dark: boolean }[] = [
  { theme: 'vscode-light', name: 'light', dark: false },
  { theme: 'vscode-dark', name: 'dark', dark: true },
  { theme: 'vscode-high-contrast', name: 'high-contrast', dark: true },
];

for (const { theme, name, dark } of THEMES) {
  test(`${name} theme: the screenshot shows header, charts, formulas and diagnostics`, async () => {
    const page = await drawn(theme, 1000);
    const file = join(OUT, `renderer-${name}.png`);
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(file, png);
    const stats = await imageStats(page, png);
    assert.ok(stats.height > 2000, `screenshot is only ${stats.height} px tall`);
    assert.ok(stats.variance > 300, `screenshot is nearly blank (luminance variance ${stats.variance.toFixed(0)})`);
    assert.ok(dark ? stats.mean < 90 : stats.mean > 180, `mean luminance ${stats.mean.toFixed(0)} does not fit a ${name} background`);
    // The parts a reader looks for are on the page and take up room.
    for (const part of ['.nnlab-title', 'figure[data-chart="step-loss"] canvas', '.nnlab-card .katex', '.nnlab-finding', '.nnlab-matrix', 'figure[data-chart="roc"] canvas']) {
      const box = await page.locator(part).first().boundingBox();
      assert.ok(box && box.width > 20 && box.height > 10, `${name}: ${part} is not visible`);
    }
    // Text takes the theme's foreground colour.
    const color = await page.$eval('.nnlab-title', (node) => getComputedStyle(node).color);
    assert.equal(color, dark ? (theme === 'vscode-high-contrast' ? 'rgb(255, 255, 255)' : 'rgb(204, 204, 204)') : 'rgb(59, 59, 59)');
    const charts = await chartPixels(page, '[data-output-id="train"]');
    assert.ok(charts.every((c) => c.pixels.colored > 150), `${name}: a chart has no coloured pixels`);
    await page.close();
  });
}

test('at 360 px wide the grid is one column and nothing overflows sideways', async () => {
  const page = await drawn('vscode-light', 360);
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(overflow.scroll <= overflow.client, `page is ${overflow.scroll} px wide in a ${overflow.client} px window`);
  const columns = await page.$eval('[data-output-id="train"] .nnlab-grid', (grid) => getComputedStyle(grid).gridTemplateColumns.split(' ').length);
  assert.equal(columns, 1);
  const widest = await page.$$eval('.nnlab-cell *', (nodes) =>
    Math.max(...nodes.filter((node) => !node.closest('.nnlab-table-box, .nnlab-formula, .nnlab-summary')).map((node) => node.getBoundingClientRect().right)),
  );
  assert.ok(widest <= 360, `an element reaches ${widest} px`);
  const charts = await chartPixels(page, '[data-output-id="train"]');
  for (const chart of charts) {
    assert.ok(chart.pixels.width <= 340 && chart.pixels.width >= 250, `${chart.name} is ${chart.pixels.width} px wide`);
    assert.ok(chart.pixels.colored > 100, `${chart.name} has no data drawn at 360 px`);
  }
  const png = await page.screenshot({ fullPage: true });
  writeFileSync(join(OUT, 'renderer-narrow.png'), png);
  assert.ok((await imageStats(page, png)).variance > 300);
  await page.close();
  assert.deepEqual(harness.problems, []);
});
