import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CellResult } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession } from '../../src/session/session';
import { OUT, render, startHarness, type Harness, type ThemeKind } from './harness';

/**
 * What the network learned, drawn from real runs made here with the
 * session: the decision landscape of a moons classifier (the map predicts
 * the class of the points it shows), its hidden units' maps, each arm's map
 * in a comparison, and the layers-over-time heatmap with its quantity
 * picker and keyboard read-out.
 */

let harness: Harness;

const host: SessionHost = {
  readText: () => {
    throw new Error('no files here');
  },
  readBytes: () => {
    throw new Error('no files here');
  },
  writeBytes: () => undefined,
};

function cell(source: string): CellResult {
  const result = new NotebookSession(host).runCell(0, source);
  assert.deepEqual(result.problems, []);
  return result;
}

const SETUP = 'data moons n=300 noise=0.1 seed=1\nsplit val=0.2\nnormalize standard\nmodel\n  dense 16 relu\n  dense 16 relu\n  dense 2 softmax\noptimizer adam lr=0.02\n';
const TRAIN = cell(`${SETUP}train epochs=30 batch=32 seed=1`);
const COMPARE = cell(`${SETUP}compare init=[zeros, he_normal] epochs=10 batch=32 seed=1`);
const FASTER = cell(`${SETUP.replace('lr=0.02', 'lr=0.005')}train epochs=30 batch=32 seed=1`);
const TWICE = cell(`${SETUP}train epochs=2 batch=32 seed=1\ntrain epochs=1 batch=32 seed=1`);

before(async () => {
  harness = await startHarness();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await harness?.close();
});

/** Drawn and coloured pixels of every canvas under the selector. */
async function canvases(page: Page, selector: string): Promise<{ label: string; drawn: number; colored: number }[]> {
  return page.$$eval(`${selector} canvas`, (nodes) =>
    nodes
      .filter((node) => !(node as HTMLElement).closest('[hidden]'))
      .map((node) => {
        const canvas = node as HTMLCanvasElement;
        const data = canvas.width > 0 && canvas.height > 0 ? canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data : new Uint8ClampedArray();
        let drawn = 0;
        let colored = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue;
          drawn++;
          if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) colored++;
        }
        return { label: canvas.getAttribute('aria-label') ?? '', drawn, colored };
      }),
  );
}

for (const theme of ['vscode-dark', 'vscode-light'] as ThemeKind[]) {
  test(`${theme}: a train on moons draws its decision map, unit maps and the layers heatmap`, async () => {
    const page = await harness.page({ width: 1000, height: 1400, theme });
    await render(page, 'train', TRAIN);
    // The map is the figure's first canvas; the unit maps follow it.
    const [map] = await canvases(page, '[data-output-id="train"] [data-chart="landscape"]');
    assert.ok(map !== undefined, 'no decision map');
    // The map is mostly coloured, and its text says how well it fits the points it shows.
    assert.ok(map.colored > map.drawn * 0.3, `the map is mostly grey: ${map.colored} of ${map.drawn} pixels coloured`);
    const agree = /(\d+(?:\.\d+)?) ?% of the (\d+) points shown lie in a region of their own class/.exec(map.label);
    assert.ok(agree, `the map's text alternative: ${map.label}`);
    assert.ok(Number(agree[1]) > 85, map.label);
    await page.click('[data-output-id="train"] .nnlab-units > summary');
    const units = await canvases(page, '[data-output-id="train"] .nnlab-unit-maps');
    assert.equal(units.length, 16, 'one map per unit: 8 in each hidden layer');
    assert.ok(units.filter((u) => u.drawn > 0).length >= 12, 'most unit maps show something (a dead unit may not)');
    const [heatmap] = await canvases(page, '[data-output-id="train"] [data-chart="layer-heatmap"]');
    assert.ok(heatmap !== undefined && heatmap.drawn > 1000, 'no layers heatmap');
    assert.match(heatmap.label, /^Heatmap of activation variance per layer/);
    // Another quantity, and a keyboard read-out.
    await page.selectOption('[data-output-id="train"] [data-chart="layer-heatmap"] select', 'updateRatio');
    const [ratios] = await canvases(page, '[data-output-id="train"] [data-chart="layer-heatmap"]');
    assert.match(ratios.label, /^Heatmap of update ÷ weight per layer/);
    await page.focus('[data-output-id="train"] .nnlab-heatmap');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const readout = await page.textContent('[data-output-id="train"] .nnlab-heatmap-readout');
    assert.match(readout ?? '', /^layer 1 dense relu, epoch \d+: update ÷ weight \d/);
    const shot = await page.screenshot({ fullPage: true });
    writeFileSync(join(OUT, `learned-${theme}.png`), shot);
    await page.close();
  });
}

test('a compare shows one small map per run: zero init answers one class everywhere', async () => {
  const page = await harness.page({ width: 1000, height: 1000, theme: 'vscode-dark' });
  await render(page, 'compare', COMPARE);
  const maps = await canvases(page, '[data-output-id="compare"] .nnlab-landscapes');
  assert.equal(maps.length, 2);
  // Zero init: one class over the whole plane. He: both classes, each where its points are.
  assert.match(maps[0].label, /of the plane, class (0 100 %, class 1 0 %|0 0 %, class 1 100 %)\./);
  assert.match(maps[1].label, /of the plane, class 0 [1-9]\d? %, class 1 [1-9]\d? %\. (9\d|100) % of the 250 points/);
  const titles = await page.$$eval('[data-output-id="compare"] .nnlab-landscapes figcaption', (nodes) => nodes.map((n) => n.textContent));
  assert.deepEqual(titles, ['zeros', 'he_normal']);
  writeFileSync(join(OUT, 'learned-compare.png'), await page.screenshot({ fullPage: true }));
  await page.close();
  assert.deepEqual(harness.problems, []);
});

test('a run that continued from earlier weights says so under its title', async () => {
  const page = await harness.page({ width: 1000, height: 800, theme: 'vscode-light' });
  await render(page, 'twice', TWICE);
  const notes = await page.$$eval('[data-output-id="twice"] .nnlab-continued', (nodes) => nodes.map((n) => ((n as HTMLElement).hidden ? null : n.textContent)));
  // 240 training samples in batches of 32: 8 steps an epoch, 16 in the first run.
  assert.deepEqual(notes, [null, 'Continued from the weights of 1 earlier run of this model (16 steps), not from a fresh initialization.']);
  await page.close();
});

test('a finished run can be drawn beside the runs of other cells, which it lists by their statements', async () => {
  const page = await harness.page({ width: 1000, height: 1200, theme: 'vscode-dark' });
  await render(page, 'first', TRAIN);
  const other = '[data-output-id="first"] .nnlab-other-runs';
  // Alone in the notebook: nothing to draw beside.
  assert.equal(await page.$eval(other, (node) => (node as HTMLElement).hidden), true);
  await render(page, 'second', FASTER);
  assert.equal(await page.$eval(other, (node) => (node as HTMLElement).hidden), false);
  await page.click(`${other} > summary`);
  const labels = await page.$$eval(`${other} .nnlab-other-runs-choices label`, (nodes) => nodes.map((n) => n.textContent?.trim()));
  assert.deepEqual(labels, ['train epochs=30 batch=32 seed=1']);
  await page.check(`${other} .nnlab-other-runs-choices input`);
  const loss = await page.$eval(`${other} [data-chart="beside-loss"] canvas`, (node) => node.getAttribute('aria-label') ?? '');
  assert.match(loss, /^Validation loss per epoch for each run/);
  assert.match(loss, /this run: validation loss/);
  assert.match(loss, /train epochs=30 batch=32 seed=1: validation loss/);
  // The other cell's output goes away: so does the choice, and the chart.
  await page.evaluate(() => (window as unknown as { nnlab: { dispose(id: string): void } }).nnlab.dispose('second'));
  assert.equal(await page.$eval(other, (node) => (node as HTMLElement).hidden), true);
  writeFileSync(join(OUT, 'beside-other-cells.png'), await page.screenshot({ fullPage: true }));
  await page.close();
});
