import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { attentionLayer, attentionParams, TransformerBlock, type TransformerBlockOptions } from '../../../src/engine/layers/attention';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectMatchesTorch, torchRun } from './attention-check';
import { expectLayerGradients } from '../gradcheck';

const context = { training: true, rng: new Rng(0) };

/**
 * D = 4, 2 heads, T = 3, every parameter from N(0, 0.5²) (scales N(1, 0.5²)) so
 * no path is trivial. A finite difference across ReLU's kink is wrong, so the
 * seed is one whose feed-forward inputs z all lie more than 0.1 from 0 on the
 * gradient checks' input, in both forms: a step h = 0.02 moves z by less.
 */
function smallBlock(options: Omit<TransformerBlockOptions, 'heads'> = {}): TransformerBlock {
  const block = new TransformerBlock('0', [3, 4], { heads: 2, ff: 6, ...options }, new Rng(1));
  const rng = new Rng(8);
  for (const p of block.parameters) {
    const mean = p.role === 'scale' ? 1 : 0;
    for (let i = 0; i < p.value.length; i++) p.value[i] = rng.normal(mean, 0.5);
  }
  return block;
}

describe('transformer block gradients match finite differences (D = 4, 2 heads, T = 3)', () => {
  it.each(['post', 'pre'] as const)('%s-LN', (norm) => {
    expectLayerGradients(smallBlock({ norm }), 2);
  });

  it.each(['post', 'pre'] as const)('%s-LN with dropout 0.3 (masks held fixed)', (norm) => {
    expectLayerGradients(smallBlock({ norm, dropout: 0.3 }), 2);
  });
});

describe('transformer block equals nn.TransformerEncoderLayer (D = 8, 2 heads, ff 16, T = 5, dropout 0)', () => {
  it.each(['post', 'pre'] as const)('norm_first=%s: output, dL/dx and every parameter gradient', (norm) => {
    const run = torchRun(`encoder-${norm}`);
    expect(run.options).toEqual({ heads: 2, ff: 16, norm });
    expectMatchesTorch(new TransformerBlock('0', run.inputShape, { heads: 2, ff: 16, norm }, new Rng(1)), run);
  });
});

describe('transformer block', () => {
  it('names its parameters as PyTorch’s state dict, prefixed by its position', () => {
    const block = new TransformerBlock('3', [5, 8], { heads: 4 }, new Rng(1));
    expect(block.parameters.map((p) => [p.name, p.shape])).toEqual([
      ['3.self_attn.in_proj_weight', [24, 8]],
      ['3.self_attn.in_proj_bias', [24]],
      ['3.self_attn.out_proj.weight', [8, 8]],
      ['3.self_attn.out_proj.bias', [8]],
      ['3.linear1.weight', [32, 8]],
      ['3.linear1.bias', [32]],
      ['3.linear2.weight', [8, 32]],
      ['3.linear2.bias', [8]],
      ['3.norm1.weight', [8]],
      ['3.norm1.bias', [8]],
      ['3.norm2.weight', [8]],
      ['3.norm2.bias', [8]],
    ]);
    expect(block.ff).toBe(32);
    expect(block.outputShape).toEqual([5, 8]);
  });

  it('initializes as PyTorch: xavier_uniform in_proj, Linear defaults elsewhere, zero attention biases, unit norms', () => {
    const D = 64;
    const F = 96;
    const block = new TransformerBlock('0', [2, D], { heads: 4, ff: F }, new Rng(7));
    const value = (suffix: string) => block.parameters.find((p) => p.name === `0.${suffix}`)!.value;
    const expectUniform = (suffix: string, bound: number) => {
      const values = value(suffix);
      const largest = Math.max(...values.map(Math.abs));
      expect(largest, suffix).toBeLessThanOrEqual(bound);
      expect(largest, suffix).toBeGreaterThan(0.9 * bound);
    };
    // xavier_uniform_ over the whole [3D, D] matrix: bound √(6/(D + 3D)).
    expectUniform('self_attn.in_proj_weight', Math.sqrt(6 / (4 * D)));
    // nn.Linear: kaiming_uniform_(a=√5) gives U(±1/√fan_in); its bias draws from the same bound.
    expectUniform('self_attn.out_proj.weight', 1 / Math.sqrt(D));
    expectUniform('linear1.weight', 1 / Math.sqrt(D));
    expectUniform('linear1.bias', 1 / Math.sqrt(D));
    expectUniform('linear2.weight', 1 / Math.sqrt(F));
    expectUniform('linear2.bias', 1 / Math.sqrt(F));
    for (const zero of ['self_attn.in_proj_bias', 'self_attn.out_proj.bias', 'norm1.bias', 'norm2.bias']) expect(value(zero).every((v) => v === 0), zero).toBe(true);
    for (const one of ['norm1.weight', 'norm2.weight']) expect(value(one).every((v) => v === 1), one).toBe(true);
  });

  it('keeps the attention weights of the last forward pass, batch × heads × T × T, each row a distribution', () => {
    const block = smallBlock();
    block.forward(Float32Array.from({ length: 2 * 12 }, (_, i) => Math.sin(i)), 2, context);
    const weights = block.attentionWeights;
    expect(weights.length).toBe(2 * 2 * 3 * 3);
    for (let row = 0; row < weights.length; row += 3) {
      expect(weights[row] + weights[row + 1] + weights[row + 2]).toBeCloseTo(1, 6);
    }
    expect(weights.some((w) => Math.abs(w - 1 / 3) > 0.01)).toBe(true);
  });

  it('attends evenly when every query equals every key', () => {
    const block = smallBlock();
    // Zero W_q and b_q (the first D rows): every score QKᵀ/√d_h is 0, so softmax gives 1/T everywhere.
    block.attention.inProjWeight.value.fill(0, 0, 16);
    block.attention.inProjBias.value.fill(0, 0, 4);
    block.forward(Float32Array.from({ length: 12 }, (_, i) => i), 1, context);
    for (const w of block.attentionWeights) expect(w).toBeCloseTo(1 / 3, 6);
  });

  it('gives the key bias no gradient: softmax ignores a shift shared by all of a query’s scores', () => {
    const block = smallBlock();
    block.forward(Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)), 2, context);
    block.backward(Float32Array.from({ length: 24 }, (_, i) => Math.cos(i)), 2);
    const grad = block.attention.inProjBias.grad;
    // Rows [0, D) of in_proj are the queries', [D, 2D) the keys', [2D, 3D) the values'.
    for (const g of grad.subarray(4, 8)) expect(Math.abs(g)).toBeLessThan(1e-6);
    expect(Math.max(...grad.subarray(0, 4).map(Math.abs))).toBeGreaterThan(1e-3);
  });

  it('replays the same dropout masks from the same seed', () => {
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    const run = () => Float32Array.from(new TransformerBlock('0', [3, 4], { heads: 2, dropout: 0.3 }, new Rng(4)).forward(x, 2, { training: true, rng: new Rng(9) }));
    expect(run()).toEqual(run());
  });

  it('drops nothing in evaluation, whatever the dropout rate', () => {
    const x = Float32Array.from({ length: 2 * 12 }, (_, i) => Math.cos(i));
    const plain = Float32Array.from(smallBlock().forward(x, 2, context));
    const evaluation = smallBlock({ dropout: 0.5 }).forward(x, 2, { training: false, rng: new Rng(3) });
    expect(evaluation).toEqual(plain);
    expect(smallBlock({ dropout: 0.5 }).forward(x, 2, { training: true, rng: new Rng(3) })).not.toEqual(plain);
  });

  it.each(['post', 'pre'] as const)('%s-LN writes the same parameter gradients without dL/dx for a first layer', (norm) => {
    const full = smallBlock({ norm });
    const first = smallBlock({ norm, needsInputGradient: false });
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    const g = Float32Array.from({ length: 24 }, (_, i) => Math.cos(3 * i));
    for (const block of [full, first]) {
      block.forward(x, 2, context);
      block.backward(g, 2);
    }
    first.parameters.forEach((p, i) => expect(p.grad, p.name).toEqual(full.parameters[i].grad));
  });

  it('reuses its output array once a batch size has been seen', () => {
    const block = smallBlock();
    const x = new Float32Array(24);
    const out = block.forward(x, 2, context);
    const gradIn = block.backward(new Float32Array(24), 2);
    expect(block.forward(x, 2, context)).toBe(out);
    expect(block.backward(new Float32Array(24), 2)).toBe(gradIn);
  });

  it('refuses features that do not split into the heads, naming both numbers', () => {
    const error = thrown(() => new TransformerBlock('1', [4, 10], { heads: 4 }, new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('attention 1: 10 features do not split into 4 heads; features must be a multiple of heads');
  });

  it('refuses a missing heads count, a bad norm and a [features] input', () => {
    expect(() => new TransformerBlock('0', [4, 8], {}, new Rng(1))).toThrow('attention: heads is required');
    expect(() => new TransformerBlock('0', [4, 8], { heads: 2, norm: 'middle' as 'pre' }, new Rng(1))).toThrow("attention: norm must be one of");
    expect(() => new TransformerBlock('2', [8], { heads: 2 }, new Rng(1))).toThrow('attention 2: input shape must be [timesteps, features] of whole numbers ≥ 1, got [8]');
  });
});

describe('attention as the language declares it', () => {
  const config = (options: Record<string, string | number>) => ({ kind: 'attention', ...attentionParams.resolveNamed(options) });

  it('builds `attention 2 ff=6 norm=pre` with the parameter count it states, and no dL/dx as a first layer', () => {
    const built = attentionLayer.create('0', [3, 4], config({ heads: 2, ff: 6, norm: 'pre' }), new Rng(1), true) as TransformerBlock;
    expect([built.heads, built.ff, built.norm]).toEqual([2, 6, 'pre']);
    const total = built.parameters.reduce((sum, p) => sum + p.value.length, 0);
    expect(attentionLayer.parameterCount([3, 4], config({ heads: 2, ff: 6 }))).toBe(total);
    expect(attentionLayer.parameterCount([3, 4], config({ heads: 2 }))).toBe(total - 2 * 4 * 6 - 6 + 2 * 4 * 16 + 16);
  });

  it('states the output shape, and refuses features that do not split into the heads before building', () => {
    expect(attentionLayer.outputShape([5, 8], config({ heads: 4 }))).toEqual([5, 8]);
    expect(() => attentionLayer.outputShape([5, 10], config({ heads: 4 }))).toThrow('attention: 10 features do not split into 4 heads');
  });
});
