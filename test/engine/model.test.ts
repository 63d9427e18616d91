import { describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import { createInitializer } from '../../src/engine/initializers';
import { createLoss } from '../../src/engine/losses';
import { calibrateLsuv, outputVariance } from '../../src/engine/lsuv';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import { createClipper } from '../../src/engine/optim/clipping';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import { createSchedule } from '../../src/engine/optim/schedules';
import { Rng } from '../../src/engine/rng';
import { TrainingStep } from '../../src/engine/train/step';
import { dot, expectGradientMatches, projection } from './gradcheck';
import { sectors } from './train/fixtures';

function dense(units: number, activation: string, init = 'glorot_uniform'): LayerConfig {
  return {
    kind: 'dense',
    units,
    activation: createActivation(activation),
    kernelInitializer: createInitializer(init),
    biasInitializer: createInitializer('zeros'),
  };
}

function trainedWeights(seed: number, steps = 50): Uint8Array {
  const rng = new Rng(seed);
  const model = new Sequential(2, [dense(8, 'tanh', 'he_normal'), { kind: 'batchnorm' }, { kind: 'dropout', rate: 0.1 }, dense(3, 'softmax')], rng);
  const optimizer = createOptimizer('adam', model.parameters(), { lr: 0.01 });
  const step = new TrainingStep({
    model,
    loss: createLoss('sparse_categorical_crossentropy'),
    optimizer,
    clipper: createClipper('norm', { max_norm: 1 }),
    schedule: createSchedule('cosine', 0.01, { period: steps }),
    rng,
  });
  const { x, y } = sectors(16, 99);
  for (let i = 0; i < steps; i++) step.run(x, y, 16);
  const bytes = model.stateDict().map((t) => new Uint8Array(t.value.buffer, t.value.byteOffset, t.value.byteLength));
  return Uint8Array.from(bytes.flatMap((b) => [...b]));
}

describe('determinism', () => {
  it('the same seed gives identical weight bytes after 50 steps; another seed does not', () => {
    const a = trainedWeights(1);
    expect(trainedWeights(1)).toEqual(a);
    expect(trainedWeights(2)).not.toEqual(a);
  });
});

describe('whole-model gradients', () => {
  it('softmax + cross-entropy through dense, batch norm and dropout match finite differences', () => {
    const rng = new Rng(3);
    const model = new Sequential(2, [dense(5, 'tanh'), { kind: 'batchnorm' }, { kind: 'dropout', rate: 0.3 }, dense(4, 'elu'), dense(3, 'softmax')], rng);
    const loss = createLoss('categorical_crossentropy');
    const batch = 6;
    const x = projection(batch * 2, 17);
    const labels = [0, 2, 1, 1, 0, 2];
    const y = new Float32Array(batch * 3);
    labels.forEach((label, i) => (y[i * 3 + label] = 1));
    const forward = () => model.forward(x, batch, { training: true, rng: new Rng(8) });
    const value = () => loss.value(forward(), y, batch, 3);
    const grad = new Float32Array(batch * 3);
    loss.fusedGradient!(forward(), y, grad, batch, 3);
    model.backwardFromLogits(grad, batch);
    for (const p of model.parameters()) expectGradientMatches(p.name, value, p.value, Float32Array.from(p.grad));
  });

  it('a chained (unfused) loss gives the same gradients as the fused path', () => {
    const build = () => new Sequential(3, [dense(4, 'relu', 'he_normal'), dense(3, 'softmax')], new Rng(5));
    const x = projection(4 * 3, 2);
    const y = Float32Array.from([0, 1, 2, 1]);
    const loss = createLoss('sparse_categorical_crossentropy');
    const context = { training: true, rng: new Rng(0) };
    const fused = build();
    const grad = new Float32Array(12);
    loss.fusedGradient!(fused.forward(x, 4, context), y, grad, 4, 3);
    fused.backwardFromLogits(grad, 4);
    const chained = build();
    loss.gradient(chained.forward(x, 4, context), y, grad, 4, 3);
    chained.backward(grad, 4);
    fused.parameters().forEach((p, i) => {
      const q = chained.parameters()[i];
      for (let j = 0; j < p.grad.length; j++) expect(q.grad[j]).toBeCloseTo(p.grad[j], 5);
    });
  });

  it('L = Σ r⊙model(x) matches for an MSE-free projection through every layer kind', () => {
    const model = new Sequential(3, [dense(4, 'gelu'), { kind: 'batchnorm' }, dense(2, 'sigmoid')], new Rng(6));
    const x = projection(5 * 3, 4);
    const r = projection(5 * 2, 8);
    const value = () => dot(r, model.forward(x, 5, { training: true, rng: new Rng(1) }));
    value();
    model.backward(r, 5);
    for (const p of model.parameters()) expectGradientMatches(p.name, value, p.value, Float32Array.from(p.grad));
  });
});

describe('LSUV', () => {
  it("brings every LSUV layer's output variance on the batch to 1 ± 0.1", () => {
    const rng = new Rng(11);
    const layers = Array.from({ length: 6 }, () => dense(32, 'relu', 'lsuv'));
    const model = new Sequential(10, [...layers, dense(3, 'softmax', 'lsuv')], rng);
    const batch = 64;
    const x = new Float32Array(batch * 10).map(() => rng.normal(0, 3));
    const reports = calibrateLsuv(model, x, batch, rng);
    expect(reports).toHaveLength(7);
    model.forward(x, batch, { training: false, rng });
    for (const layer of model.activatedLayers) expect(Math.abs(outputVariance(layer) - 1)).toBeLessThan(0.1);
    expect(reports.every((r) => r.converged)).toBe(true);
  });

  it('leaves layers with other initializers alone', () => {
    const rng = new Rng(12);
    const model = new Sequential(4, [dense(8, 'relu', 'he_normal'), dense(2, 'linear', 'lsuv')], rng);
    const before = Float32Array.from(model.layers[0].parameters[0].value);
    const reports = calibrateLsuv(model, new Float32Array(32 * 4).map(() => rng.normal()), 32, rng);
    expect(reports.map((r) => r.layer)).toEqual(['1']);
    expect(model.layers[0].parameters[0].value).toEqual(before);
  });
});

describe('state dict', () => {
  it('names tensors as PyTorch does and reports every mismatch when loading', () => {
    const model = new Sequential(3, [dense(4, 'relu'), { kind: 'batchnorm' }, dense(2, 'linear')], new Rng(1));
    expect(model.stateDict().map((t) => `${t.name}[${t.shape.join(',')}]`)).toEqual([
      '0.weight[4,3]',
      '0.bias[4]',
      '1.weight[4]',
      '1.bias[4]',
      '1.running_mean[4]',
      '1.running_var[4]',
      '2.weight[2,4]',
      '2.bias[2]',
    ]);
    const tensors = model.stateDict().filter((t) => t.name !== '2.bias');
    tensors[0] = { name: '0.weight', shape: [4, 2], value: new Float32Array(8) };
    tensors.push({ name: 'extra', shape: [1], value: new Float32Array(1) });
    expect(() => model.loadStateDict(tensors)).toThrow(
      "model: cannot load weights: '0.weight' has shape [4, 2], the model needs [4, 3]; unexpected tensor 'extra'; missing tensor '2.bias'",
    );
  });

  it('round-trips values into a fresh model', () => {
    const configs = [dense(4, 'relu'), dense(2, 'linear')];
    const a = new Sequential(3, configs, new Rng(1));
    const b = new Sequential(3, configs, new Rng(2));
    b.loadStateDict(a.stateDict());
    expect(b.stateDict()).toEqual(a.stateDict());
  });
});
