import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { glorotNormal } from '../../../src/engine/initializers';
import { PositionalEncoding, positionalLayer, positionalParams, sinusoidalTable } from '../../../src/engine/layers/positional';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectLayerGradients } from '../gradcheck';

const context = { training: true, rng: new Rng(0) };

describe('sinusoidal positional encoding', () => {
  it('interleaves sin(t/10000^(2i/D)) and cos(t/10000^(2i/D)), as Vaswani et al.', () => {
    const table = sinusoidalTable(3, 4);
    // D = 4: pair i = 0 has wavelength factor 10000⁰ = 1, pair i = 1 has 10000^(2/4) = 100.
    const expected = [
      [0, 1, 0, 1],
      [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)],
      [Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)],
    ].flat();
    table.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 7));
  });

  it('ends an odd width on a sine', () => {
    // D = 3: feature 2 is the sine of pair i = 1, t/10000^(2/3).
    expect(sinusoidalTable(2, 3)[5]).toBeCloseTo(Math.sin(1 / 10000 ** (2 / 3)), 7);
  });

  it('adds the table to every sample, has no parameters, and passes the gradient through', () => {
    const layer = new PositionalEncoding('0', [2, 2], {}, new Rng(1));
    expect(layer.parameters).toEqual([]);
    const x = Float32Array.from([1, 1, 1, 1, 5, 6, 7, 8]);
    const y = layer.forward(x, 2, context);
    // P = [[sin 0, cos 0], [sin 1, cos 1]]
    const p = [0, 1, Math.sin(1), Math.cos(1)];
    y.forEach((value, i) => expect(value).toBeCloseTo(x[i] + p[i % 4], 6));
    const g = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(layer.backward(g, 2)).toEqual(g);
  });
});

describe('learned positional encoding', () => {
  it('learns a [T, D] table named weight, starting glorot_uniform', () => {
    const layer = new PositionalEncoding('1', [20, 30], { learned: true }, new Rng(1));
    expect(layer.parameters.map((p) => [p.name, p.shape])).toEqual([['1.weight', [20, 30]]]);
    // Glorot bound √(6/(fan_in + fan_out)) = √(6/(30 + 20))
    const bound = Math.sqrt(6 / 50);
    const largest = Math.max(...layer.weight!.value.map(Math.abs));
    expect(largest).toBeLessThanOrEqual(bound);
    expect(largest).toBeGreaterThan(0.9 * bound);
  });

  it('sums the gradient of the table over the batch', () => {
    const layer = new PositionalEncoding('0', [1, 2], { learned: true }, new Rng(1));
    layer.forward(new Float32Array(6), 3, context);
    layer.backward(Float32Array.from([1, 2, 3, 4, 5, 6]), 3);
    // Row sums over the three samples: (1 + 3 + 5, 2 + 4 + 6)
    expect([...layer.weight!.grad]).toEqual([9, 12]);
  });

  it('has gradients matching finite differences', () => {
    expectLayerGradients(new PositionalEncoding('0', [3, 4], { learned: true }, new Rng(2)), 2);
  });
});

describe('positional encoding shapes', () => {
  it('refuses an input that is not [timesteps, features]', () => {
    const error = thrown(() => new PositionalEncoding('2', [8], {}, new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('positional 2: input shape must be [timesteps, features] of whole numbers ≥ 1, got [8]');
  });
});

describe('positional as the language declares it', () => {
  it('counts a table only when learned, and takes the initializer the model builder made', () => {
    const config = (options: Record<string, string | boolean>) => ({ kind: 'positional', ...positionalParams.resolveNamed(options) });
    expect(positionalLayer.parameterCount([5, 8], config({}))).toBe(0);
    expect(positionalLayer.parameterCount([5, 8], config({ learned: true }))).toBe(40);
    const { init: _init, ...learned } = config({ learned: true, init: 'glorot_normal' });
    const built = positionalLayer.create('0', [5, 8], { ...learned, initializer: glorotNormal() }, new Rng(1), false) as PositionalEncoding;
    const reference = new PositionalEncoding('0', [5, 8], { learned: true, initializer: glorotNormal() }, new Rng(1));
    expect(built.weight!.value).toEqual(reference.weight!.value);
  });
});
