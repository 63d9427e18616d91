import { describe, expect, it } from 'vitest';
import { BatchIterator, classCounts, createDataset, splitDataset, type DatasetFields } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { thrown } from '../thrown';

const base: DatasetFields = { name: 'd', x: new Float32Array(12), y: new Float32Array([0, 1]), task: 'classification', features: 6, classes: ['a', 'b', 'c'] };

describe('createDataset sample shape', () => {
  it('defaults to the flat row, and keeps an image or sequence layout whose product is the features', () => {
    expect(createDataset(base).sampleShape).toEqual([6]);
    expect(createDataset({ ...base, sampleShape: [1, 2, 3] }).sampleShape).toEqual([1, 2, 3]);
    expect(createDataset({ ...base, sampleShape: [3, 2] }).sampleShape).toEqual([3, 2]);
  });

  it('refuses a shape that does not hold the features, or holds a size below 1', () => {
    const cases: [readonly number[], string][] = [
      [[2, 2], 'data set d: the sample shape [2, 2] holds 4 values, not the 6 features'],
      [[6, 0], 'data set d: the sample shape must be whole numbers ≥ 1, got [6, 0]'],
      [[1.5, 4], 'data set d: the sample shape must be whole numbers ≥ 1, got [1.5, 4]'],
      [[], 'data set d: the sample shape must be whole numbers ≥ 1, got []'],
    ];
    for (const [sampleShape, message] of cases) {
      const error = thrown(() => createDataset({ ...base, sampleShape }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});

describe('sequence labelling: a class per timestep', () => {
  // 2 samples × 3 steps.
  const labelled = { ...base, y: new Float32Array([0, 1, 2, 2, 2, 0]), targetWidth: 3 };

  it('keeps one class index per step and counts every step', () => {
    const ds = createDataset(labelled);
    expect([ds.count, ds.targetWidth]).toEqual([2, 3]);
    expect(classCounts(ds)).toEqual([2, 1, 3]);
  });

  it('checks every step label and names the step', () => {
    const cases: [number[], string][] = [
      [[0, 1, 2, 2, 3, 0], 'data set d: the class of sample 1 at step 1 must be a whole number in [0, 2], got 3'],
      [[0, 0.5, 2, 2, 2, 0], 'data set d: the class of sample 0 at step 1 must be a whole number in [0, 2], got 0.5'],
      [[0, 1, 2, 2, 2, -1], 'data set d: the class of sample 1 at step 2 must be a whole number in [0, 2], got -1'],
    ];
    for (const [labels, message] of cases) {
      expect(thrown(() => createDataset({ ...labelled, y: new Float32Array(labels) })).message).toBe(message);
    }
    expect(thrown(() => createDataset({ ...labelled, y: new Float32Array(5) })).message).toBe('data set d: y must hold count × target width = 2 × 3 values, got 5');
  });

  it('one-hot batches hold a one-hot row per step', () => {
    const batch = new BatchIterator(createDataset(labelled), { batchSize: 2, shuffle: false, oneHot: true }).next()!;
    // sample 0: steps 0, 1, 2 → classes 0, 1, 2; sample 1: 2, 2, 0.
    expect(Array.from(batch.y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0]);
  });

  it('splits without stratifying: a sample has no single class', () => {
    const ds = createDataset({ ...labelled, x: new Float32Array(60), y: new Float32Array(30).map((_, i) => i % 3) });
    const { train, validation } = splitDataset(ds, { validation: 0.2 });
    expect([train.count, validation?.count, train.targetWidth]).toEqual([8, 2, 3]);
  });
});
