import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cellWith, chartPixels, fixture, render, startHarness, type Harness } from './harness';

/**
 * Every kind of output, drawn from payloads recorded from real CLI runs:
 * each chart has data on its canvas and a text alternative, formula cards
 * are typeset, tables and lists hold what the payload says, and the
 * diagnostics' buttons message the extension.
 */

let harness: Harness;
let page: Page;

/** Output item id → the recorded cell it shows. */
const ITEMS: Readonly<Record<string, unknown>> = {
  train: cellWith('renderer', 'train'),
  evaluate: cellWith('renderer', 'evaluate'),
  declarations: cellWith('renderer', 'summary'),
  diverged: cellWith('clipping', 'train'),
  'compare-clip': cellWith('clipping', 'compare'),
  'compare-init': cellWith('initializers', 'compare'),
  inspect: cellWith('initializers', 'inspect'),
};

/** The diverged run stopped after a few of its planned steps, so its lines over steps are short: fewer coloured pixels. */
const FEW_PIXELS = new Set(['diverged/step-loss', 'diverged/learning-rate', 'diverged/gradient-norm']);

/** The charts each item must draw. */
const EXPECTED_CHARTS: Readonly<Record<string, readonly string[]>> = {
  train: ['epoch-loss', 'metrics', 'step-loss', 'learning-rate', 'gradient-norm', 'layer-variance', 'layer-gradient', 'layer-fractions'],
  evaluate: ['roc'],
  diverged: ['epoch-loss', 'step-loss', 'learning-rate', 'gradient-norm', 'layer-variance', 'layer-gradient', 'layer-fractions'],
  'compare-clip': ['step-loss', 'epoch-loss', 'gradient-norm', 'layer-variance', 'layer-gradient'],
  'compare-init': ['step-loss', 'epoch-loss', 'metric', 'gradient-norm', 'layer-variance', 'layer-gradient'],
  inspect: ['layer-variance', 'layer-gradient', 'layer-fractions'],
};

const item = (id: string): string => `[data-output-id="${id}"]`;

before(async () => {
  harness = await startHarness();
  page = await harness.page({ width: 1100, height: 900 });
  for (const [id, payload] of Object.entries(ITEMS)) await render(page, id, payload);
});

after(async () => {
  await harness?.close();
});

test('every chart kind draws its data: many drawn pixels, and coloured ones for the series', async () => {
  for (const [id, names] of Object.entries(EXPECTED_CHARTS)) {
    const charts = await chartPixels(page, item(id));
    for (const name of names) {
      const chart = charts.find((c) => c.name === name);
      assert.ok(chart, `${id}: chart ${name} is missing (drawn: ${charts.map((c) => c.name).join(', ')})`);
      const { width, height, drawn, colored } = chart.pixels;
      assert.ok(width >= 200 && height >= 150, `${id}/${name}: canvas is ${width}×${height}`);
      // Axes, ticks and grid alone give a few thousand pixels; the series add coloured ones.
      assert.ok(drawn > 2000, `${id}/${name}: only ${drawn} pixels drawn`);
      const least = FEW_PIXELS.has(`${id}/${name}`) ? 20 : 150;
      assert.ok(colored > least, `${id}/${name}: only ${colored} coloured pixels, so no data series was drawn`);
    }
  }
});

test('every chart canvas is an image with a text alternative that summarizes it', async () => {
  const charts = await chartPixels(page, '#outputs');
  assert.ok(charts.length >= 30, `only ${charts.length} charts on the page`);
  for (const chart of charts) {
    assert.equal(chart.role, 'img', `${chart.name} canvas role`);
    assert.ok(chart.label.length > 30, `${chart.name}: aria-label "${chart.label}" says too little`);
    assert.doesNotMatch(chart.label, /undefined|NaN|\[object/, `${chart.name}: aria-label "${chart.label}"`);
  }
  const stepLoss = charts.find((c) => c.name === 'step-loss' && /Training loss/.test(c.label));
  assert.match(stepLoss?.label ?? '', /Training loss (fell|rose) from [\d.]+ to [\d.]+ over 144 steps/);
});

test('a clipped run shows the threshold, the clipped steps and the planned learning rate', async () => {
  const charts = await chartPixels(page, item('train'));
  const gradient = charts.find((c) => c.name === 'gradient-norm');
  assert.match(gradient?.label ?? '', /Clipping \(norm\) at τ = 0\.5 acted on \d+ % of steps/);
  const rate = charts.find((c) => c.name === 'learning-rate');
  assert.match(rate?.label ?? '', /Planned learning rate rose .* over 144 steps\. 144 steps taken, learning rate now/);
  const title = await page.textContent(`${item('train')} figure[data-chart="learning-rate"] figcaption`);
  assert.equal(title, 'Learning rate (warmup then cosine)');
});

test('compare overlays every run, named in the legend and the text alternative', async () => {
  const charts = await chartPixels(page, item('compare-init'));
  const loss = charts.find((c) => c.name === 'epoch-loss');
  for (const run of ['zeros', 'small_random', 'glorot_uniform', 'he_normal']) assert.match(loss?.label ?? '', new RegExp(`${run}: validation loss`));
  const rows = await page.$$eval(`${item('compare-init')} .nnlab-summary-table tbody tr`, (trs) => trs.map((tr) => tr.querySelector('td')?.textContent));
  assert.deepEqual(rows, ['zeros', 'small_random', 'glorot_uniform', 'he_normal']);
});

test('inspect plots variance per layer on a log axis', async () => {
  const charts = await chartPixels(page, item('inspect'));
  const variance = charts.find((c) => c.name === 'layer-variance');
  const layers = (ITEMS.inspect as { outputs: { kind: string; layers?: { activationVariance: number }[] }[] }).outputs.find((o) => o.kind === 'inspect')?.layers ?? [];
  assert.match(variance?.label ?? '', /Activation variance per layer at initialization, log scale: 0 relu [\d.e-]+, 1 relu [\d.e-]+/);
  const rows = await page.$$eval(`${item('inspect')} .nnlab-inspect-table tbody tr`, (trs) => trs.length);
  assert.equal(rows, layers.length);
});

test('formula cards are typeset by KaTeX with the run values filled in', async () => {
  const cards = await page.$$eval(`${item('train')} .nnlab-card`, (nodes) =>
    nodes.map((node) => ({
      concept: (node as HTMLElement).dataset.concept,
      katex: node.querySelectorAll('.katex').length,
      errors: node.querySelectorAll('.katex-error').length,
      tex: node.querySelector('annotation[encoding="application/x-tex"]')?.textContent ?? '',
      where: node.querySelector('.nnlab-card-where')?.textContent ?? '',
    })),
  );
  const concepts = cards.map((c) => c.concept);
  for (const expected of ['initializer he_normal', 'initializer glorot_uniform', 'activation relu', 'activation tanh', 'optimizer adam', 'loss sparse_categorical_crossentropy', 'clipping norm', 'schedule warmup', 'schedule cosine']) {
    assert.ok(concepts.includes(expected), `no card for ${expected} (cards: ${concepts.join(', ')})`);
  }
  for (const card of cards) {
    assert.ok(card.katex >= 1, `${card.concept}: no KaTeX output`);
    assert.equal(card.errors, 0, `${card.concept}: KaTeX error`);
  }
  const adam = cards.find((c) => c.concept === 'optimizer adam');
  assert.match(adam?.tex ?? '', /0\.01/, 'adam card shows lr = 0.01');
  const clip = cards.find((c) => c.concept === 'clipping norm');
  assert.match(clip?.tex ?? '', /0\.5/, 'clip card shows τ = 0.5');
  // glorot_uniform is used by layers 2 and 3: one card for both.
  assert.equal(cards.find((c) => c.concept === 'initializer glorot_uniform')?.where, 'layers 2 and 3');
  const allErrors = await page.$$eval('.katex-error', (nodes) => nodes.length);
  assert.equal(allErrors, 0);
});

test("KaTeX's fonts load from the bundle's data URLs", async () => {
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return Array.from(document.fonts as unknown as Iterable<FontFace>).filter((font) => font.family.includes('KaTeX_Main') && font.status === 'loaded').length;
  });
  assert.ok(loaded >= 1, 'KaTeX_Main was not loaded');
});

test('evaluate shows the confusion matrix as a shaded table and ROC curves', async () => {
  const payload = ITEMS.evaluate as { outputs: { kind: string; confusion?: { counts: number[][] } }[] };
  const counts = payload.outputs.find((o) => o.kind === 'evaluate')?.confusion?.counts;
  const table = await page.$$eval(`${item('evaluate')} .nnlab-matrix tbody tr`, (rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td')).map((td) => ({ text: td.textContent, background: getComputedStyle(td).backgroundColor }))),
  );
  assert.deepEqual(
    table.map((row) => row.map((cell) => Number(cell.text))),
    counts,
  );
  // The largest share of a row is shaded; an empty cell would stay transparent.
  const shaded = table.flat().filter((cell) => !/rgba\(0, 0, 0, 0\)|transparent/.test(cell.background)).length;
  assert.ok(shaded >= 6, `only ${shaded} shaded cells`);
});

test('summaries are text and saved weights a table', async () => {
  const summary = await page.textContent(`${item('declarations')} pre.nnlab-summary`);
  assert.match(summary ?? '', /data spirals: 300 samples × 2 features, 3 classes/);
  const tensors = await page.$$eval(`${item('evaluate')} .nnlab-weights tbody tr`, (rows) => rows.map((row) => row.querySelector('code')?.textContent));
  assert.equal(tensors.length, 10);
  assert.ok(tensors.includes('0.weight'), `tensors: ${tensors.join(', ')}`);
});

test('diagnostics are grouped by code and run, the first of each code open; a button posts a reveal message', async () => {
  const groups = await page.$$eval(`${item('compare-init')} .nnlab-finding`, (nodes) =>
    nodes.map((node) => ({
      severity: node.querySelector('.nnlab-severity')?.textContent?.trim(),
      key: `${(node as HTMLElement).dataset.code}/${(node as HTMLElement).dataset.run}`,
      title: node.querySelector('summary')?.textContent ?? '',
      open: node.querySelector('details')?.open,
      text: node.textContent ?? '',
    })),
  );
  // The fixture's comparison has 32 diagnostics: symmetry and dying ReLU in every layer of the zeros run, and so on.
  assert.deepEqual(groups.map((g) => g.key), [
    'symmetry/zeros',
    'vanishing-gradients/zeros',
    'vanishing-gradients/small_random',
    'dying-relu/zeros',
    'dying-relu/small_random',
    'plateau/zeros',
    'plateau/small_random',
    'init-mismatch/glorot_uniform',
  ]);
  assert.equal(groups[0].severity, '✖ error');
  assert.match(groups[0].title, /symmetry\s*Go to line \d+\s*run zeros · layers 0–8$/);
  assert.match(groups[0].text, /the \d+ units of layer 0 had identical incoming weights.*measured 0 in all 9 layers, threshold 1e-6/);
  assert.match(groups[4].text, /layers 5–7.*measured 94 % to 97 % across 3 layers, threshold 50 %/);
  assert.deepEqual(groups.filter((g) => g.open).map((g) => g.key), ['symmetry/zeros', 'vanishing-gradients/zeros', 'dying-relu/zeros', 'plateau/zeros', 'init-mismatch/glorot_uniform']);
  const expected = (fixture('initializers').cells ?? [])
    .flatMap((c) => (c.result as { outputs: { kind: string; runs?: { diagnostics: { code: string; location?: unknown }[] }[] }[] }).outputs)
    .find((o) => o.kind === 'compare')
    ?.runs?.[0].diagnostics.find((d) => d.code === 'symmetry')?.location;
  assert.ok(expected, 'fixture has a located symmetry diagnostic');
  // A folded group's button works too, and does not unfold the group.
  const folded = `${item('compare-init')} .nnlab-finding[data-code="dying-relu"][data-run="small_random"]`;
  await page.click(`${folded} .nnlab-reveal`);
  assert.equal(await page.$eval(`${folded} details`, (node) => (node as HTMLDetailsElement).open), false);
  await page.click(`${item('compare-init')} .nnlab-finding[data-code="symmetry"] .nnlab-reveal`);
  const messages = await page.evaluate(() => (window as unknown as { nnlab: { messages: unknown[] } }).nnlab.messages);
  assert.equal(messages.length, 2);
  assert.deepEqual(messages[1], { type: 'reveal', location: expected });
});

test('findings sit beside the charts in a wide output and under them in a narrow one', async () => {
  const layout = () =>
    page.$eval(item('compare-init'), (output) => {
      const charts = output.querySelector('.nnlab-beside-charts')!.getBoundingClientRect();
      const findings = output.querySelector('.nnlab-findings-column')!.getBoundingClientRect();
      return { chartsRight: charts.right, chartsTop: charts.top, chartsBottom: charts.bottom, findingsLeft: findings.left, findingsTop: findings.top };
    });
  const wide = await layout();
  assert.ok(wide.findingsLeft >= wide.chartsRight && wide.findingsTop - wide.chartsTop < 20, `wide: ${JSON.stringify(wide)}`);
  await page.setViewportSize({ width: 650, height: 900 });
  try {
    const narrow = await layout();
    assert.ok(narrow.findingsTop >= narrow.chartsBottom, `narrow: ${JSON.stringify(narrow)}`);
  } finally {
    await page.setViewportSize({ width: 1100, height: 900 });
  }
});

test('a diverged run says where it diverged', async () => {
  const text = await page.textContent(`${item('diverged')} .nnlab-divergence`);
  assert.match(text ?? '', /Diverged at step \d+ \(epoch \d+\): the (loss|weights|gradients)/);
  const badge = await page.textContent(`${item('diverged')} .nnlab-badge`);
  assert.equal(badge, 'diverged');
});

test('nothing is fetched from outside the page, and nothing fails', async () => {
  const violations = await page.evaluate(() => (window as unknown as { nnlab: { violations: string[] } }).nnlab.violations);
  assert.deepEqual(violations, []);
  assert.deepEqual(harness.problems, []);
});
