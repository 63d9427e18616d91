import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NotebookSession } from '../../src/session/session';
import { noFilesHost } from '../session/no-files-host';
import { chartPixels, OUT, render, startHarness, type Harness, type ThemeKind } from './harness';

/**
 * `find lr` and `find clip` drawn in Chromium from a real session's result:
 * the loss and slope charts and the histogram carry data, the suggestions
 * are explained in words with the line to write, and screenshots in both
 * themes are saved to test/renderer/out/ for people to look at.
 */

const SOURCE = [
  'data moons n=1000 noise=0.2 seed=7',
  'model',
  '  dense 64 relu init=he_normal',
  '  dense 64 relu init=he_normal',
  '  dense 2 softmax',
  'loss categorical_crossentropy',
  'optimizer adam',
  'find lr seed=1',
  'find clip seed=1',
].join('\n');

let harness: Harness;
const payload = new NotebookSession(noFilesHost).runCell(0, SOURCE);

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

for (const theme of ['vscode-dark', 'vscode-light'] as ThemeKind[]) {
  test(`${theme}: the sweep and the survey draw their charts and say what to write`, async () => {
    const page = await harness.page({ width: 1000, height: 900, theme });
    await render(page, 'find', payload);
    const charts = await chartPixels(page, '[data-output-id="find"]');
    for (const name of ['lr-loss', 'lr-slope', 'grad-histogram']) {
      const chart = charts.find((c) => c.name === name);
      assert.ok(chart, `chart ${name} is missing (drawn: ${charts.map((c) => c.name).join(', ')})`);
      assert.ok(chart.pixels.colored > 300, `${name}: only ${chart.pixels.colored} coloured pixels`);
      assert.ok(chart.label.length > 40, `${name}: no text alternative`);
    }
    const text = await page.$$eval('.nnlab-find-text', (nodes) => nodes.map((node) => node.textContent ?? ''));
    assert.match(text[0], /Steepest descent at η = /);
    assert.match(text[0], /To use it, write optimizer adam lr=/);
    assert.match(text[1], /To use it, write clip norm /);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `find-${theme}.png`), await page.screenshot({ fullPage: true }));
    await page.close();
  });
}
