import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { createDataset } from '../../../src/engine/data/dataset';
import { Rng } from '../../../src/engine/rng';
import { compareRuns, inspectInitialization } from '../../../src/engine/train/experiments';
import { classifierConfig, dense, sectors } from './fixtures';

const train = sectors(160, 3);

/** Ten dense layers of 64 units on 64 standard-normal inputs. */
function deepNet(init: string, activation: string) {
  const rng = new Rng(9);
  const data = createDataset({ name: 'noise', x: new Float32Array(128 * 64).map(() => rng.normal()), y: new Float32Array(128).map(() => rng.int(3)), task: 'classification', features: 64, classes: ['0', '1', '2'] });
  const layers = [...Array.from({ length: 10 }, () => ({ kind: 'dense' as const, units: 64, activation: createActivation(activation), kernelInitializer: createInitializer(init) })), dense(3, 'softmax', 'glorot_uniform')];
  return inspectInitialization(classifierConfig({ layers, batchSize: 128 }), { train: data });
}

describe('inspect init', () => {
  it('He keeps ReLU activations at a steady variance through ten layers', () => {
    const layers = deepNet('he_normal', 'relu').slice(0, 10);
    // z = xWᵀ with Var(W) = 2/64 keeps Var(z) near the input's 1·… through the stack
    const first = layers[0].preactivationVariance;
    const last = layers[9].preactivationVariance;
    expect(last / first).toBeGreaterThan(0.25);
    expect(last / first).toBeLessThan(4);
  });

  it('small random init shrinks the signal geometrically, and the gradients with it', () => {
    const layers = deepNet('small_random', 'relu').slice(0, 10);
    // each layer multiplies Var(z) by about 64·(0.01)²/2 = 0.0032
    const ratio = layers[9].preactivationVariance / layers[0].preactivationVariance;
    expect(ratio).toBeLessThan(1e-15);
    expect(layers[0].gradientNorm).toBeLessThan(layers[9].gradientNorm * 1e-6);
  });

  it('tanh with He init saturates more units than with Glorot', () => {
    const he = deepNet('he_normal', 'tanh');
    const glorot = deepNet('glorot_uniform', 'tanh');
    expect(he[5].saturatedFraction!).toBeGreaterThan(glorot[5].saturatedFraction!);
  });
});

describe('compare', () => {
  it('runs one variant per setting with the same seed, side by side', () => {
    const variants = ['sgd', 'adam'].map((name) => ({
      label: name,
      config: classifierConfig({ epochs: 3, createOptimizer: (params) => createOptimizer(name, params, { lr: 0.01 }) }),
    }));
    const results = compareRuns(variants, { train });
    expect(results.map((r) => r.label)).toEqual(['sgd', 'adam']);
    expect(results.every((r) => r.result.status === 'completed')).toBe(true);
    // same seed ⇒ same initial weights ⇒ the same loss at epoch 0
    expect(results[0].result.epochs[0].trainLoss).toBe(results[1].result.epochs[0].trainLoss);
    expect(results[1].result.epochs[3].trainLoss).toBeLessThan(results[0].result.epochs[3].trainLoss);
  });

  it('stops at a cancellation and returns the variants run so far', () => {
    const signal = { aborted: false };
    const variants = ['zeros', 'he_normal', 'glorot_uniform'].map((init) => ({
      label: init,
      config: classifierConfig({ epochs: 2, layers: [dense(8, 'relu', init), dense(3, 'softmax', init)] }),
    }));
    const results = compareRuns(variants, { train }, { signal, progressIntervalMs: 0, onProgress: (p) => (signal.aborted = p.variantIndex === 1 && p.step === 3) });
    expect(results.map((r) => [r.label, r.result.status])).toEqual([
      ['zeros', 'completed'],
      ['he_normal', 'cancelled'],
    ]);
  });
});
