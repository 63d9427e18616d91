import { describe, expect, it } from 'vitest';
import { BatchIterator, createDataset, gaussianNoise, oneHotTargets, type BatchOptions, type Dataset } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';

/** Sample i has features (i, −i) and target 10·i, so a batch shows which samples it holds and that rows stay paired. */
function numbered(count: number): Dataset {
  return createDataset({
    name: 'numbered',
    x: Float32Array.from({ length: 2 * count }, (_, k) => (k % 2 === 0 ? k / 2 : 0 - (k - 1) / 2)),
    y: Float32Array.from({ length: count }, (_, i) => 10 * i),
    task: 'regression',
    features: 2,
  });
}

/** The samples of each batch of one epoch, checking that x and y rows stay together. */
function epoch(iterator: BatchIterator): number[][] {
  iterator.startEpoch();
  const batches: number[][] = [];
  for (let batch = iterator.next(); batch; batch = iterator.next()) {
    expect([batch.x.length, batch.y.length]).toEqual([2 * batch.size, batch.size]);
    const samples: number[] = [];
    for (let k = 0; k < batch.size; k++) {
      const i = batch.x[2 * k];
      expect([batch.x[2 * k + 1], batch.y[k]]).toEqual([0 - i, 10 * i]);
      samples.push(i);
    }
    batches.push(samples);
  }
  return batches;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('BatchIterator', () => {
  // [count, options, batches per epoch, batch sizes]
  const shapes: [number, BatchOptions, number, number[]][] = [
    // 10 = 3 + 3 + 3 + 1: the last, partial batch is kept
    [10, { batchSize: 3 }, 4, [3, 3, 3, 1]],
    [10, { batchSize: 3, dropLast: true }, 3, [3, 3, 3]],
    [10, { batchSize: 5 }, 2, [5, 5]],
    // batch 1 is plain SGD; a batch at least the count is the full batch
    [4, { batchSize: 1 }, 4, [1, 1, 1, 1]],
    [10, { batchSize: 10 }, 1, [10]],
    [10, { batchSize: 1000 }, 1, [10]],
    [10, { batchSize: 1000, dropLast: true }, 1, [10]],
    // Keras's default batch of 32
    [70, {}, 3, [32, 32, 6]],
  ];
  it.each(shapes)('%i samples, %o → %i batches of %o', (count, options, perEpoch, sizes) => {
    const iterator = new BatchIterator(numbered(count), { seed: 1, ...options });
    expect(iterator.batchesPerEpoch).toBe(perEpoch);
    const batches = epoch(iterator);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    const seen = sorted(batches.flat());
    if (options.dropLast) expect(new Set(seen).size).toBe(seen.length);
    else expect(seen).toEqual(range(count));
  });

  it('shuffles anew each epoch, the same sequence of orders for the same seed', () => {
    const a = new BatchIterator(numbered(20), { batchSize: 4, seed: 9 });
    const b = new BatchIterator(numbered(20), { batchSize: 4, seed: 9 });
    const c = new BatchIterator(numbered(20), { batchSize: 4, seed: 10 });
    const epochsA = [epoch(a), epoch(a), epoch(a)].map((e) => e.flat());
    const epochsB = [epoch(b), epoch(b), epoch(b)].map((e) => e.flat());
    expect(epochsA).toEqual(epochsB);
    expect(epochsA[1]).not.toEqual(epochsA[0]);
    expect(epochsA[2]).not.toEqual(epochsA[1]);
    expect(epoch(c).flat()).not.toEqual(epochsA[0]);
    for (const order of epochsA) expect(sorted(order)).toEqual(range(20));
    expect(a.epoch).toBe(3);
  });

  it('keeps the data set order without shuffle', () => {
    const iterator = new BatchIterator(numbered(7), { batchSize: 3, shuffle: false });
    expect(epoch(iterator)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('writes every batch into the same buffers, made once', () => {
    const iterator = new BatchIterator(numbered(10), { batchSize: 4, seed: 2 });
    const first = iterator.next()!;
    const { x, y } = first;
    const second = iterator.next()!;
    expect(second.x).toBe(x);
    expect(second.y).toBe(y);
    const last = iterator.next()!;
    // the partial batch is a view on the same memory
    expect(last.size).toBe(2);
    expect(last.x.buffer).toBe(x.buffer);
    expect(iterator.next()).toBeUndefined();
    expect(iterator.next()).toBeUndefined();
  });

  it('continues exactly from a saved state', () => {
    const original = new BatchIterator(numbered(12), { batchSize: 5, seed: 3 });
    epoch(original);
    original.startEpoch();
    original.next();
    const state = original.getState();
    const rest = (it: BatchIterator) => {
      const samples: number[] = [];
      for (let batch = it.next(); batch; batch = it.next()) samples.push(...Array.from(batch.y, (v) => v / 10));
      return [samples, epoch(it).flat()];
    };
    const resumed = new BatchIterator(numbered(12), { batchSize: 5, seed: 3 });
    resumed.setState(state);
    expect(resumed.epoch).toBe(2);
    expect(rest(resumed)).toEqual(rest(original));
  });

  it('gives one-hot targets for classification and applies an augmentation to x', () => {
    const ds = createDataset({ name: 'c', x: Float32Array.from([0, 1, 2]), y: Float32Array.from([2, 0, 1]), task: 'classification', features: 1, classes: ['a', 'b', 'c'] });
    const iterator = new BatchIterator(ds, { batchSize: 3, shuffle: false, oneHot: true, augment: gaussianNoise(0.5, 1) });
    expect(iterator.targetWidth).toBe(3);
    const batch = iterator.next()!;
    expect(Array.from(batch.y)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(batch.x)).not.toEqual([0, 1, 2]);
    // the data set itself is untouched
    expect(Array.from(ds.x)).toEqual([0, 1, 2]);
  });

  it('refuses one-hot targets for regression and a bad batch size', () => {
    const cases: [BatchOptions, string][] = [
      [{ oneHot: true }, 'batches: one_hot needs classification data, but numbered is regression'],
      [{ batchSize: 0 }, 'batches: batch_size must be ≥ 1, got 0'],
      [{ batchSize: 2.5 }, 'batches: batch_size must be a whole number, got 2.5'],
    ];
    for (const [options, message] of cases) {
      expect(() => new BatchIterator(numbered(4), options)).toThrow(new ConfigError(message));
    }
  });
});

describe('oneHotTargets', () => {
  it('writes e_label rows into the buffer given', () => {
    const out = new Float32Array(6);
    expect(oneHotTargets([2, 0], 3, out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHotTargets([3], 3)).toThrow('one-hot targets: the class of sample 0 must be a whole number in [0, 2], got 3');
    expect(() => oneHotTargets([1], 3, new Float32Array(2))).toThrow('one-hot targets: the buffer must hold labels × classes = 1 × 3 = 3 values, got 2');
  });
});
