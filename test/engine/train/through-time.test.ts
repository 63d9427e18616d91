import { describe, expect, it } from 'vitest';
import { makeAdding } from '../../../src/engine/data/sequences';
import { createInitializer } from '../../../src/engine/initializers';
import type { Recurrent } from '../../../src/engine/layers/recurrent';
import { createLoss } from '../../../src/engine/losses';
import type { LayerConfig } from '../../../src/engine/model';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import type { RunConfig } from '../../../src/engine/train/config';
import { TrainingRun } from '../../../src/engine/train/run';
import { THROUGH_TIME_POINTS, throughTimeRatio } from '../../../src/protocol/through-time';
import { classifierConfig, sectors } from './fixtures';

/**
 * The gradient norm through time as a run records it, and the two
 * through-time diagnostics on real runs of the adding problem (T = 50,
 * the loss on the last step only). Figures in comments are these seeds'.
 */

function recurrent(kind: 'rnn' | 'lstm' | 'gru', recurrentInit?: [string, Record<string, number>], extra: Partial<LayerConfig> = {}): LayerConfig {
  return {
    kind,
    units: 32,
    ...(recurrentInit ? { recurrentInitializer: createInitializer(recurrentInit[0], recurrentInit[1]) } : {}),
    ...extra,
  } as LayerConfig;
}

function addingConfig(layer: LayerConfig, overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    layers: [layer, { kind: 'dense', units: 1 } as LayerConfig],
    loss: createLoss('mse'),
    createOptimizer: (params) => createOptimizer('adam', params, { lr: 1e-3 }),
    epochs: 3,
    batchSize: 32,
    seed: 1,
    ...overrides,
  };
}

const adding = (length: number, n = 1000) => ({ train: makeAdding({ length, n }) });

describe('gradient norm through time in the epoch records', () => {
  it('is absent for a model without a recurrent layer', () => {
    const result = new TrainingRun(classifierConfig({ epochs: 1 }), { train: sectors(64, 1) }).run();
    expect(result.epochs.every((epoch) => epoch.throughTime === undefined)).toBe(true);
  });

  it('at epoch 0 is the one measured batch, and each epoch the mean over its steps', () => {
    const run = new TrainingRun(addingConfig(recurrent('rnn'), { epochs: 1 }), adding(12, 64));
    const layer = run.model.layers[0] as Recurrent;
    const [initial] = run.telemetry.epochs;
    expect(initial.throughTime).toEqual([{ layer: '0', kind: 'rnn', steps: 12, norms: Array.from(layer.timestepGradientNorms) }]);
    // Two steps of 32 samples: the mean of the norms each backward leaves.
    const seen: number[][] = [];
    const original = layer.backward.bind(layer);
    layer.backward = (gradOutput, batch) => {
      const gradInput = original(gradOutput, batch);
      seen.push(Array.from(layer.timestepGradientNorms));
      return gradInput;
    };
    const epoch = run.run().epochs[1];
    expect(seen).toHaveLength(2);
    epoch.throughTime![0].norms.forEach((norm, t) => expect(norm).toBeCloseTo((seen[0][t] + seen[1][t]) / 2, 12));
  });

  it('thins a long sequence to runs of averaged timesteps and keeps the truncation length', () => {
    const run = new TrainingRun(addingConfig(recurrent('gru', undefined, { bptt: 40 } as Partial<LayerConfig>), { epochs: 1 }), adding(130, 32));
    const layer = run.model.layers[0] as Recurrent;
    const [profile] = run.telemetry.epochs[0].throughTime!;
    expect(profile).toMatchObject({ steps: 130, bptt: 40 });
    expect(profile.norms).toHaveLength(THROUGH_TIME_POINTS);
    // Point 0 averages timesteps 0 and 1 (⌊130/64⌋ = 2), point 1 timesteps 2 and 3 (⌊2·130/64⌋ = 4).
    const norms = layer.timestepGradientNorms;
    expect(profile.norms[0]).toBeCloseTo((norms[0] + norms[1]) / 2, 12);
    expect(profile.norms[1]).toBeCloseTo((norms[2] + norms[3]) / 2, 12);
    // The gradient from the end flows back to 0-based timestep 120 = 3·40; the first point wholly inside that
    // window is point 60, timesteps ⌊60·130/64⌋ = 121 and 122 (0-based), so the ratio starts at timestep 122.
    expect(throughTimeRatio(profile)).toMatchObject({ from: 122, to: 130 });
  });
});

describe('through-time diagnostics on the adding problem, T = 50', () => {
  const codesOf = (layer: LayerConfig) =>
    new TrainingRun(addingConfig(layer), adding(50)).run().diagnostics.filter((d) => d.code.endsWith('-through-time'));

  it('flag exploding for a tanh rnn with W_hh ~ N(0, 1)', () => {
    // σ√H ≈ 5.7: r ≈ 9e9 at initialization, 8e10 after 3 epochs (×1.67 per step).
    const found = codesOf(recurrent('rnn', ['random_normal', { stddev: 1 }]));
    expect(found.map((d) => d.code)).toEqual(['exploding-through-time']);
    expect(found[0]).toMatchObject({ layer: '0', fixConcept: 'norm' });
    expect(found[0].measured).toBeGreaterThan(1e9);
  });

  it('flag vanishing for a tanh rnn with a tiny W_hh', () => {
    // N(0, 0.01²): r = 0 at initialization (float32 underflow), about 1e-26 after training.
    const found = codesOf(recurrent('rnn', ['small_random', {}]));
    expect(found.map((d) => d.code)).toEqual(['vanishing-through-time']);
    expect(found[0]).toMatchObject({ layer: '0', fixConcept: 'lstm', measured: 0, epoch: 0 });
  });

  it('flag neither for an lstm with its defaults', () => {
    // r ≈ 7e-3 at initialization, 3e-4 after 3 epochs.
    expect(codesOf(recurrent('lstm'))).toEqual([]);
  });

});
