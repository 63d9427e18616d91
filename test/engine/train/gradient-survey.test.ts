import { describe, expect, it } from 'vitest';
import { BatchIterator } from '../../../src/engine/data/batches';
import { Sequential } from '../../../src/engine/model';
import { createClipper } from '../../../src/engine/optim/clipping';
import { Rng } from '../../../src/engine/rng';
import { histogram, percentile, surveyGradientNorms } from '../../../src/engine/train/gradient-survey';
import { classifierConfig, sectors, weightBytes } from './fixtures';

function survey(seed: number, steps: number, withClipper = false) {
  const config = classifierConfig({}, 'sgd', 0.1);
  const rng = new Rng(seed);
  const model = new Sequential(2, config.layers, rng);
  const optimizer = config.createOptimizer(model.parameters());
  const batches = new BatchIterator(sectors(160, 3), { batchSize: 16, seed });
  const clipper = withClipper ? createClipper('norm', { max_norm: 1e-6 }) : undefined;
  const before = weightBytes(model.stateDict());
  const result = surveyGradientNorms({ model, loss: config.loss, optimizer, rng, ...(clipper ? { clipper } : {}) }, batches, { steps, percentile: 90 });
  return { result, model, optimizer, before };
}

describe('percentile', () => {
  it('interpolates between the closest ranks as NumPy does', () => {
    // rank h = (5−1)·0.9 = 3.6: 4 + 0.6·(10 − 4) = 7.6; the median is the middle value.
    expect(percentile([1, 2, 3, 4, 10], 90)).toBeCloseTo(7.6, 12);
    expect(percentile([1, 2, 3, 4, 10], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 10], 100)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('histogram', () => {
  it('splits [min, max] into equal bins, the last one closed', () => {
    // Width (4 − 0)/4 = 1: 0 and 0.5 in the first bin, 4 in the last.
    expect(histogram([0, 0.5, 1, 2.5, 4], 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [2, 1, 1, 1] });
    expect(histogram([2, 2], 4)).toEqual({ edges: [2, 2], counts: [2] });
  });
});

describe('surveyGradientNorms', () => {
  it('measures unclipped norms, suggests τ at the percentile, and puts the weights back', () => {
    const { result, model, optimizer, before } = survey(1, 30, true);
    expect(result.norms.length).toBe(30);
    // A τ of 1e-6 would cap every norm there: the survey leaves the clipper out.
    expect(Math.min(...result.norms)).toBeGreaterThan(1e-3);
    expect(result.threshold.value).toBeCloseTo(percentile([...result.norms].sort((a, b) => a - b), 90), 12);
    expect(result.percentiles.map((p) => p.p)).toEqual([10, 50, 90, 99]);
    expect(result.histogram.counts.reduce((s, n) => s + n, 0)).toBe(30);
    expect(weightBytes(model.stateDict())).toEqual(before);
    expect(optimizer.stepCount).toBe(0);
  });

  it('repeats itself exactly from the same seed', () => {
    expect(survey(2, 20).result).toEqual(survey(2, 20).result);
  });
});
