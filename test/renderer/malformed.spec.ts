import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { TrainOutput } from '../../src/protocol/cell-output';
import { cellWith, render, startHarness, type Harness } from './harness';

/**
 * Saved outputs a hand edit or another version broke: the page draws what is
 * valid beside a note naming what was left out, and nothing throws.
 */

let harness: Harness;
let page: Page;

const recorded = cellWith('renderer', 'train') as { outputs: TrainOutput[] };
const train = recorded.outputs.find((o) => o.kind === 'train') as TrainOutput;
const summary = { kind: 'summary', lines: ['model: 2 layers'] };
const withRun = (change: Record<string, unknown>) => ({ ...train, run: { ...train.run, ...change } });

const MALFORMED: readonly [string, unknown][] = [
  ['run-null', { status: 'ok', problems: [], outputs: [summary, { ...train, run: null }] }],
  ['unknown-role', { status: 'ok', problems: [], outputs: [withRun({ concepts: [{ role: 'wizard', name: 'x', options: {} }] })] }],
  ['object-for-number', { status: 'ok', problems: [], outputs: [withRun({ steps: { n: 1 }, totalSteps: [] })] }],
  ['missing-arrays', { status: 'ok', problems: [{ code: 'x' }], outputs: [withRun({ epochs: undefined, series: {} }), { kind: 'compare', title: 'c', setting: 'lr' }] }],
  ['not-outputs', { status: 'ok', problems: [], outputs: [null, 'x', { kind: 'constructor' }, train] }],
];

before(async () => {
  harness = await startHarness();
  page = await harness.page({ width: 1000, height: 700 });
});

after(async () => {
  await harness?.close();
});

test('malformed saved outputs draw what is valid, name what is left out, and raise no page error', async () => {
  for (const [id, payload] of MALFORMED) await render(page, id, payload);
  for (const [id] of MALFORMED) {
    const text = (await page.textContent(`[data-output-id="${id}"]`)) ?? '';
    assert.match(text, /Left out what this saved output holds but cannot be drawn: (output|problem) \d/, id);
  }
  assert.match((await page.textContent('[data-output-id="run-null"]')) ?? '', /model: 2 layers/);
  // The one valid train output among the junk still draws its charts.
  assert.ok((await page.$$('[data-output-id="not-outputs"] canvas')).length > 0, 'the valid run is drawn');
  assert.deepEqual(harness.problems, []);
});

test('an option value named constructor shows as text on its formula card', async () => {
  const concepts = [...train.run.concepts, { role: 'initializer', name: 'he_normal', options: { mode: 'constructor', gain: 'constructor' } }];
  await render(page, 'constructor', { status: 'ok', problems: [], outputs: [withRun({ concepts })] });
  const cards = await page.$$eval('[data-output-id="constructor"] .nnlab-card[data-concept="initializer he_normal"]', (nodes) => nodes.map((node) => node.textContent ?? ''));
  assert.ok(
    cards.some((text) => /mode = constructor/.test(text)),
    `no he_normal card shows mode = constructor: ${cards.join(' | ')}`,
  );
  assert.doesNotMatch((await page.textContent('[data-output-id="constructor"]')) ?? '', /native code|function Object/);
  assert.deepEqual(harness.problems, []);
});
