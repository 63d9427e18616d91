import { describe, expect, it } from 'vitest';
import { createDataset } from '../../../src/engine/data/dataset';
import { fitScaler } from '../../../src/engine/data/preprocessing';

describe('a normalization name in a message', () => {
  it('is quoted with its first 40 characters and its length, however long', () => {
    const train = createDataset({ name: 't', x: new Float32Array([1, 2]), y: new Float32Array([0, 1]), task: 'regression', features: 1 });
    expect(() => fitScaler('q'.repeat(1 << 20), train)).toThrow(`unknown normalization '${'q'.repeat(40)}…' (1048576 characters); use standard or minmax`);
  });
});
