import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { BatchNorm } from '../../../src/engine/layers/batchnorm';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectClose, torchCases } from './image-layer-check';
import { expectLayerGradients } from '../gradcheck';

const train = { training: true, rng: new Rng(0) };
const evaluate = { training: false, rng: new Rng(0) };

describe('batchnorm over the channels of images (BatchNorm2d)', () => {
  it('pools each channel over batch × height × width', () => {
    // Two samples of [2 channels, 1×2]: channel 0 sees 1, 3, 5, 7 (mean 4, biased variance 5),
    // channel 1 sees 10 everywhere (variance 0, so x̂ = 0 and y = β = 0); ε = 1e-5.
    const bn = new BatchNorm('0', [2, 1, 2]);
    const y = bn.forward(Float32Array.from([1, 3, 10, 10, 5, 7, 10, 10]), 2, train);
    const s = Math.sqrt(5 + 1e-5);
    expectClose('y', y, [-3 / s, -1 / s, 0, 0, 1 / s, 3 / s, 0, 0]);
    // Running statistics with momentum 0.1 and the unbiased variance 5·4/3 over the M = 4 values.
    expectClose('running mean', bn.runningMean.value, [0.4, 1]);
    expectClose('running var', bn.runningVar.value, [0.9 + 0.1 * (20 / 3), 0.9]);
  });

  it('keeps one γ, β and running statistic per channel, under PyTorch’s names', () => {
    const bn = new BatchNorm('3', [4, 5, 5]);
    expect(bn.outputShape).toEqual([4, 5, 5]);
    expect([...bn.parameters, ...bn.buffers].map((t) => [t.name, t.shape])).toEqual([
      ['3.weight', [4]],
      ['3.bias', [4]],
      ['3.running_mean', [4]],
      ['3.running_var', [4]],
    ]);
  });

  it('trains on a single image: its pixels give the variance', () => {
    expect(() => new BatchNorm('0', [1, 2, 2]).forward(Float32Array.from([1, 2, 3, 4]), 1, train)).not.toThrow();
    expect(() => new BatchNorm('0', [1, 1, 1]).forward(Float32Array.from([1]), 1, train)).toThrow('batchnorm 0: a training batch of 1 sample has no variance');
  });

  it('refuses a sequence [T, F]', () => {
    const error = thrown(() => new BatchNorm('2', [6, 4]));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('batchnorm 2: input must be features [n] or an image [channels, height, width] of whole sizes ≥ 1, got shape [6, 4]');
  });

  it.each([
    ['training', true],
    ['evaluation', false],
  ])('gradients match finite differences in %s', (_, training) => {
    const bn = new BatchNorm('1', [3, 2, 3]);
    const rng = new Rng(4);
    for (const t of [...bn.parameters, ...bn.buffers]) for (let i = 0; i < t.value.length; i++) t.value[i] = rng.normal(1, 0.3);
    expectLayerGradients(bn, 3, { training });
  });

  it('equals PyTorch’s BatchNorm2d over a training step and in evaluation', () => {
    const c = torchCases('batchnorm2d')['train-step'];
    const bn = new BatchNorm('0', c.inputShape.slice(1), c.options as { momentum: number; eps: number });
    bn.scale.value.set(c.weight as number[]);
    bn.shift.value.set(c.bias as number[]);
    bn.runningMean.value.set(c.runningMean as number[]);
    bn.runningVar.value.set(c.runningVar as number[]);
    const batch = c.inputShape[0];
    const x = Float32Array.from(c.x);
    expectClose('y', bn.forward(x, batch, train), c.y);
    expectClose('dx', bn.backward(Float32Array.from(c.r), batch), c.dx);
    expectClose('dweight', bn.scale.grad, c.dweight as number[]);
    expectClose('dbias', bn.shift.grad, c.dbias as number[]);
    expectClose('running_mean', bn.runningMean.value, c.runningMeanAfter as number[]);
    expectClose('running_var', bn.runningVar.value, c.runningVarAfter as number[]);
    expectClose('evaluation y', bn.forward(x, batch, evaluate), c.yEval as number[]);
  });
});
