import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { interruptedPayload, INTERRUPTED_MESSAGE } from '../../src/extension/interrupted-output';
import type { LiveCellPayload } from '../../src/protocol/live-output';
import { cellWith, chartPixels, fixture, render, startHarness, type Harness } from './harness';

/**
 * Live updates: while a cell trains its snapshots come as renderer messages
 * for the run its output names, and now and then as a rewritten output (VS
 * Code calls renderOutputItem again with the same output id). The charts
 * must take the new data in place — same Chart.js instance (its serial),
 * same canvas element — and the page must keep its scroll position.
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

/** Where each chart of the output is on the page, by name. */
async function chartBoxes(): Promise<Record<string, { top: number; left: number; width: number; height: number }>> {
  return page.$$eval(`${selector} figure[data-chart]`, (figures) =>
    Object.fromEntries(
      figures.map((figure) => {
        const box = figure.getBoundingClientRect();
        return [(figure as HTMLElement).dataset.chart ?? '', { top: Math.round(box.top + window.scrollY), left: Math.round(box.left), width: Math.round(box.width), height: Math.round(box.height) }];
      }),
    ),
  );
}

test('the final result replaces the live snapshot without re-creating the charts', async () => {
  const before = await chartPixels(page, selector);
  const boxes = await chartBoxes();
  await render(page, ID, final);
  // Nothing the end adds (the declarations' summary, the diagnostics) moves or resizes the charts that were drawn.
  const moved = await chartBoxes();
  for (const [name, box] of Object.entries(boxes)) if (box.height > 0) assert.deepEqual(moved[name], box, `chart ${name} moved when the run finished`);
  const after = await chartPixels(page, selector);
  for (const chart of before) assert.equal(after.find((c) => c.name === chart.name)?.serial, chart.serial, `${chart.name} was re-created`);
  assert.ok(await sameCanvases(), 'canvas elements were replaced');
  const badge = await page.textContent(`${selector} .nnlab-badge`);
  assert.equal(badge, 'completed');
  // The final result has the model's summary before the run: it is put under the charts, which stay.
  const order = await page.$$eval(`${selector} .nnlab-outputs > *`, (nodes) => nodes.map((node) => node.className));
  assert.deepEqual(order, ['nnlab-output nnlab-run', 'nnlab-output nnlab-summary']);
  // The finished run's progress bar is invisible but keeps its place.
  assert.equal(await page.$eval(`${selector} progress`, (node) => getComputedStyle(node).visibility), 'hidden');
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

/** What the renderer has posted to the extension so far. */
async function posted(): Promise<unknown[]> {
  return page.evaluate(() => [...(window as unknown as { nnlab: { messages: unknown[] } }).nnlab.messages]);
}

/** Waits for the renderer to post `message`: a 'drawn' answer waits out the draw's share of the time. */
async function postedEventually(message: unknown): Promise<void> {
  const expected = JSON.stringify(message);
  await page.waitForFunction((text) => (window as unknown as { nnlab: { messages: unknown[] } }).nnlab.messages.some((m) => JSON.stringify(m) === text), expected, { timeout: 5000 });
}

async function receive(message: unknown): Promise<void> {
  await page.evaluate(async (value) => {
    await (window as unknown as { nnlab: { receive(message: unknown): Promise<void> } }).nnlab.receive(value);
  }, message);
}

const RUN = 'b7e1c2d4-0000-4000-8000-000000000001';
const streamed = (sequence: number, payload: unknown) => ({ type: 'live', run: RUN, sequence, json: JSON.stringify(payload) });

test('an output naming a run subscribes to it, draws its messages in place and says each was drawn', async () => {
  const id = 'streamed';
  const at = `[data-output-id="${id}"]`;
  await render(page, id, { status: 'running', problems: [], outputs: [], stream: { run: RUN, sequence: 0 } });
  assert.deepEqual((await posted()).at(-1), { type: 'subscribe', run: RUN });

  await receive(streamed(1, snapshots[0]));
  const first = await chartPixels(page, at);
  assert.ok(first.some((chart) => chart.name === 'step-loss' && chart.pixels.colored > 0), 'the first message drew no loss chart');
  await postedEventually({ type: 'drawn', run: RUN, sequence: 1 });

  await receive(streamed(2, snapshots[1]));
  await postedEventually({ type: 'drawn', run: RUN, sequence: 2 });
  const second = await chartPixels(page, at);
  const loss = (list: typeof first) => list.find((c) => c.name === 'step-loss');
  assert.equal(loss(second)?.serial, loss(first)?.serial, 'the loss chart was re-created');
  assert.notEqual(loss(second)?.pixels.hash, loss(first)?.pixels.hash, 'the second message did not redraw the loss chart');

  // The output written every few seconds can be older than the last message: it must not draw over it.
  await render(page, id, { ...(snapshots[0] as LiveCellPayload), stream: { run: RUN, sequence: 1 } });
  assert.equal(loss(await chartPixels(page, at))?.pixels.hash, loss(second)?.pixels.hash, 'an older written snapshot was drawn over a newer message');

  // Messages for another run, or malformed ones, change nothing.
  await receive({ ...streamed(3, snapshots[0]), run: 'another-run' });
  await receive({ type: 'live', run: RUN, sequence: 'x', json: '{}' });
  assert.equal(loss(await chartPixels(page, at))?.pixels.hash, loss(second)?.pixels.hash, 'a message for another run was drawn');

  // The final result ends the stream: a message that arrives late is not drawn over it.
  await render(page, id, final);
  await receive(streamed(4, snapshots[0]));
  assert.equal(await page.textContent(`${at} .nnlab-run .nnlab-badge`), 'completed');
  await page.evaluate((key) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(key), id);
});

test('a re-run keeps the last run\'s charts until its first snapshot, which they take in place', async () => {
  const id = 'rerun';
  const at = `[data-output-id="${id}"]`;
  const run = 'b7e1c2d4-0000-4000-8000-000000000002';
  await render(page, id, final);
  const before = await chartPixels(page, at);
  await render(page, id, { status: 'running', problems: [], outputs: [], stream: { run, sequence: 0 } });
  assert.deepEqual((await posted()).at(-1), { type: 'subscribe', run });
  assert.deepEqual((await chartPixels(page, at)).map((c) => c.serial), before.map((c) => c.serial), 'the placeholder removed the last run\'s charts');
  await receive({ type: 'live', run, sequence: 1, json: JSON.stringify(snapshots[0]) });
  await postedEventually({ type: 'drawn', run, sequence: 1 });
  const after = await chartPixels(page, at);
  const loss = (list: typeof before) => list.find((c) => c.name === 'step-loss');
  assert.equal(loss(after)?.serial, loss(before)?.serial, 'the loss chart was re-created');
  assert.equal(await page.textContent(`${at} .nnlab-run .nnlab-badge`), 'training…');
  await page.evaluate((key) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(key), id);
});

test('a notebook saved mid-run shows the run as interrupted, without a progress bar, and says to run the cell again', async () => {
  const id = 'interrupted';
  const at = `[data-output-id="${id}"]`;
  await render(page, id, interruptedPayload(snapshots[0] as LiveCellPayload, 0));
  assert.equal(await page.textContent(`${at} .nnlab-run .nnlab-badge`), 'interrupted');
  // Hidden, or kept in place but shown as done.
  const shown = await page.$eval(`${at} progress`, (node) => !(node as HTMLElement).hidden && node.getAttribute('aria-hidden') !== 'true');
  assert.equal(shown, false, 'the progress bar is shown');
  assert.match((await page.textContent(`${at} .nnlab-problems`)) ?? '', new RegExp(INTERRUPTED_MESSAGE.replace(/[.;]/g, '.')));
  assert.ok((await chartPixels(page, at)).some((chart) => chart.name === 'step-loss' && chart.pixels.colored > 0), 'the charts so far are not drawn');
  await page.evaluate((key) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(key), id);
});

test('disposing the item removes it without errors', async () => {
  await page.evaluate((id) => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose(id), ID);
  assert.equal((await page.$$(selector)).length, 0);
  assert.deepEqual(harness.problems, []);
});
