import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareOutput, TrainOutput } from '../../src/protocol/cell-output';
import { cellData } from '../../webview/run-data';
import { validatePayload } from '../../webview/validate-output';
import { craftedRun } from './crafted-runs';

const fixtures = join(__dirname, 'fixtures');
const read = (file: string): unknown => JSON.parse(readFileSync(join(fixtures, file), 'utf8'));

/** Every payload the engine wrote for the recorded fixtures. */
function recordedPayloads(): unknown[] {
  const payloads: unknown[] = [];
  for (const file of ['renderer.json', 'clipping.json', 'initializers.json']) {
    for (const cell of (read(file) as { cells: { result: unknown }[] }).cells) payloads.push(cell.result);
  }
  const live = read('live.json') as { snapshots: { result: unknown }[]; compare: { result: unknown } };
  for (const snapshot of [...live.snapshots, live.compare]) payloads.push(snapshot.result);
  return payloads;
}

const train: TrainOutput = { kind: 'train', title: 'train epochs=1', run: craftedRun({}) };
const summary = { kind: 'summary', lines: ['model: 2 layers'] };
const withRun = (change: Record<string, unknown>) => ({ ...train, run: { ...train.run, ...change } });

describe('saved output validation', () => {
  it('passes every output the engine wrote in the recorded fixtures, leaving nothing out', () => {
    const payloads = recordedPayloads();
    expect(payloads.length).toBeGreaterThan(3);
    for (const payload of payloads) expect(validatePayload(payload).leftOut).toEqual([]);
  });

  it.each<[string, unknown, string[], RegExp | undefined]>([
    ['run: null', { outputs: [summary, { ...train, run: null }] }, ['summary'], /output 2: train\.run is not an object/],
    ['an unknown concept role', { outputs: [withRun({ concepts: [{ role: 'wizard', name: 'x', options: {} }] }), summary] }, ['summary'], /train\.run\.concepts\[0\]\.role is not one of/],
    ['an object where a number is expected', { outputs: [withRun({ steps: { n: 3 } })] }, [], /train\.run\.steps is not a number/],
    ['a missing series list', { outputs: [withRun({ series: { ...train.run.series, loss: undefined } })] }, [], /train\.run\.series\.loss is missing/],
    ['epochs that are not a list', { outputs: [withRun({ epochs: 'many' })] }, [], /epochs is not a list/],
    ['an option value that is an object', { outputs: [withRun({ concepts: [{ role: 'optimizer', name: 'sgd', options: { lr: {} } }] })] }, [], /options\.lr is not a number/],
    ['an unknown output kind', { outputs: [{ kind: '__proto__' }, summary] }, ['summary'], /output 1: its kind "__proto__" is unknown/],
    ['an output that is not an object', { outputs: [null, 7, summary] }, ['summary'], /output 1: it is not an object; output 2/],
    ['a compare with one bad run', { outputs: [{ kind: 'compare', title: 'c', setting: 'lr', runs: [train.run, { ...train.run, label: 3 }] } satisfies Record<string, unknown>] }, [], /compare\.runs\[1\]\.label is not text/],
    ['a problem without a location', { outputs: [summary], problems: [{ code: 'x', severity: 'error', message: 'm' }] }, ['summary'], /problem 1: problem\.location is missing/],
    ['non-finite numbers as JSON writes them', { outputs: [withRun({ steps: null, elapsedMs: 'NaN' })] }, ['train'], undefined],
    ['a single output with no payload around it', summary, ['summary'], undefined],
  ])('%s: draws what is valid and names what is left out, without throwing', (_name, payload, kept, note) => {
    const data = cellData(payload);
    const noteLine = data.outputs.find((o) => o.kind === 'summary' && o.lines[0].startsWith('Left out'));
    const drawn = data.outputs.filter((o) => o !== noteLine).map((o) => o.kind);
    expect(drawn).toEqual(kept);
    if (note === undefined) expect(noteLine).toBeUndefined();
    else expect(noteLine?.kind === 'summary' ? noteLine.lines[0] : '').toMatch(note);
  });

  it('keeps a compare whose runs are all valid', () => {
    const compare: CompareOutput = { kind: 'compare', title: 'c', setting: 'lr', runs: [train.run, train.run] };
    expect(validatePayload({ outputs: [compare] }).outputs).toEqual([compare]);
  });

  it('still refuses something that is no payload at all, with a message', () => {
    for (const junk of [null, 3, 'text', [], { outputs: 'x' }]) expect(() => cellData(junk)).toThrow(/NN Lab output: expected/);
  });

  it('reads an unknown status as ok and drops problems that are not a list', () => {
    const data = cellData({ status: 'exploded', problems: { a: 1 }, outputs: [] });
    expect([data.status, data.problems]).toEqual(['ok', []]);
  });
});
