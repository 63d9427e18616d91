import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { LayerNorm, layerNormLayer, layerNormParams } from '../../../src/engine/layers/layernorm';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectMatchesTorch, torchRun } from './attention-check';
import { expectLayerGradients } from '../gradcheck';

const context = { training: true, rng: new Rng(0) };

/** γ from N(1, 0.3²) and β from N(0, 0.3²), so neither is the identity. */
function randomAffine(layer: LayerNorm, seed: number): LayerNorm {
  const rng = new Rng(seed);
  layer.scale.value.forEach((_, j) => (layer.scale.value[j] = rng.normal(1, 0.3)));
  layer.shift.value.forEach((_, j) => (layer.shift.value[j] = rng.normal(0, 0.3)));
  return layer;
}

describe('layer norm', () => {
  it('normalizes each row of the last axis on its own, with γ = 1 and β = 0 to start', () => {
    const layer = new LayerNorm('0', [2, 4]);
    expect(layer.parameters.map((p) => [p.name, p.shape])).toEqual([['0.weight', [4]], ['0.bias', [4]]]);
    expect([...layer.scale.value, ...layer.shift.value]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    const y = layer.forward(Float32Array.from([1, 2, 3, 4, 10, 10, 10, 14]), 1, context);
    // Row 1: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25, so y = (x − 2.5)/√(1.25 + 1e-5).
    // Row 2: mean 11, variance (1 + 1 + 1 + 9)/4 = 3, so y = (−1, −1, −1, 3)/√(3 + 1e-5).
    const a = 1 / Math.sqrt(1.25 + 1e-5);
    const b = 1 / Math.sqrt(3 + 1e-5);
    const expected = [-1.5 * a, -0.5 * a, 0.5 * a, 1.5 * a, -b, -b, -b, 3 * b];
    y.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
  });

  it('scales by γ and shifts by β per feature', () => {
    const layer = new LayerNorm('0', [2]);
    layer.scale.value.set([2, 3]);
    layer.shift.value.set([0.5, -1]);
    // x = (0, 2): x̂ = (−1, 1)/√(1 + 1e-5) ≈ (−1, 1), y = (2·(−1) + 0.5, 3·1 − 1) = (−1.5, 2)
    const y = layer.forward(Float32Array.from([0, 2]), 1, context);
    expect(y[0]).toBeCloseTo(-1.5, 4);
    expect(y[1]).toBeCloseTo(2, 4);
  });

  it('gives the same output in training and evaluation', () => {
    const layer = randomAffine(new LayerNorm('0', [3]), 1);
    const x = Float32Array.from([0.3, -1, 2, 5, 4, 4.5]);
    const train = Float32Array.from(layer.forward(x, 2, context));
    expect(layer.forward(x, 2, { training: false, rng: new Rng(0) })).toEqual(train);
  });

  it.each([
    ['[F]', [5]],
    ['[T, F]', [3, 4]],
  ])('has gradients matching finite differences on %s samples', (_, shape) => {
    expectLayerGradients(randomAffine(new LayerNorm('0', shape), 2), 3);
  });

  it('writes the same γ and β gradients without dL/dx for a first layer', () => {
    const full = randomAffine(new LayerNorm('0', [3, 4]), 3);
    const first = randomAffine(new LayerNorm('0', [3, 4], { needsInputGradient: false }), 3);
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    const g = Float32Array.from({ length: 24 }, (_, i) => Math.cos(3 * i));
    for (const layer of [full, first]) {
      layer.forward(x, 2, context);
      layer.backward(g, 2);
    }
    expect(first.scale.grad).toEqual(full.scale.grad);
    expect(first.shift.grad).toEqual(full.shift.grad);
  });

  it('equals nn.LayerNorm: output, dL/dx, dL/dγ and dL/dβ', () => {
    const run = torchRun('layernorm');
    expectMatchesTorch(new LayerNorm('0', run.inputShape), run);
  });

  it('refuses a non-positive ε and an empty shape, naming the value', () => {
    expect(() => new LayerNorm('0', [4], { eps: 0 })).toThrow('layernorm: eps must be > 0, got 0');
    const error = thrown(() => new LayerNorm('2', []));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('layernorm 2: input shape must be one or more whole numbers ≥ 1, got []');
  });
});

describe('layernorm as the language declares it', () => {
  it('keeps the shape, counts γ and β of the last axis, and skips dL/dx as a first layer', () => {
    const config = { kind: 'layernorm', ...layerNormParams.resolveNamed({ eps: 0.001 }) };
    expect(layerNormLayer.outputShape([5, 8], config)).toEqual([5, 8]);
    expect(layerNormLayer.parameterCount([5, 8], config)).toBe(16);
    const built = layerNormLayer.create('0', [5, 8], config, new Rng(1), true) as LayerNorm;
    expect(built.eps).toBe(0.001);
    built.forward(Float32Array.from({ length: 40 }, (_, i) => i % 7), 1, context);
    // Without dL/dx the returned array is left as it was made: zeros.
    expect(built.backward(new Float32Array(40).fill(1), 1).every((v) => v === 0)).toBe(true);
  });
});
