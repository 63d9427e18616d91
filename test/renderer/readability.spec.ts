import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cellWith, chartPixels, OUT, render, startHarness, type Harness, type ThemeKind } from './harness';
import { compareOutput, constantRateRun, fanOfRuns } from './crafted-runs';

/**
 * Charts a reader can trust, drawn in Chromium: a diverged run does not
 * flatten the others, markers follow a theme change, every chart over time
 * has smoothing and log controls that work from the keyboard and survive
 * live updates, hovering a run brings it forward, and formula cards never
 * clip their formulas. Screenshots of each case, light and dark, go to
 * test/renderer/out/readability-*.png for people to look at.
 */

let harness: Harness;

const CASES: Readonly<Record<string, unknown>> = {
  'clipping-compare': cellWith('clipping', 'compare'),
  'clipping-diverged': cellWith('clipping', 'train'),
  'initializers-compare': cellWith('initializers', 'compare'),
  'warmup-cosine': cellWith('renderer', 'train'),
  'six-runs': { status: 'ok', problems: [], outputs: [compareOutput('lr', fanOfRuns(6, 120))] },
  'constant-rate': { status: 'ok', problems: [], outputs: [{ kind: 'train', title: 'train epochs=3', run: constantRateRun() }] },
};

const item = (id: string): string => `[data-output-id="${id}"]`;

before(async () => {
  harness = await startHarness();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await harness?.close();
});

async function drawn(theme: ThemeKind, width = 1000, ids: readonly string[] = Object.keys(CASES)): Promise<Page> {
  const page = await harness.page({ width, height: 900, theme });
  for (const id of ids) await render(page, id, CASES[id]);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page;
}

/** Pixels of one chart's canvas within `tolerance` of a colour: how many, and the rows they span. */
async function colourSpan(page: Page, figure: string, rgb: readonly [number, number, number], tolerance = 12): Promise<{ count: number; top: number; bottom: number; height: number }> {
  return page.$eval(
    `${figure} canvas`,
    (node, [r, g, b, tol]) => {
      const canvas = node as HTMLCanvasElement;
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      let top = Infinity;
      let bottom = -Infinity;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        if (Math.abs(data[i] - r) > tol || Math.abs(data[i + 1] - g) > tol || Math.abs(data[i + 2] - b) > tol) continue;
        count++;
        const row = Math.floor(i / 4 / canvas.width);
        top = Math.min(top, row);
        bottom = Math.max(bottom, row);
      }
      return { count, top, bottom, height: canvas.height };
    },
    [...rgb, tolerance] as const,
  );
}

// The light theme's orange, #d18616, is 2.9:1 on white: series colours are mixed toward black until 3:1, here by a tenth.
const LIGHT = { blue: [0x1a, 0x85, 0xff], orange: [188, 121, 20], green: [0x38, 0x8a, 0x34] } as const;
const DARK_GREEN = [0x89, 0xd1, 0x85] as const;

for (const { theme, name } of [
  { theme: 'vscode-light' as const, name: 'light' },
  { theme: 'vscode-dark' as const, name: 'dark' },
]) {
  test(`screenshots of every case, ${name} theme`, async () => {
    const page = await drawn(theme);
    for (const id of Object.keys(CASES)) {
      const png = await page.locator(item(id)).screenshot();
      writeFileSync(join(OUT, `readability-${id}-${name}.png`), png);
    }
    assert.deepEqual(harness.problems, []);
    await page.close();
  });
}

test('a diverged run does not flatten a comparison: the other runs use the height of the chart', async () => {
  const page = await drawn('vscode-light', 1000, ['clipping-compare']);
  // norm(1.0) is orange, norm(0.01) green; `none` reached 2.7e13 by step 6.
  for (const chart of ['step-loss', 'epoch-loss', 'metric']) {
    for (const [run, rgb] of [
      ['norm(1.0)', LIGHT.orange],
      ['norm(0.01)', LIGHT.green],
    ] as const) {
      const span = await colourSpan(page, `${item('clipping-compare')} figure[data-chart="${chart}"]`, rgb);
      assert.ok(span.count > 100, `${chart}: ${run} has only ${span.count} pixels`);
      assert.ok(span.bottom - span.top > span.height * 0.15, `${chart}: ${run} spans ${span.bottom - span.top} of ${span.height} rows: flattened`);
    }
  }
  await page.close();
});

test('point markers take the new colours after a theme change', async () => {
  const page = await drawn('vscode-dark', 1000, ['constant-rate']);
  const figure = `${item('constant-rate')} figure[data-chart="gradient-norm"]`;
  // The "after clipping" line and its markers are green: #89d185 in the dark theme, #388a34 in the light one.
  assert.ok((await colourSpan(page, figure, DARK_GREEN, 4)).count > 30, 'the dark theme draws dark-theme green');
  await page.evaluate(() => {
    document.body.className = 'vscode-light';
  });
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  writeFileSync(join(OUT, 'readability-retheme-light.png'), await page.locator(figure).screenshot());
  const stale = await colourSpan(page, figure, DARK_GREEN, 4);
  assert.equal(stale.count, 0, `${stale.count} pixels keep the dark theme's green`);
  assert.ok((await colourSpan(page, figure, LIGHT.green, 4)).count > 30, 'the light theme draws light-theme green');
  await page.close();
});

test('charts over time have smoothing and log controls, from the keyboard, kept across updates', async () => {
  const page = await drawn('vscode-light', 1000, ['warmup-cosine']);
  const figure = (name: string): string => `${item('warmup-cosine')} figure[data-chart="${name}"]`;
  const slider = (name: string): string => `${figure(name)} input.nnlab-smoothing-input`;
  assert.equal(await page.inputValue(slider('step-loss')), '0.6');
  assert.equal(await page.inputValue(slider('epoch-loss')), '0');
  // Charts across layers have none.
  assert.equal(await page.$eval(`${item('warmup-cosine')} figure[data-chart="layer-variance"] .nnlab-chart-controls`, (node) => (node as HTMLElement).hidden), true);
  const pixels = async (): Promise<number> => (await chartPixels(page, item('warmup-cosine'))).find((c) => c.name === 'step-loss')?.pixels.hash ?? 0;
  const before = await pixels();
  await page.focus(slider('step-loss'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.inputValue(slider('step-loss')), '0.62');
  assert.equal(await page.textContent(`${figure('step-loss')} output`), '0.62');
  assert.notEqual(await pixels(), before, 'smoothing did not redraw the chart');
  await page.focus(`${figure('step-loss')} input.nnlab-log-input`);
  await page.keyboard.press('Space');
  const scale = (): Promise<string | undefined> => page.$eval(`${figure('step-loss')} canvas`, (canvas) => (canvas as HTMLElement).dataset.yScale);
  assert.equal(await scale(), 'log');
  // A live update (the same output again) keeps what the reader chose.
  await render(page, 'warmup-cosine', CASES['warmup-cosine']);
  assert.equal(await page.inputValue(slider('step-loss')), '0.62');
  assert.equal(await scale(), 'log');
  assert.equal(await page.inputValue(slider('epoch-loss')), '0');
  await page.close();
});

test('hovering a run brings it forward and fades the others', async () => {
  const page = await drawn('vscode-light', 1000, ['six-runs']);
  const canvas = `${item('six-runs')} figure[data-chart="step-loss"] canvas`;
  const hash = async (): Promise<number> => (await chartPixels(page, item('six-runs'))).find((c) => c.name === 'step-loss')?.pixels.hash ?? 0;
  const before = await hash();
  const box = await page.locator(canvas).boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4, { steps: 8 });
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  writeFileSync(join(OUT, 'readability-hover.png'), await page.locator(`${item('six-runs')} figure[data-chart="step-loss"]`).screenshot());
  const highlighted = await page.$eval(canvas, (node) => (node as HTMLElement).dataset.highlight);
  assert.ok(highlighted, 'no run is highlighted');
  assert.notEqual(await hash(), before, 'the other runs were not faded');
  await page.mouse.move(1, 1, { steps: 4 });
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  assert.equal(await page.$eval(canvas, (node) => (node as HTMLElement).dataset.highlight), '');
  await page.close();
});

for (const width of [360, 1000]) {
  test(`formula cards never clip a formula at ${width} px: it fits or scrolls inside its card`, async () => {
    const page = await drawn('vscode-light', width, ['warmup-cosine']);
    await page.$$eval('details.nnlab-formulas', (nodes) => nodes.forEach((node) => ((node as HTMLDetailsElement).open = true)));
    const formulas = await page.$$eval(`${item('warmup-cosine')} .nnlab-card .katex-display`, (nodes) =>
      nodes.map((node) => {
        const card = node.closest('.nnlab-card') as HTMLElement;
        // Every box that holds the formula, from the formula up to the card: it must scroll, or show all it holds.
        const clipped: string[] = [];
        for (let box = node as HTMLElement | null; box && box !== card.parentElement; box = box.parentElement) {
          const style = getComputedStyle(box);
          if (box.scrollWidth > box.clientWidth + 1 && ['hidden', 'clip'].includes(style.overflowX)) clipped.push(`${box.className} (${box.scrollWidth} > ${box.clientWidth}, overflow-x ${style.overflowX})`);
        }
        const box = node.closest('.nnlab-formula') as HTMLElement;
        return {
          concept: card.dataset.concept,
          clipped,
          mathWidth: box.scrollWidth,
          boxWidth: box.clientWidth,
          scrolls: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.scrollWidth > box.clientWidth && box.tabIndex === 0,
          cardRight: card.getBoundingClientRect().right,
          viewport: document.documentElement.clientWidth,
        };
      }),
    );
    assert.ok(formulas.length >= 5, `${formulas.length} formulas`);
    for (const formula of formulas) {
      assert.deepEqual(formula.clipped, [], `${formula.concept}: clipped`);
      // It fits its box, or the box scrolls (with keyboard focus): at 1000 px every formula fits.
      assert.ok(formula.mathWidth <= formula.boxWidth + 1 || (width < 1000 && formula.scrolls), `${formula.concept}: ${formula.mathWidth.toFixed(0)} px of math in a ${formula.boxWidth} px box`);
      assert.ok(formula.cardRight <= formula.viewport, `${formula.concept}: the card reaches ${formula.cardRight} px`);
    }
    const cosine = page.locator(`${item('warmup-cosine')} .nnlab-card[data-concept="schedule cosine"]`);
    writeFileSync(join(OUT, `readability-cosine-card-${width}.png`), await cosine.screenshot());
    await page.close();
  });
}
