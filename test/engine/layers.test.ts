import { describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import type { Initializer } from '../../src/engine/initializers';
import { BatchNorm } from '../../src/engine/layers/batchnorm';
import { Dense } from '../../src/engine/layers/dense';
import { Dropout } from '../../src/engine/layers/dropout';
import type { Layer } from '../../src/engine/layers/layer';
import { Rng } from '../../src/engine/rng';
import { expectLayerGradients, projection } from './gradcheck';

/** Weights N(0, 0.5²): large enough that every unit does something. */
const gaussian: Initializer = {
  name: 'test_gaussian',
  fill: (target, _shape, rng) => {
    for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, 0.5);
  },
};

const BATCH = 5;

function inputBatch(width: number, seed = 3): Float32Array {
  const x = projection(BATCH * width, seed);
  for (let i = 0; i < x.length; i++) x[i] *= 2;
  return x;
}

/** L = Σ r⊙layer(x) on the shared input batch; checks dL/dx and dL/dθ for every parameter. */
function checkLayer(layer: Layer, training: boolean): void {
  expectLayerGradients(layer, BATCH, { training, x: inputBatch(layer.inputSize) });
}

describe('layer gradients match finite differences', () => {
  it.each(['linear', 'tanh', 'sigmoid', 'gelu', 'softmax'])('dense with %s', (activation) => {
    const dense = new Dense('0', 4, { units: 3, activation: createActivation(activation), kernelInitializer: gaussian, biasInitializer: gaussian }, new Rng(1));
    checkLayer(dense, true);
  });

  it('dense without bias', () => {
    const dense = new Dense('0', 3, { units: 2, useBias: false, kernelInitializer: gaussian, biasInitializer: gaussian }, new Rng(2));
    expect(dense.parameters.map((p) => p.name)).toEqual(['0.weight']);
    checkLayer(dense, true);
  });

  it('batch norm in training mode (batch statistics)', () => {
    const bn = new BatchNorm('1', [3]);
    const rng = new Rng(4);
    for (const p of bn.parameters) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal(1, 0.3);
    checkLayer(bn, true);
  });

  it('batch norm in evaluation mode (running statistics)', () => {
    const bn = new BatchNorm('1', [3]);
    bn.runningMean.value.set([0.5, -0.2, 1]);
    bn.runningVar.value.set([2, 0.5, 1.5]);
    checkLayer(bn, false);
  });

  it('dropout in training mode (mask held fixed)', () => {
    checkLayer(new Dropout('2', 6, { rate: 0.4 }), true);
  });
});

describe('dense layer', () => {
  it('computes z = xWᵀ + b in PyTorch layout', () => {
    const dense = new Dense('0', 2, { units: 2, kernelInitializer: gaussian, biasInitializer: gaussian }, new Rng(1));
    dense.weight.value.set([1, 2, 3, 4]); // W = [[1, 2], [3, 4]]: row o holds unit o's input weights
    dense.bias!.value.set([0.5, -1]);
    const out = dense.forward(Float32Array.from([1, 1, 2, 0]), 2, { training: true, rng: new Rng(0) });
    // x₀ = (1, 1): (1+2+0.5, 3+4−1) = (3.5, 6); x₁ = (2, 0): (2+0.5, 6−1) = (2.5, 5)
    expect([...out]).toEqual([3.5, 6, 2.5, 5]);
  });

  it('defaults to a glorot_uniform kernel and a zero bias, as Keras does', () => {
    const dense = new Dense('0', 30, { units: 20 }, new Rng(1));
    // Glorot uniform bound √(6/(30 + 20)) = 0.3464
    const bound = Math.sqrt(6 / 50);
    expect(dense.weight.value.every((w) => Math.abs(w) <= bound)).toBe(true);
    expect(Math.max(...dense.weight.value.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(dense.bias!.value.every((b) => b === 0)).toBe(true);
  });

  it('rejects a zero-size layer naming the parameter', () => {
    expect(() => new Dense('3', 4, { units: 0, kernelInitializer: gaussian, biasInitializer: gaussian }, new Rng(1))).toThrow(
      'dense 3: units must be a whole number ≥ 1, got 0',
    );
  });
});

describe('batch norm', () => {
  it('normalises each feature over the batch and updates running statistics with momentum', () => {
    const bn = new BatchNorm('0', [1], { momentum: 0.1 });
    const y = bn.forward(Float32Array.from([1, 2, 3, 4]), 4, { training: true, rng: new Rng(0) });
    // mean 2.5, biased variance (2.25+0.25+0.25+2.25)/4 = 1.25; x̂ = (x − 2.5)/√(1.25 + 1e-5)
    const invStd = 1 / Math.sqrt(1.25 + 1e-5);
    expect([...y].map((v) => Number(v.toFixed(5)))).toEqual([-1.5, -0.5, 0.5, 1.5].map((d) => Number((d * invStd).toFixed(5))));
    // running mean 0.9·0 + 0.1·2.5 = 0.25; running var 0.9·1 + 0.1·(1.25·4/3) = 1.0666667 (unbiased)
    expect(bn.runningMean.value[0]).toBeCloseTo(0.25, 6);
    expect(bn.runningVar.value[0]).toBeCloseTo(1.0666667, 6);
  });

  it('evaluation uses the running statistics and leaves them alone', () => {
    const bn = new BatchNorm('0', [1]);
    bn.runningMean.value[0] = 2;
    bn.runningVar.value[0] = 4;
    const y = bn.forward(Float32Array.from([4, 0]), 2, { training: false, rng: new Rng(0) });
    // (4 − 2)/√(4 + 1e-5) ≈ 0.99999875
    expect(y[0]).toBeCloseTo(2 / Math.sqrt(4 + 1e-5), 6);
    expect(bn.runningMean.value[0]).toBe(2);
  });

  it('refuses a training batch of one sample', () => {
    const bn = new BatchNorm('4', [2]);
    expect(() => bn.forward(new Float32Array(2), 1, { training: true, rng: new Rng(0) })).toThrow('batchnorm 4: a training batch of 1 sample has no variance');
  });

  it('rejects momentum outside [0, 1]', () => {
    expect(() => new BatchNorm('0', [2], { momentum: 1.5 })).toThrow('batchnorm: momentum must be in [0, 1], got 1.5');
  });
});

describe('dropout', () => {
  it('keeps about 1 − p of the units, scales them by 1/(1 − p), and is the identity in evaluation', () => {
    const dropout = new Dropout('0', 1000, { rate: 0.25 });
    const x = new Float32Array(1000).fill(1);
    const y = dropout.forward(x, 1, { training: true, rng: new Rng(7) });
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    // 1000 Bernoulli(0.75) draws: mean 750, sd √(1000·0.75·0.25) ≈ 13.7; 4 sd either side
    expect(kept.length).toBeGreaterThan(750 - 55);
    expect(kept.length).toBeLessThan(750 + 55);
    expect(dropout.forward(x, 1, { training: false, rng: new Rng(7) })).toBe(x);
  });

  it('rejects a rate of 1', () => {
    expect(() => new Dropout('0', 3, { rate: 1 })).toThrow('dropout: rate must be in [0, 1), got 1');
  });
});
