import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cellWith, chartPixels, fixture, render, startHarness, type Harness } from './harness';

/**
 * Live updates: VS Code calls renderOutputItem again with the same output id
 * whenever the controller replaces the item. The charts must take the new
 * data in place — same Chart.js instance (its serial), same canvas element —
 * and the page must keep its scroll position.
 */

let harness: Harness;
let page: Page;

const snapshots = (fixture('live').snapshots ?? []).map((s) => s.result);
const final = cellWith('renderer', 'train');
const ID = 'live-cell';
const selector = `[data-output-id="${ID}"]`;

before(async () => {
  assert.equal(snapshots.length, 2, 'live.json holds two snapshots');
  harness = await startHarness();
  page = await harness.page({ width: 1000, height: 600 });
  // Something above the output, so the page can scroll to it.
  await render(page, 'above', cellWith('renderer', 'summary'));
  await render(page, ID, snapshots[0]);
});

after(async () => {
  await harness?.close();
});

/** Marks every canvas element so a later check can tell whether it is still the same DOM node. */
async function markCanvases(): Promise<void> {
  await page.$$eval(`${selector} canvas`, (canvases) => {
    (window as unknown as { marked: HTMLCanvasElement[] }).marked = canvases as HTMLCanvasElement[];
  });
}

async function sameCanvases(): Promise<boolean> {
  return page.$$eval(`${selector} canvas`, (canvases) => {
    const marked = (window as unknown as { marked: HTMLCanvasElement[] }).marked;
    return canvases.length === marked.length && canvases.every((canvas, i) => canvas === marked[i]);
  });
}

test('a live snapshot draws the run so far, with a progress bar', async () => {
  const charts = await chartPixels(page, selector);
  const loss = charts.find((c) => c.name === 'step-loss');
  assert.match(loss?.label ?? '', /over \d+ steps/);
  const rate = charts.find((c) => c.name === 'learning-rate');
  // The plan covers all 144 steps from the start; the used rate only the steps taken.
  assert.match(rate?.label ?? '', /Planned learning rate .* over 144 steps\. (5[0-9]|6[0-9]) steps taken/);
  const progress = await page.$eval(`${selector} progress`, (node) => ({ value: (node as HTMLProgressElement).value, max: (node as HTMLProgressElement).max, hidden: (node as HTMLElement).hidden }));
  assert.deepEqual(progress, { value: 58, max: 144, hidden: false });
  const badge = await page.textContent(`${selector} .nnlab-badge`);
  assert.equal(badge, 'training…');
});

test('the next snapshot updates every chart in place: same serial, same canvas, new pixels', async () => {
  const before = await chartPixels(page, selector);
  await markCanvases();
  await page.evaluate(() => window.scrollTo(0, 400));
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(scrolled > 0, 'the page can scroll');

  await render(page, ID, snapshots[1]);

  const after = await chartPixels(page, selector);
  assert.equal(await page.evaluate(() => window.scrollY), scrolled, 'scroll position kept');
  assert.ok(await sameCanvases(), 'canvas elements were replaced');
  for (const chart of before) {
    const updated = after.find((c) => c.name === chart.name);
    assert.ok(updated, `${chart.name} disappeared`);
    assert.equal(updated.serial, chart.serial, `${chart.name} was re-created`);
  }
  const loss = (list: typeof before) => list.find((c) => c.name === 'step-loss');
  assert.notEqual(loss(after)?.pixels.hash, loss(before)?.pixels.hash, 'the loss chart was not redrawn with new data');
  assert.notEqual(loss(after)?.label, loss(before)?.label, 'the text alternative did not follow the data');
  const updates = await page.$eval(`${selector} figure[data-chart="step-loss"] canvas`, (canvas) => (canvas as HTMLElement).dataset.chartUpdates);
  assert.ok(Number(updates) >= 1, `data-chart-updates is ${updates}`);
});

test('the final result replaces the live snapshot without re-creating the charts', async () => {
  const before = await chartPixels(page, selector);
  await render(page, ID, final);
  const after = await chartPixels(page, selector);
  for (const chart of before) assert.equal(after.find((c) => c.name === chart.name)?.serial, chart.serial, `${chart.name} was re-created`);
  assert.ok(await sameCanvases(), 'canvas elements were replaced');
  const badge = await page.textContent(`${selector} .nnlab-badge`);
  assert.equal(badge, 'completed');
  // The final result has the model's summary before the run: it is added above the charts, which stay.
  const order = await page.$$eval(`${selector} .nnlab-outputs > *`, (nodes) => nodes.map((node) => node.className));
  assert.deepEqual(order, ['nnlab-output nnlab-summary', 'nnlab-output nnlab-run']);
  assert.equal(await page.$eval(`${selector} progress`, (node) => (node as HTMLElement).hidden), true);
  // What only the final result knows appears: diagnostics and formula cards.
  assert.ok((await page.$$(`${selector} .nnlab-finding`)).length >= 1);
  assert.ok((await page.$$(`${selector} .nnlab-card .katex`)).length >= 5);
});

test('a live comparison becomes the final comparison in place', async () => {
  const id = 'live-compare';
  const live = fixture('live').compare?.result;
  const done = cellWith('clipping', 'compare');
  await render(page, id, live);
  const before = await chartPixels(page, `[data-output-id="${id}"]`);
  const loss = before.find((c) => c.name === 'step-loss');
  assert.match(loss?.label ?? '', /^Training loss per step for each setting\. none: training loss .* norm\(max_norm=1\): training loss/);
  await render(page, id, done);
  const after = await chartPixels(page, `[data-output-id="${id}"]`);
  for (const chart of before) assert.equal(after.find((c) => c.name === chart.name)?.serial, chart.serial, `${chart.name} was re-created`);
  assert.match(after.find((c) => c.name === 'step-loss')?.label ?? '', /norm\(max_norm=0\.01\): training loss/);
  const rows = await page.$$eval(`[data-output-id="${id}"] .nnlab-summary-table tbody tr`, (trs) => trs.length);
  assert.equal(rows, 3);
  await page.evaluate((key) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(key), id);
});

test('a theme change redraws the same charts in the new colours', async () => {
  const before = await chartPixels(page, selector);
  await page.evaluate(() => {
    document.body.className = 'vscode-dark';
  });
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  const after = await chartPixels(page, selector);
  for (const chart of before) {
    const redrawn = after.find((c) => c.name === chart.name);
    assert.equal(redrawn?.serial, chart.serial, `${chart.name} was re-created`);
    assert.notEqual(redrawn?.pixels.hash, chart.pixels.hash, `${chart.name} kept its light-theme colours`);
  }
});

test('disposing the item removes it without errors', async () => {
  await page.evaluate((id) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(id), ID);
  assert.equal((await page.$$(selector)).length, 0);
  assert.deepEqual(harness.problems, []);
});
