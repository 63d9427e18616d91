import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { createActivation } from '../../../src/engine/activations';
import type { Dataset } from '../../../src/engine/data/dataset';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import { outputVariance } from '../../../src/engine/lsuv';
import type { LayerConfig, Sequential } from '../../../src/engine/model';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { Rng } from '../../../src/engine/rng';
import { initialModel } from '../../../src/engine/train/initialization';
import { sectors } from '../train/fixtures';

/** A 20-layer stack of 32 units and a softmax output, every layer drawn by `init` with its options. */
function deepStack(activation: string, init: string, options: Record<string, string | number>): LayerConfig[] {
  const layer = (units: number, act: string): LayerConfig => ({ kind: 'dense', units, activation: createActivation(act), kernelInitializer: createInitializer(init, options) });
  return [...Array.from({ length: 20 }, () => layer(32, activation)), layer(3, 'softmax')];
}

function build(layers: LayerConfig[], data: Dataset, seed: number, optimizer = 'sgd', lr = 0.02, signal?: { readonly aborted: boolean }) {
  return initialModel({ layers, loss: createLoss('sparse_categorical_crossentropy'), batchSize: 32, createOptimizer: (p) => createOptimizer(optimizer, p, { lr }), signal }, data, new Rng(seed));
}

/** A stop signal that reads as aborted from its `after + 1`-th read on. */
function stopAfterReads(after: number): { readonly aborted: boolean } {
  let reads = 0;
  return {
    get aborted() {
      reads += 1;
      return reads > after;
    },
  };
}

/** Var(z) of each hidden layer on 256 training rows, in evaluation mode. */
function hiddenVariances(model: Sequential, data: Dataset): number[] {
  model.forward(data.x.subarray(0, 256 * data.features), 256, { training: false, rng: new Rng(1) });
  return model.activatedLayers.slice(0, -1).map(outputVariance);
}

const data = sectors(512, 3);

describe('GradInit', () => {
  it('pulls an exploding ReLU stack (He ×2) back to unit-order variance through the gradient-norm bound', () => {
    const before = hiddenVariances(build(deepStack('relu', 'he_normal', { gain: 2 }), data, 1).model, data);
    const { model, tuning } = build(deepStack('relu', 'gradinit', { base: 'he_normal', base_gain: 2, steps: 200, lr: 0.05 }), data, 1);
    const after = hiddenVariances(model, data);
    // He ×2 multiplies Var(z) by about 4 per layer: 4.5 in layer 0, 2.6·10¹¹ in layer 19.
    expect(Math.max(...before)).toBeGreaterThan(1e10);
    // Measured: 1.2 to 16, every scale ≈ 0.556 (so the weights sit near 1.1× He), ‖g‖ > γ on all 200 steps.
    for (const variance of after) {
      expect(variance).toBeGreaterThan(0.5);
      expect(variance).toBeLessThan(30);
    }
    expect(tuning!.method).toBe('gradinit');
    expect(tuning!.scales).toHaveLength(21);
    for (const { scale, base } of tuning!.scales) {
      expect(scale).toBeGreaterThan(0.45);
      expect(scale).toBeLessThan(0.65);
      expect(base).toBe('he_normal');
    }
  }, 60000);

  it('lowers the gradient norm while it is above γ', () => {
    const { tuning } = build(deepStack('relu', 'gradinit', { base: 'he_normal', base_gain: 2, steps: 60, lr: 0.05 }), data, 2);
    expect(tuning!.constrained!.every(Boolean)).toBe(true);
    // The loss after a step from an exploding network is large; lowering ‖g‖ brings it down.
    const objective = tuning!.objective.filter(Number.isFinite);
    expect(objective.at(-1)!).toBeLessThan(objective[0]);
  }, 60000);
});

describe('MetaInit', () => {
  it('lifts a vanishing tanh stack (Glorot ×0.3) toward unit variance and lowers the gradient quotient', () => {
    const before = hiddenVariances(build(deepStack('tanh', 'glorot_normal', { gain: 0.3 }), data, 1).model, data);
    const { model, tuning } = build(deepStack('tanh', 'metainit', { base: 'glorot_normal', base_gain: 0.3 }), data, 1);
    const after = hiddenVariances(model, data);
    // Before: Var(z) falls about tenfold per layer, 6·10⁻³ in layer 0 to 3·10⁻²³ in layer 19.
    expect(Math.max(...before.slice(1))).toBeLessThan(1e-3);
    // After (measured): unit order over the first layers, then falling again to 10⁻⁶–10⁻⁵ in layer 19.
    // Sign steps on the norms follow the gradient's rounding, so the kernel's build moves these:
    // 0.14 to 1.3 over layers 0–11 with a multiply and an add, 0.10 to 7.6 over layers 0–8 with fused multiply-adds.
    for (const variance of after.slice(0, 9)) {
      expect(variance).toBeGreaterThan(0.05);
      expect(variance).toBeLessThan(10);
    }
    after.forEach((variance, layer) => expect(variance / before[layer]).toBeGreaterThan(100));
    expect(after[19] / before[19]).toBeGreaterThan(1e10);
    // GQ 1.64 before the first meta-step, 0.43 before the last.
    expect(tuning!.objective).toHaveLength(100);
    expect(tuning!.objective.at(-1)!).toBeLessThan(tuning!.objective[0] / 2);
  }, 60000);
});

describe('tuning', () => {
  const small = (init: string, seed: number) => build([8, 8, 3].map((units, i) => ({ kind: 'dense' as const, units, activation: createActivation(i === 2 ? 'softmax' : 'tanh'), kernelInitializer: createInitializer(init, { steps: 5 }) })), data, seed);

  it('is deterministic given the seed', () => {
    for (const init of ['metainit', 'gradinit']) {
      const [a, b, c] = [small(init, 4), small(init, 4), small(init, 5)];
      expect(a.tuning).toEqual(b.tuning);
      expect(a.model.stateDict()).toEqual(b.model.stateDict());
      expect(c.tuning!.objective).not.toEqual(a.tuning!.objective);
    }
  });

  it('tunes only the layers that name it, and MetaInit only their weights', () => {
    const layers: LayerConfig[] = [
      { kind: 'dense', units: 8, activation: createActivation('tanh'), kernelInitializer: createInitializer('glorot_normal') },
      { kind: 'dense', units: 3, activation: createActivation('softmax'), kernelInitializer: createInitializer('metainit', { steps: 3 }) },
    ];
    const plain = build([layers[0], { ...layers[1], kernelInitializer: createInitializer('glorot_uniform') }], data, 3).model;
    const { model, tuning } = build(layers, data, 3);
    expect(tuning!.scales.map((s) => s.parameter)).toEqual(['1.weight']);
    expect(model.parameters()[0].value).toEqual(plain.parameters()[0].value);
  });

  it('refuses MetaInit and GradInit in one model, naming both layers', () => {
    const layers: LayerConfig[] = [
      { kind: 'dense', units: 8, activation: createActivation('tanh'), kernelInitializer: createInitializer('metainit') },
      { kind: 'dense', units: 3, activation: createActivation('softmax'), kernelInitializer: createInitializer('gradinit') },
    ];
    expect(() => build(layers, data, 1)).toThrow(ConfigError);
    expect(() => build(layers, data, 1)).toThrow('initializer gradinit: layer 1 cannot be tuned by gradinit while layer 0 uses metainit; one model takes one of them');
  });

  it('refuses a place the tuning does not reach, naming the option and the layer', () => {
    const dense: LayerConfig = { kind: 'dense', units: 3, activation: createActivation('softmax'), kernelInitializer: createInitializer('glorot_uniform'), biasInitializer: createInitializer('gradinit') };
    expect(() => build([dense], data, 1)).toThrow('initializer gradinit: bias_init of layer 0 (dense) would not be tuned; gradinit tunes the init of dense and conv2d layers only');
  });

  it('checks its options when built', () => {
    expect(() => createInitializer('gradinit', { min_scale: 0 })).toThrow(/min_scale/);
    expect(() => createInitializer('metainit', { base: 'lsuv' })).toThrow(/base/);
  });
});

describe('a stop during tuning', () => {
  it.each(['metainit', 'gradinit'])('ends %s at the next meta-step, keeping the steps taken', (method) => {
    const { tuning } = build(deepStack('tanh', method, { base: 'glorot_uniform', base_gain: 0.3, steps: 10000 }), data, 1, 'sgd', 0.02, stopAfterReads(3));
    expect(tuning!.objective).toHaveLength(3);
    expect(tuning!.scales).toHaveLength(21);
  }, 60000);
});
