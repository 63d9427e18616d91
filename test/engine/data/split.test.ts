import { describe, expect, it } from 'vitest';
import { classCounts, createDataset, loadIris, splitDataset, type Dataset, type SplitOptions } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { thrown } from '../thrown';

/** A data set whose only feature is the sample's row number, so every split says which rows it holds. */
function numbered(classSizes: readonly number[]): Dataset {
  const labels = classSizes.flatMap((size, label) => new Array<number>(size).fill(label));
  return createDataset({
    name: 'numbered',
    x: Float32Array.from(labels, (_, i) => i),
    y: Float32Array.from(labels),
    task: 'classification',
    features: 1,
    classes: classSizes.map((_, c) => `c${c}`),
  });
}

function rowsOf(ds: Dataset | undefined): number[] {
  return ds === undefined ? [] : Array.from(ds.x);
}

describe('splitDataset', () => {
  it('holds out round(fraction × n) per part and keeps each class share (Iris 150: 30 validation, 15 test)', () => {
    const { train, validation, test } = splitDataset(loadIris(), { validation: 0.2, test: 0.1, seed: 1 });
    expect([train.count, validation?.count, test?.count]).toEqual([105, 30, 15]);
    // 50 per class: validation 50·30/150 = 10, test 50·15/150 = 5, train the 35 left
    expect([classCounts(train), classCounts(validation!), classCounts(test!)]).toEqual([
      [35, 35, 35],
      [10, 10, 10],
      [5, 5, 5],
    ]);
    expect([train.name, validation?.name, test?.name]).toEqual(['iris (train)', 'iris (validation)', 'iris (test)']);
  });

  it('puts every sample in exactly one part', () => {
    const ds = numbered([40, 33, 27]);
    const parts = splitDataset(ds, { validation: 0.25, test: 0.15, seed: 2 });
    const all = [...rowsOf(parts.train), ...rowsOf(parts.validation), ...rowsOf(parts.test)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // each row keeps its own label: rows 0–39 are c0, 40–72 c1, 73–99 c2
    for (const part of [parts.train, parts.validation!, parts.test!]) {
      for (let i = 0; i < part.count; i++) expect(part.y[i]).toBe(part.x[i] < 40 ? 0 : part.x[i] < 73 ? 1 : 2);
    }
  });

  it('is the same for the same seed and different for another', () => {
    const ds = numbered([50, 50]);
    const a = splitDataset(ds, { validation: 0.2, seed: 5 });
    const b = splitDataset(ds, { validation: 0.2, seed: 5 });
    const c = splitDataset(ds, { validation: 0.2, seed: 6 });
    expect(rowsOf(a.validation)).toEqual(rowsOf(b.validation));
    expect(rowsOf(a.train)).toEqual(rowsOf(b.train));
    expect(rowsOf(c.validation).sort()).not.toEqual(rowsOf(a.validation).sort());
  });

  // [class sizes, options, [train, validation, test] counts per class]
  const stratified: [number[], SplitOptions, number[][]][] = [
    // 90/10 with 20 held out: exact shares 18 and 2
    [[90, 10], { validation: 0.2 }, [[72, 8], [18, 2], []]],
    // 97/3 with 10 and 10: shares 9.7 and 0.3 give [10, 0] by largest remainder; the
    // small class then takes one from the large one in each part, and keeps 1 to train
    [[97, 3], { validation: 0.1, test: 0.1 }, [[79, 1], [9, 1], [9, 1]]],
    // a class of 2 cannot be in three parts: test gets one, training keeps the other
    [[98, 2], { validation: 0.1, test: 0.1 }, [[79, 1], [10, 0], [9, 1]]],
    // one held-out sample cannot hold two classes: the size wins
    [[5, 5], { test: 0.01 }, [[4, 5], [], [1, 0]]],
  ];
  it.each(stratified)('classes %o split %o → per class %o', (sizes, options, expected) => {
    const parts = splitDataset(numbered(sizes), { seed: 3, ...options });
    expect([classCounts(parts.train), parts.validation ? classCounts(parts.validation) : [], parts.test ? classCounts(parts.test) : []]).toEqual(expected);
  });

  it('splits without stratifying when asked, and always for regression', () => {
    const unstratified = splitDataset(numbered([90, 10]), { validation: 0.3, stratify: false, seed: 4 });
    expect([unstratified.train.count, unstratified.validation?.count]).toEqual([70, 30]);
    const regression = createDataset({ name: 'r', x: Float32Array.from({ length: 20 }, (_, i) => i), y: new Float32Array(20), task: 'regression', features: 1 });
    const parts = splitDataset(regression, { validation: 0.25, test: 0.25, seed: 4 });
    expect([parts.train.count, parts.validation?.count, parts.test?.count]).toEqual([10, 5, 5]);
    expect([...rowsOf(parts.train), ...rowsOf(parts.validation), ...rowsOf(parts.test)].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('returns only the training part, shuffled, when nothing is held out', () => {
    const parts = splitDataset(numbered([5, 5]), { seed: 1 });
    expect(Object.keys(parts)).toEqual(['train']);
    expect(rowsOf(parts.train).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('holds out at least one sample for a small fraction of a small set', () => {
    // round(0.01 × 10) = 0 → raised to 1
    expect(splitDataset(numbered([5, 5]), { test: 0.01, stratify: false }).test?.count).toBe(1);
  });

  it('refuses fractions that leave nothing to train on', () => {
    const cases: [SplitOptions, string][] = [
      [{ validation: 0.6, test: 0.4 }, 'split: validation + test must be below 1 so training keeps samples, got 0.6 + 0.4'],
      [{ validation: 1 }, 'split: validation must be in [0, 1), got 1'],
      [{ validation: 0.4, test: 0.4 }, 'split: holding out 1 for validation and 1 for test leaves no training samples of the 2 in numbered'],
    ];
    for (const [options, message] of cases) {
      const error = thrown(() => splitDataset(numbered([1, 1]), options));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});
