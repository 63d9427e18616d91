import { describe, expect, it } from 'vitest';
import { createLoss } from '../../../src/engine/losses';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { TrainingRun } from '../../../src/engine/train/run';
import { EPOCH_CAPACITY, RECENT_EPOCHS } from '../../../src/engine/train/telemetry';
import { classifierConfig, dense, regressionOf, sectors, weightBytes } from './fixtures';

const train = sectors(160, 3);
const validation = sectors(64, 4);

describe('TrainingRun', () => {
  it('learns, recording every step and every epoch with per-layer statistics', () => {
    const run = new TrainingRun(classifierConfig({ epochs: 8 }), { train, validation });
    const result = run.run();
    expect(result.status).toBe('completed');
    // 160 samples in batches of 16: 10 steps per epoch
    expect(result.steps).toBe(80);
    expect(result.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.epochs[8].step).toBe(80);
    expect(result.finalMetrics.accuracy).toBeGreaterThan(0.85);
    expect(result.epochs[8].validationLoss!).toBeLessThan(result.epochs[0].validationLoss! / 2);
    expect(run.telemetry.loss.length).toBe(80);
    const layer = result.epochs[8].layers[0];
    expect(layer).toMatchObject({ layer: '0', kind: 'dense', activation: 'relu', initializer: 'he_normal', units: 16 });
    expect(layer.deadFraction).toBeGreaterThanOrEqual(0);
    expect(layer.negativeSlope).toBe(0);
    expect(layer.gradientNorm).toBeGreaterThan(0);
    expect(result.epochs[8].layers[2].deadFraction).toBeNull();
  });

  it('measures each dense layer\'s update-to-weight ratio and its distance from the start', () => {
    // One full batch per epoch: the one step of epoch 1 is the sampled one, so
    // updateRatio = distanceFromStart = ‖W₁ − W₀‖ / ‖W₀‖ for each dense kernel.
    const run = new TrainingRun(classifierConfig({ epochs: 2, batchSize: 160 }), { train });
    const kernels = () => run.model.stateDict().filter((t) => t.name.endsWith('.weight')).map((t) => Float64Array.from(t.value));
    const relative = (a: Float64Array, b: Float64Array) => Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0) / b.reduce((sum, x) => sum + x * x, 0));
    const start = kernels();
    expect(run.telemetry.epochs[0].layers.map((l) => l.updateRatio).every(Number.isNaN)).toBe(true);
    run.run({ signal: { get aborted() { return run.telemetry.epochs.length > 1; } } });
    const afterOne = kernels();
    const [epoch1] = run.telemetry.epochs.slice(1);
    const dense = epoch1.layers.filter((l) => l.kind === 'dense');
    dense.forEach((layer, i) => {
      const expected = relative(afterOne[i], start[i]);
      expect(expected).toBeGreaterThan(0);
      expect(layer.updateRatio).toBeCloseTo(expected, 6);
      expect(layer.distanceFromStart).toBeCloseTo(expected, 6);
    });
    run.run();
    const [, epoch2] = run.telemetry.epochs.slice(1);
    // After two steps the distance is that of W₂ from W₀, the ratio that of the second step alone.
    const afterTwo = kernels();
    epoch2.layers.filter((l) => l.kind === 'dense').forEach((layer, i) => {
      expect(layer.distanceFromStart).toBeCloseTo(relative(afterTwo[i], start[i]), 6);
      expect(layer.updateRatio).toBeCloseTo(relative(afterTwo[i], afterOne[i]), 6);
    });
  });

  it('replays bit-identically with the same seed and differs with another', () => {
    const trainOnce = (seed: number) => {
      const run = new TrainingRun(classifierConfig({ seed, epochs: 2 }), { train });
      const result = run.run();
      return { weights: weightBytes(run.model.stateDict()), losses: result.epochs.map((e) => e.trainLoss) };
    };
    const first = trainOnce(5);
    expect(trainOnce(5)).toEqual(first);
    expect(trainOnce(6).weights).not.toEqual(first.weights);
  });

  it('stops within one step of a cancellation and continues to the same weights as an uninterrupted run', () => {
    const uninterrupted = new TrainingRun(classifierConfig({ epochs: 3 }), { train });
    uninterrupted.run();
    const run = new TrainingRun(classifierConfig({ epochs: 3 }), { train });
    const signal = { aborted: false };
    const result = run.run({
      signal,
      progressIntervalMs: 0,
      onProgress: (progress) => {
        if (progress.step === 13) signal.aborted = true;
      },
    });
    expect(result.status).toBe('cancelled');
    expect(result.steps).toBe(13);
    signal.aborted = false;
    expect(run.run({ signal }).status).toBe('completed');
    expect(weightBytes(run.model.stateDict())).toEqual(weightBytes(uninterrupted.model.stateDict()));
  });

  it('resumes from a saved state in a new run, bit-identically', () => {
    const uninterrupted = new TrainingRun(classifierConfig({ epochs: 3 }), { train, validation });
    const expected = uninterrupted.run();
    const first = new TrainingRun(classifierConfig({ epochs: 3 }), { train, validation });
    const signal = { aborted: false };
    first.run({ signal, progressIntervalMs: 0, onProgress: (p) => (signal.aborted = p.step === 17) });
    const resumed = TrainingRun.restore(classifierConfig({ epochs: 3 }), { train, validation }, first.getState());
    const result = resumed.run();
    expect(weightBytes(resumed.model.stateDict())).toEqual(weightBytes(uninterrupted.model.stateDict()));
    expect(result.epochs.map((e) => e.trainLoss)).toEqual(expected.epochs.map((e) => e.trainLoss));
  });

  it('stops early when the monitored loss stops improving', () => {
    const config = classifierConfig({ epochs: 30, earlyStopping: { patience: 2, minDelta: 10 } });
    const result = new TrainingRun(config, { train, validation }).run();
    // epoch 1 improves on ∞; epochs 2 and 3 do not beat it by 10 → stop after epoch 3
    expect(result.status).toBe('stopped-early');
    expect(result.epochs.length - 1).toBe(3);
  });

  it('restores the best weights when asked', () => {
    const config = classifierConfig({ epochs: 30, earlyStopping: { patience: 2, minDelta: 10, restoreBestWeights: true } });
    const run = new TrainingRun(config, { train, validation });
    const result = run.run();
    const afterFirstEpoch = new TrainingRun(classifierConfig({ epochs: 1 }), { train, validation });
    afterFirstEpoch.run();
    expect(result.status).toBe('stopped-early');
    expect(weightBytes(run.model.stateDict())).toEqual(weightBytes(afterFirstEpoch.model.stateDict()));
  });

  it('stops at the step where the loss goes non-finite and keeps the last good weights', () => {
    const config = classifierConfig({
      layers: [dense(8, 'linear'), dense(1, 'linear')],
      loss: createLoss('mse'),
      createOptimizer: (params) => createOptimizer('sgd', params, { lr: 50 }),
      metrics: [],
      epochs: 20,
    });
    const run = new TrainingRun(config, { train: regressionOf(train) });
    const result = run.run();
    expect(result.status).toBe('diverged');
    expect(result.divergence!.step).toBe(result.steps + 1);
    expect(['loss', 'gradients', 'weights']).toContain(result.divergence!.quantity);
    expect(run.model.stateDict().every((t) => t.value.every(Number.isFinite))).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toContain('divergence');
  });

  it('ends at a step budget mid-epoch with a record for the partial epoch', () => {
    const result = new TrainingRun(classifierConfig({ epochs: undefined, steps: 15 }), { train }).run();
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(15);
    expect(result.epochs.map((e) => e.step)).toEqual([0, 10, 15]);
  });

  it('sends progress at a bounded rate and after every epoch', () => {
    let clock = 0;
    const events: number[] = [];
    new TrainingRun(classifierConfig({ epochs: 2 }), { train }).run({
      progressIntervalMs: 50,
      now: () => (clock += 10), // every call to the clock advances 10 ms
      onProgress: (p) => events.push(p.step),
    });
    expect(events.length).toBeGreaterThan(2);
    expect(events.length).toBeLessThan(20);
    expect(events).toContain(10);
    expect(events).toContain(20);
  });

  it('trains batch norm when the epoch would leave a one-sample batch', () => {
    // 161 samples in batches of 16 leave 1: batch norm cannot use it, so it is skipped
    const data = sectors(161, 8);
    const config = classifierConfig({ epochs: 2, layers: [dense(8, 'relu'), { kind: 'batchnorm' }, dense(3, 'softmax', 'glorot_uniform')] });
    const result = new TrainingRun(config, { train: data }).run();
    expect(result.status).toBe('completed');
    expect(result.steps).toBe(20);
  });

  it('keeps its per-step series within a fixed number of buckets however long it runs', () => {
    const tiny = sectors(40, 2);
    const run = new TrainingRun(classifierConfig({ epochs: undefined, steps: 30_000, batchSize: 4, layers: [dense(4, 'tanh'), dense(3, 'softmax', 'glorot_uniform')] }), { train: tiny });
    run.run();
    expect(run.telemetry.loss.length).toBe(30_000);
    expect(run.telemetry.loss.bucketCount).toBeLessThanOrEqual(1024);
    expect(run.telemetry.loss.latest()).toEqual({ x: 30_000, y: run.telemetry.recentSteps().at(-1)!.loss });
    expect(run.telemetry.recentSteps()).toHaveLength(200);
  });

  it('keeps its epoch records bounded over thousands of tiny epochs: epochs 0 and 1, an evenly spaced history, the latest in a row', () => {
    const tiny = sectors(8, 2);
    const run = new TrainingRun(classifierConfig({ epochs: 3000, batchSize: 8, layers: [dense(4, 'tanh'), dense(3, 'softmax', 'glorot_uniform')] }), { train: tiny });
    run.run();
    const epochs = run.telemetry.epochs.map((e) => e.epoch);
    expect(epochs.length).toBeLessThanOrEqual(EPOCH_CAPACITY);
    expect(epochs.slice(0, 2)).toEqual([0, 1]);
    expect(epochs.slice(-RECENT_EPOCHS)).toEqual(Array.from({ length: RECENT_EPOCHS }, (_, i) => 3000 - RECENT_EPOCHS + 1 + i));
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    // Between epoch 1 and the latest run, one stride: the kept history covers the whole run evenly.
    const history = epochs.slice(2, -RECENT_EPOCHS);
    const gaps = new Set(history.slice(1).map((epoch, i) => epoch - history[i]));
    expect(gaps.size).toBe(1);
    const [stride] = gaps;
    expect(history[0]).toBe(stride);
    expect(3000 - RECENT_EPOCHS - history.at(-1)!).toBeLessThan(stride);
  });

  it('names what is wrong with a run setting', () => {
    expect(() => new TrainingRun(classifierConfig({ epochs: undefined }), { train })).toThrow('train: give epochs or steps');
    expect(() => new TrainingRun(classifierConfig({ epochs: 0 }), { train })).toThrow('train: epochs must be a whole number ≥ 1, got 0');
    expect(() => new TrainingRun(classifierConfig({ batchSize: 0 }), { train })).toThrow('train: batch must be a whole number ≥ 1, got 0');
  });
});
