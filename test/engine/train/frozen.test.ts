import { describe, expect, it } from 'vitest';
import { layerConfig, layers, trainableParameters, type LayerConfig } from '../../../src/engine/layers';
import { createClipper } from '../../../src/engine/optim/clipping';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { TrainingRun } from '../../../src/engine/train/run';
import { classifierConfig, dense, sectors, weightBytes } from './fixtures';

/**
 * `trainable=false`: a frozen layer's tensors leave training bit for bit as
 * they came, the optimizer holds nothing for them, and the gradient norm that
 * clipping and the charts see counts only the trainable gradients.
 */

const train = sectors(96, 3);
const frozen = (config: LayerConfig): LayerConfig => ({ ...config, trainable: false });

/** dense 16 relu and batchnorm frozen, then a trainable hidden layer and head; AdamW with decay and clipping at a τ every step exceeds. */
function frozenBodyRun(steps = 12, clip = true) {
  const configs = [frozen(dense(16, 'relu')), frozen({ kind: 'batchnorm' }), dense(16, 'relu'), dense(3, 'softmax', 'glorot_uniform')];
  return new TrainingRun(
    classifierConfig({
      layers: configs,
      createOptimizer: (params) => createOptimizer('adamw', trainableParameters(params, configs), { lr: 0.01, weight_decay: 0.1 }),
      ...(clip ? { createClipper: () => createClipper('norm', { max_norm: 0.01 }) } : {}),
      steps,
      epochs: undefined,
    }),
    { train },
  );
}

const layerTensors = (run: TrainingRun, layer: string) => run.model.stateDict().filter((tensor) => tensor.name.startsWith(`${layer}.`));

describe('frozen layers', () => {
  it('leave training with their weights and batch-norm statistics unchanged bit for bit', () => {
    const run = frozenBodyRun();
    const before = [0, 1, 2].map((layer) => weightBytes(layerTensors(run, String(layer))));
    expect(run.run().status).toBe('completed');
    expect(weightBytes(layerTensors(run, '0'))).toEqual(before[0]);
    // 1.weight, 1.bias, 1.running_mean, 1.running_var: the frozen batch norm ran as in evaluation.
    expect(layerTensors(run, '1').map((tensor) => tensor.name)).toEqual(['1.weight', '1.bias', '1.running_mean', '1.running_var']);
    expect(weightBytes(layerTensors(run, '1'))).toEqual(before[1]);
    expect(weightBytes(layerTensors(run, '2'))).not.toEqual(before[2]);
  });

  it('have no optimizer state: the optimizer is built over the trainable parameters only', () => {
    const run = frozenBodyRun();
    run.run();
    expect(run.optimizer.params.map((p) => p.name)).toEqual(['2.weight', '2.bias', '3.weight', '3.bias']);
    for (const slot of Object.values(run.optimizer.getState().slots)) expect(Object.keys(slot)).toEqual(['2.weight', '2.bias', '3.weight', '3.bias']);
  });

  it('below the first trained layer get no gradient computed at all', () => {
    const run = frozenBodyRun(1, false);
    run.run();
    const written = run.model.parameters().filter((p) => p.grad.some((g) => g !== 0)).map((p) => p.name);
    expect(written).toEqual(['2.weight', '2.bias', '3.weight', '3.bias']);
    // Their gradient norm is then not measured, like their update ratio.
    expect(run.telemetry.epochs.at(-1)!.layers.map((layer) => Number.isNaN(layer.gradientNorm))).toEqual([true, true, false, false]);
  });

  it('are left out of the global gradient norm that clipping measures', () => {
    // A frozen layer between trained ones: backward writes its gradient on the way to layer 0,
    // but the norm recorded is √Σg² over layers 0 and 2 only.
    const configs = [dense(16, 'relu'), frozen(dense(16, 'relu')), dense(3, 'softmax', 'glorot_uniform')];
    const middleFrozenRun = (clip: boolean) => {
      const run = new TrainingRun(
        classifierConfig({
          layers: configs,
          createOptimizer: (params) => createOptimizer('adamw', trainableParameters(params, configs), { lr: 0.01, weight_decay: 0.1 }),
          ...(clip ? { createClipper: () => createClipper('norm', { max_norm: 0.01 }) } : {}),
          steps: 1,
          epochs: undefined,
        }),
        { train },
      );
      run.run();
      return run;
    };
    const squares = (run: TrainingRun, names: string[]) => run.model.parameters().filter((p) => names.includes(p.layer)).reduce((sum, p) => sum + p.grad.reduce((s, g) => s + g * g, 0), 0);
    const unclipped = middleFrozenRun(false);
    expect(squares(unclipped, ['1'])).toBeGreaterThan(0);
    const recorded = unclipped.telemetry.gradNormBefore.latest()!.y;
    expect(recorded).toBeCloseTo(Math.sqrt(squares(unclipped, ['0', '2'])), 6);
    expect(recorded).toBeLessThan(Math.sqrt(squares(unclipped, ['0', '1', '2'])) * 0.999);
    // Clipped to τ = 0.01: the trainable gradients are scaled by τ/‖g_trainable‖, so their norm is τ;
    // a norm that counted the frozen ones would have left them below τ.
    const clipped = middleFrozenRun(true);
    expect(clipped.telemetry.gradNormBefore.latest()!.y).toBeCloseTo(recorded, 6);
    expect(Math.sqrt(squares(clipped, ['0', '2']))).toBeCloseTo(0.01, 6);
  });

  it('is an option of every layer, through the one registry', () => {
    for (const entry of layers.entries()) expect(entry.params.describe().at(-1)).toMatchObject({ name: 'trainable', kind: 'boolean', default: true });
    const config = layerConfig({ kind: 'dense', options: { units: 4, trainable: false }, concepts: {} });
    expect(config).toMatchObject({ kind: 'dense', units: 4, trainable: false });
    expect(layerConfig({ kind: 'flatten', options: {}, concepts: {} })).toMatchObject({ trainable: true });
    expect(() => layerConfig({ kind: 'dense', options: { units: 4, trainable: 3 }, concepts: {} })).toThrow(/trainable/);
  });
});
