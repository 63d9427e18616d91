import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createDataset, type Dataset } from '../../../src/engine/data/dataset';
import type { DiagnosticCode } from '../../../src/engine/diagnostics';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import type { LayerConfig } from '../../../src/engine/model';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import type { RunConfig } from '../../../src/engine/train/config';
import { TrainingRun, type RunData } from '../../../src/engine/train/run';
import { classifierConfig, dense, regressionOf, sectors } from './fixtures';

/**
 * Each diagnostic on a real run crafted to cause it, and a healthy run that
 * raises none. The figures in the comments are what these seeds produce.
 */
const train = sectors(160, 3);
const validation = sectors(64, 4);

function layer(units: number, activation: string, init: string, initOptions = {}, bias?: { init: string; options: Record<string, number> }): LayerConfig {
  return {
    kind: 'dense',
    units,
    activation: createActivation(activation),
    kernelInitializer: createInitializer(init, initOptions),
    ...(bias ? { biasInitializer: createInitializer(bias.init, bias.options) } : {}),
  };
}

/** The same inputs with arbitrary labels: nothing to learn, everything to memorise. */
function withLabels(data: Dataset, label: (i: number) => number): Dataset {
  return createDataset({ name: 'arbitrary', x: data.x, y: Float32Array.from({ length: data.count }, (_, i) => label(i)), task: 'classification', features: data.features, classes: data.classes });
}

function diagnosticsOf(config: RunConfig, data: RunData = { train, validation }) {
  return new TrainingRun(config, data).run().diagnostics;
}

const cases: [DiagnosticCode, string, () => RunConfig, RunData?][] = [
  ['symmetry', '0', () => classifierConfig({ layers: [dense(8, 'tanh', 'ones'), dense(8, 'tanh', 'ones'), dense(3, 'softmax', 'ones')] })],
  [
    'vanishing-gradients',
    '0',
    // sigmoid layers with N(0, 0.01²) weights: each layer scales the gradient by about 0.018
    () => classifierConfig({ epochs: 2, layers: [...Array.from({ length: 10 }, () => dense(32, 'sigmoid', 'small_random')), dense(3, 'softmax', 'glorot_uniform')] }),
  ],
  [
    'exploding-gradients',
    '0',
    // tanh with σ_w·√n ≈ 17: the chaotic phase, gradients grow ×2.25 per layer going back (4800 at the input, 1.4 at the output)
    () => classifierConfig({ epochs: 1, layers: [...Array.from({ length: 10 }, () => layer(32, 'tanh', 'random_normal', { stddev: 3 })), dense(3, 'softmax', 'glorot_uniform')] }, 'sgd', 1e-6),
  ],
  [
    'dying-relu',
    '1',
    // a bias of −10 keeps every z of layer 1 negative
    () => classifierConfig({ epochs: 3, layers: [dense(16, 'relu'), layer(16, 'relu', 'he_normal', {}, { init: 'constant', options: { value: -10 } }), dense(3, 'softmax', 'glorot_uniform')] }),
  ],
  ['saturation', '0', () => classifierConfig({ epochs: 3, layers: [layer(16, 'tanh', 'random_normal', { stddev: 5 }), dense(3, 'softmax', 'glorot_uniform')] })],
  // τ = 0.001 against gradient norms near 0.5: every step is clipped
  ['frequent-clipping', '', () => classifierConfig({ epochs: 8 }, 'adam', 0.01, { method: 'norm', options: { max_norm: 0.001 } })],
  [
    'divergence',
    '',
    () => classifierConfig({ layers: [dense(8, 'linear'), dense(1, 'linear')], loss: createLoss('mse'), createOptimizer: (p) => createOptimizer('sgd', p, { lr: 50 }), metrics: [], epochs: 20 }),
    { train: regressionOf(train) },
  ],
  // plain SGD at η = 3: the loss of epoch 1 is several times the loss at initialization
  ['lr-too-high', '', () => classifierConfig({ epochs: 5 }, 'sgd', 3)],
  ['plateau', '', () => classifierConfig({ epochs: 8 }, 'sgd', 1e-7)],
  ['init-mismatch', '0', () => classifierConfig({ epochs: 2, layers: [dense(16, 'relu', 'glorot_uniform'), dense(3, 'softmax', 'glorot_uniform')] })],
  [
    'overfitting',
    '',
    // 16 samples with arbitrary labels memorised by a wide net: validation loss climbs while training loss falls
    () => classifierConfig({ epochs: 150, batchSize: 8, layers: [dense(64, 'relu'), dense(64, 'relu'), dense(3, 'softmax', 'glorot_uniform')] }),
    { train: withLabels(sectors(16, 5), (i) => i % 3), validation },
  ],
];

describe('diagnostics on real runs', () => {
  it.each(cases)('%s is raised by a run crafted for it', (code, layerName, config, data) => {
    const found = diagnosticsOf(config(), data).filter((d) => d.code === code);
    expect(found.length, `no ${code} diagnostic`).toBeGreaterThan(0);
    if (layerName) expect(found.map((d) => d.layer)).toContain(layerName);
    for (const diagnostic of found) {
      expect(diagnostic.message).toMatch(/\d/);
      expect(diagnostic.fix.length).toBeGreaterThan(10);
    }
  });

  it('a healthy run raises none', () => {
    expect(diagnosticsOf(classifierConfig({ epochs: 8 }))).toEqual([]);
  });
});
