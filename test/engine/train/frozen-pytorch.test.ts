import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDataset } from '../../../src/engine/data/dataset';
import { trainableParameters, type LayerConfig } from '../../../src/engine/layers';
import { createLoss } from '../../../src/engine/losses';
import { createClipper } from '../../../src/engine/optim/clipping';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { TrainingRun } from '../../../src/engine/train/run';
import { dense } from './fixtures';

/**
 * A frozen body trains as in PyTorch with requires_grad_(False): the
 * fixture (scripts/pytorch-frozen-fixture.py) freezes a Linear and a
 * BatchNorm1d in eval(), builds AdamW and clip_grad_norm_ over the
 * parameters that still require grad, and records every step's loss and
 * gradient norm and the tensors at the end. The same run here must give the
 * same numbers to float32 rounding, and the frozen tensors bit for bit.
 */

interface Tensor {
  readonly shape: number[];
  readonly values: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'pytorch', 'frozen.json'), 'utf8')) as {
  x: number[];
  y: number[];
  start: Record<string, Tensor>;
  losses: number[];
  gradNorms: number[];
  end: Record<string, Tensor>;
};

const frozen = (config: LayerConfig): LayerConfig => ({ ...config, trainable: false });
const layers = [frozen(dense(6, 'tanh')), frozen({ kind: 'batchnorm' }), dense(5, 'relu'), dense(3, 'softmax')];

function fixtureRun(configs: readonly LayerConfig[]) {
  const train = createDataset({ name: 'fixture', x: Float32Array.from(fixture.x), y: Float32Array.from(fixture.y), task: 'classification', features: 4, classes: ['0', '1', '2'] });
  const weights = Object.entries(fixture.start).map(([name, tensor]) => ({ name, shape: tensor.shape, value: Float32Array.from(tensor.values) }));
  const run = new TrainingRun(
    {
      layers: configs,
      loss: createLoss('sparse_categorical_crossentropy'),
      createOptimizer: (params) => createOptimizer('adamw', trainableParameters(params, configs), { lr: 0.01, weight_decay: 0.1 }),
      createClipper: () => createClipper('norm', { max_norm: 0.2 }),
      steps: fixture.losses.length,
      batchSize: 16,
      seed: 1,
      startFrom: { weights },
    },
    { train },
  );
  run.run();
  return run;
}

describe('frozen layers against PyTorch with requires_grad_(False)', () => {
  it('give the same loss and gradient norm at every step, and the same tensors at the end', () => {
    const run = fixtureRun(layers);
    const points = run.telemetry.loss.points();
    expect(points.map((p) => p.count)).toEqual(fixture.losses.map(() => 1));
    points.forEach((point, step) => expect(point.mean, `loss at step ${step + 1}`).toBeCloseTo(fixture.losses[step], 5));
    run.telemetry.gradNormBefore.points().forEach((point, step) => expect(point.mean, `‖g‖ at step ${step + 1}`).toBeCloseTo(fixture.gradNorms[step], 5));
    for (const tensor of run.model.stateDict()) {
      const expected = fixture.end[tensor.name];
      expect(tensor.shape, tensor.name).toEqual(expected.shape);
      const frozenLayer = tensor.name.startsWith('0.') || tensor.name.startsWith('1.');
      // Frozen: the very float32 values PyTorch started and ended with; trained: equal to rounding.
      if (frozenLayer) expect([...tensor.value], tensor.name).toEqual([...Float32Array.from(fixture.start[tensor.name].values)]);
      else [...tensor.value].forEach((value, i) => expect(value, `${tensor.name}[${i}]`).toBeCloseTo(expected.values[i], 5));
    }
  });

  it('differ from it when nothing is frozen, so the match above is the freezing’s', () => {
    const run = fixtureRun(layers.map(({ trainable: _trainable, ...config }) => config as LayerConfig));
    const last = run.telemetry.loss.points().at(-1)!.mean;
    expect(Math.abs(last - fixture.losses.at(-1)!)).toBeGreaterThan(1e-3);
  });
});
