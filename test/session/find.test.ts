import { describe, expect, it } from 'vitest';
import { noFilesHost as host } from './no-files-host';
import type { CellOutput, CellResult } from '../../src/protocol/cell-output';
import { NotebookSession } from '../../src/session/session';
import { describeOutputs } from '../../src/report/output-text';

const SETUP = 'data moons n=200 noise=0.2 seed=3\nmodel\n  dense 16 relu\n  dense 1 sigmoid\nloss binary_crossentropy\noptimizer adam lr=0.001';

function outputOf<K extends CellOutput['kind']>(result: CellResult, kind: K): Extract<CellOutput, { kind: K }> {
  expect(result.problems).toEqual([]);
  const output = result.outputs.find((o): o is Extract<CellOutput, { kind: K }> => o.kind === kind);
  expect(output).toBeDefined();
  return output!;
}

function lastLoss(result: CellResult): number {
  return outputOf(result, 'train').run.epochs.at(-1)!.trainLoss;
}

describe('find lr', () => {
  it('sweeps, explains each suggestion with its number, and says what to write', () => {
    const output = outputOf(new NotebookSession(host).runCell(0, `${SETUP}\nfind lr steps=60 seed=1`), 'lr-finder');
    expect(output.rates.length).toBeGreaterThan(10);
    expect(output.rates[0]).toBeCloseTo(1e-7, 12);
    expect(output.losses).toHaveLength(output.rates.length);
    expect(output.smoothed).toHaveLength(output.rates.length);
    expect(output.slopes).toHaveLength(output.rates.length);
    const steepest = output.suggestions.find((s) => s.rule === 'steepest')!;
    expect(steepest.explanation).toContain(`η = ${Number(steepest.lr.toPrecision(2))}`);
    expect(output.suggestions.map((s) => s.rule)).toContain('minimum');
    expect(output.use).toBe(`optimizer adam lr=${Number(steepest.lr.toPrecision(2))}`);
    const text = describeOutputs(() => 'x', [output]).join('\n');
    expect(text).toContain('To use it, write: optimizer adam lr=');
  });

  it('leaves a later train exactly as it would have been', () => {
    const plain = new NotebookSession(host);
    plain.runCell(0, `${SETUP}\ntrain epochs=2 seed=1`);
    const swept = new NotebookSession(host);
    swept.runCell(0, `${SETUP}\ntrain epochs=2 seed=1`);
    // A sweep up to η = 10 would wreck the weights if they were kept.
    outputOf(swept.runCell(1, 'find lr seed=2'), 'lr-finder');
    outputOf(swept.runCell(2, 'find clip steps=20'), 'gradient-survey');
    expect(lastLoss(swept.runCell(3, 'train epochs=1 seed=1'))).toBe(lastLoss(plain.runCell(3, 'train epochs=1 seed=1')));
  });

  it('repeats itself from the same seed', () => {
    const run = () => outputOf(new NotebookSession(host).runCell(0, `${SETUP}\nfind lr steps=40 seed=4`), 'lr-finder');
    expect(run()).toEqual(run());
  });
});

describe('find clip', () => {
  it('suggests τ at the percentile asked, as a clip line', () => {
    const output = outputOf(new NotebookSession(host).runCell(0, `${SETUP}\nfind clip steps=30 percentile=80`), 'gradient-survey');
    expect(output.norms).toHaveLength(30);
    expect(output.threshold.p).toBe(80);
    expect(output.use).toBe(`clip norm ${Number(output.threshold.value.toPrecision(2))}`);
    expect(output.explanation).toContain('80th percentile');
  });
});

describe('find errors', () => {
  it('names cell, line and column of what is wrong', () => {
    const session = new NotebookSession(host);
    const unknown = session.runCell(2, 'data moons\nfind speed');
    expect(unknown.status).toBe('error');
    expect(unknown.problems).toMatchObject([{ code: 'missing-value', location: { cell: 2, line: 2, column: 6 } }]);
    expect(unknown.problems[0].message).toContain('find lr');

    const badValue = session.runCell(3, 'find lr steps=1');
    expect(badValue.problems).toMatchObject([{ code: 'invalid-value', location: { cell: 3, line: 1, column: 15 } }]);
    expect(badValue.problems[0].message).toContain('steps');

    const wrongOption = session.runCell(4, 'find clip smoothing=0.9');
    expect(wrongOption.problems[0]).toMatchObject({ location: { cell: 4, line: 1, column: 11 } });
    expect(wrongOption.problems[0].message).toContain('find clip');

    const unnamed = session.runCell(5, 'find lr 1e-5');
    expect(unnamed.problems[0]).toMatchObject({ code: 'too-many-values', location: { cell: 5, line: 1, column: 9 } });

    const noModel = new NotebookSession(host).runCell(6, 'data moons\n\nfind lr');
    expect(noModel.status).toBe('error');
    expect(noModel.problems[0]).toMatchObject({ location: { cell: 6, line: 3, column: 1 } });
    expect(noModel.problems[0].message).toContain('model');
  });
});

describe('find lr range', () => {
  it('reports an end not above the start at the end option', () => {
    const result = new NotebookSession(host).runCell(1, 'find lr start=0.1 end=0.01');
    expect(result.problems).toMatchObject([{ code: 'invalid-value', location: { cell: 1, line: 1, column: 19 } }]);
    expect(result.problems[0].message).toContain('end must be above start');
  });
});

describe('find lr on a loss that never falls', () => {
  it('suggests no rate to train with, and says why', () => {
    // Zero weights in every layer: relu passes nothing forward and nothing back, so the loss stays at ln 2 whatever η is.
    const flat = 'data moons n=200 seed=3\nmodel\n  dense 8 relu init=zeros\n  dense 2 softmax init=zeros\nloss categorical_crossentropy\noptimizer adam';
    const output = outputOf(new NotebookSession(host).runCell(0, `${flat}\nfind lr steps=40`), 'lr-finder');
    expect(output.suggestions.map((s) => s.rule)).toEqual([]);
    expect(output.use).toBeUndefined();
    expect(output.explanation).toMatch(/^No sustained descent was found/);
    expect(describeOutputs(() => 'x', [output]).join('\n')).toContain('No sustained descent was found');
  });
});
