import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { BatchIterator } from '../../../src/engine/data/batches';
import { createDataset } from '../../../src/engine/data/dataset';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import { Sequential } from '../../../src/engine/model';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { Rng } from '../../../src/engine/rng';
import { findLearningRate } from '../../../src/engine/train/lr-finder';
import { lossSlopes, smoothLosses, steepestDescent, steepestRule, sweepRates } from '../../../src/engine/train/lr-sweep';
import type { TrainingSetup } from '../../../src/engine/train/step';
import { classifierConfig, sectors, weightBytes } from './fixtures';

/**
 * The quadratic every figure here is worked from: one sample x = 1, y = 1,
 * a linear unit ŷ = w·x + b from w = b = 0, MSE and plain SGD. With the
 * error e = ŷ − 1, ∂ℓ/∂w = ∂ℓ/∂b = 2e, so one step at η gives
 * e ← e − η·(2e + 2e) = (1 − 4η)·e and ℓ = e²: the loss before step i is
 * ∏_{j<i} (1 − 4η_j)², and it blows up once η passes 1/2.
 */
function quadratic(): { setup: TrainingSetup; batches: BatchIterator } {
  const model = new Sequential(1, [{ kind: 'dense', units: 1, activation: createActivation('linear'), kernelInitializer: createInitializer('zeros') }], new Rng(0));
  const optimizer = createOptimizer('sgd', model.parameters(), { lr: 0.01 });
  const data = createDataset({ name: 'one', x: Float32Array.of(1), y: Float32Array.of(1), task: 'regression', features: 1 });
  return { setup: { model, loss: createLoss('mse'), optimizer, rng: new Rng(0) }, batches: new BatchIterator(data, { batchSize: 1 }) };
}

describe('the sweep arithmetic', () => {
  it('spaces the rates evenly on a log axis from start to end', () => {
    // 1e-3·(10/1e-3)^{i/4}: 1e-3, 1e-2, 1e-1, 1, 10.
    const rates = sweepRates(1e-3, 10, 5);
    expect(rates.map((r) => Number(r.toPrecision(12)))).toEqual([1e-3, 1e-2, 1e-1, 1, 10]);
  });

  it('debiases the moving average so the first value is the first loss', () => {
    // β = 0.5: avg = 1, 1.5, 2.75 over 0.5, 0.75, 0.875 → 2, 2, 3.142857…
    // (avg₁ = 0.5·2 = 1; avg₂ = 0.5·1 + 0.5·2 = 1.5; avg₃ = 0.5·1.5 + 0.5·4 = 2.75)
    const smoothed = smoothLosses([2, 2, 4], 0.5);
    expect(smoothed[0]).toBeCloseTo(2, 12);
    expect(smoothed[1]).toBeCloseTo(2, 12);
    expect(smoothed[2]).toBeCloseTo(2.75 / 0.875, 12);
  });

  it('differentiates against log10 η: per decade, central inside and one-sided at the ends', () => {
    // One decade apart: slopes (2−3)/1, (0−3)/2, (0−2)/1.
    const slopes = lossSlopes([0.01, 0.1, 1], [3, 2, 0]);
    [-1, -1.5, -2].forEach((slope, i) => expect(slopes[i]).toBeCloseTo(slope, 12));
  });

  it('is not fooled by a spike early in the sweep, where the naive steepest gradient is', () => {
    // A steady loss of 2 that falls linearly by 1 per decade between points 50 and 70, with one
    // batch of loss 30 at point 2 — the early spike fastai and Lightning users report.
    const rates = sweepRates(1e-7, 10, 100);
    const raw = rates.map((_, i) => (i === 2 ? 30 : i < 50 ? 2 : i <= 70 ? 2 - (Math.log10(rates[i]) - Math.log10(rates[50])) : 2 - (Math.log10(rates[70]) - Math.log10(rates[50]))));
    const smoothed = smoothLosses(raw, 0.98);
    // fastai's `steep`: the most negative difference quotient of consecutive smoothed losses.
    const quotients = smoothed.slice(1).map((loss, i) => (loss - smoothed[i]) / (Math.log10(rates[i + 1]) - Math.log10(rates[i])));
    const naive = quotients.indexOf(Math.min(...quotients));
    expect(naive).toBe(2);
    const steepest = steepestDescent(rates, raw, smoothed, steepestRule(100))!;
    expect(steepest.index).toBeGreaterThanOrEqual(50);
    expect(steepest.index).toBeLessThanOrEqual(70);
    expect(steepest.slope).toBeLessThan(0);
  });
});

describe('a loss that barely falls', () => {
  it('gets no steepest descent unless its lowest is 5 % below where the search starts', () => {
    // 20 points: the search starts at point 2; the loss steps from 1 down to `to` at point 12.
    const rates = sweepRates(1e-3, 10, 20);
    const steps = (to: number) => rates.map((_, i) => (i < 12 ? 1 : to));
    // 0.97 is 3 % below 1: a dip that noise could make, not a descent.
    expect(steepestDescent(rates, steps(0.97), steps(0.97), steepestRule(20))).toBeUndefined();
    // 0.9 is 10 % below: the window 10–12 over the step is the steepest.
    expect(steepestDescent(rates, steps(0.9), steps(0.9), steepestRule(20))).toMatchObject({ from: 10, to: 12, index: 11 });
  });
});

describe('findLearningRate', () => {
  it('records the losses of the quadratic worked by hand and stops where it diverges', () => {
    const { setup, batches } = quadratic();
    const sweep = findLearningRate(setup, batches, { start: 1e-3, end: 1, steps: 4, smoothing: 0 });
    // η = 1e-3, 1e-2, 1e-1, 1; losses before each step: 1, (1−0.004)², ·(1−0.04)², ·(1−0.4)² = 1, 0.992, 0.914, 0.329.
    const expected = [1, 0.996 ** 2, (0.996 * 0.96) ** 2, (0.996 * 0.96 * 0.6) ** 2];
    // With β = 0 the smoothed loss is the loss; it falls throughout, so nothing stops the sweep.
    expect(sweep.losses.length).toBe(4);
    sweep.losses.forEach((loss, i) => expect(loss).toBeCloseTo(expected[i], 5));
    expect(sweep.smoothed).toEqual(sweep.losses);
    expect(sweep.stop).toBeUndefined();
    expect(sweep.lowest).toMatchObject({ index: 3, lr: 1 });
  });

  it('stops once the smoothed loss passes four times its lowest', () => {
    const { setup, batches } = quadratic();
    // One more decade: the step at η = 1 multiplies the error by 1 − 4 = −3, so the loss before
    // the step at η = 10 is 0.329·9 = 2.96, past 4 × 0.329 = 1.32: the sweep stops there.
    const sweep = findLearningRate(setup, batches, { start: 1e-3, end: 10, steps: 5, smoothing: 0 });
    expect(sweep.stop).toMatchObject({ reason: 'rise', index: 4 });
    expect(sweep.stop!.lr).toBeCloseTo(10, 9);
    expect(sweep.losses.length).toBe(5);
  });

  it('puts the weights and the optimizer state back', () => {
    const { setup, batches } = quadratic();
    setup.optimizer.lr = 0.01;
    const before = weightBytes(setup.model.stateDict());
    findLearningRate(setup, batches, { start: 1e-3, end: 10, steps: 5 });
    expect(weightBytes(setup.model.stateDict())).toEqual(before);
    expect(setup.optimizer.lr).toBe(0.01);
    expect(setup.optimizer.stepCount).toBe(0);
  });

  it('repeats itself exactly from the same seed, and suggests rates within the sweep', () => {
    const run = () => {
      const config = classifierConfig();
      const rng = new Rng(3);
      const model = new Sequential(2, config.layers, rng);
      const optimizer = config.createOptimizer(model.parameters());
      const batches = new BatchIterator(sectors(160, 3), { batchSize: 16, seed: 3 });
      return findLearningRate({ model, loss: config.loss, optimizer, rng }, batches, { steps: 60 });
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.steepest).toBeDefined();
    expect(first.steepest!.lr).toBeGreaterThan(1e-7);
    expect(first.steepest!.lr).toBeLessThan(first.lowest!.lr);
  });
});
