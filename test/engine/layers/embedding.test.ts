import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { Embedding, embeddingLayer } from '../../../src/engine/layers/embedding';
import { Rng } from '../../../src/engine/rng';
import { dot, expectGradientMatches, projection } from '../gradcheck';
import { thrown } from '../thrown';

const context = { training: true, rng: new Rng(0) };

function table(): Embedding {
  const layer = new Embedding('0', [3], { inputDim: 4, outputDim: 2 }, new Rng(1));
  // Row k is [k, 10k] so a looked-up vector shows which row it came from.
  layer.weight.value.set([0, 0, 1, 10, 2, 20, 3, 30]);
  return layer;
}

describe('embedding', () => {
  it('looks up row x_t for each step: [T] ids → [T, output_dim]', () => {
    const layer = table();
    expect(layer.outputShape).toEqual([3, 2]);
    expect(layer.weight.name).toBe('0.weight');
    expect(layer.weight.shape).toEqual([4, 2]);
    const out = layer.forward(Float32Array.from([2, 0, 3, 1, 1, 2]), 2, context);
    expect(Array.from(out)).toEqual([2, 20, 0, 0, 3, 30, 1, 10, 1, 10, 2, 20]);
  });

  it('sums the gradient of every step that read a row, and leaves unread rows at 0', () => {
    const layer = table();
    layer.forward(Float32Array.from([2, 1, 2, 1, 1, 2]), 2, context);
    const gradInput = layer.backward(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 2);
    // Row 1: steps (0,1), (1,0), (1,1) → [3+7+9, 4+8+10]; row 2: (0,0), (0,2), (1,2) → [1+5+11, 2+6+12].
    expect(Array.from(layer.weight.grad)).toEqual([0, 0, 19, 22, 17, 20, 0, 0]);
    // Ids carry no gradient: zeros of the input's size.
    expect(Array.from(gradInput)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('table gradient matches finite differences', () => {
    const layer = new Embedding('0', [4], { inputDim: 5, outputDim: 3 }, new Rng(2));
    const ids = Float32Array.from([4, 0, 4, 2, 1, 1, 3, 4]);
    const r = projection(2 * 12, 5);
    const loss = (): number => dot(r, layer.forward(ids, 2, context));
    loss();
    layer.backward(r, 2);
    expectGradientMatches('embedding dL/dE', loss, layer.weight.value, Float32Array.from(layer.weight.grad));
  });

  it('starts from N(0, 1), as PyTorch', () => {
    const values = new Embedding('0', [1], { inputDim: 200, outputDim: 50 }, new Rng(3)).weight.value;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    // 10 000 draws: the sample mean is within 4/√10000 = 0.04 and the variance within ~0.06 of the truth.
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
  });

  it.each([
    [4, 'token id 4 at sample 1, step 0 is outside [0, 4)'],
    [-1, 'token id -1 at sample 1, step 0 is outside [0, 4)'],
    [1.5, 'token id 1.5 at sample 1, step 0 is outside [0, 4)'],
  ])('refuses id %s with its position', (id, message) => {
    const error = thrown(() => table().forward(Float32Array.from([0, 1, 2, id, 0, 0]), 2, context));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(`embedding 0: ${message}`);
  });

  it.each([
    [[3, 2], { inputDim: 4, outputDim: 2 }, 'embedding 0: input must be [timesteps] of token ids, got [3, 2]'],
    [[3], { inputDim: 0, outputDim: 2 }, 'embedding: input_dim must be ≥ 1, got 0'],
    [[3], { inputDim: 4 }, 'embedding: output_dim is required'],
  ])('refuses input %j with options %j', (shape, options, message) => {
    const error = thrown(() => new Embedding('0', shape, options as never, new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
  });

  it('its registry entry states shapes and size and builds the layer from a config', () => {
    const config = { kind: 'embedding', ...embeddingLayer.params.resolveNamed({ input_dim: 10, output_dim: 4 }) };
    expect(embeddingLayer.outputShape([6], config)).toEqual([6, 4]);
    expect(embeddingLayer.parameterCount([6], config)).toBe(40);
    const layer = embeddingLayer.create('0', [6], config, new Rng(1), true) as Embedding;
    expect(layer.outputShape).toEqual([6, 4]);
    expect(layer.weight.value.length).toBe(40);
  });
});
