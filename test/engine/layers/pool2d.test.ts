import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { AvgPool2d, avgPoolParams, GlobalAvgPool, MaxPool2d, type Pool2dOptions } from '../../../src/engine/layers/pool2d';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectClose, torchCases } from './image-layer-check';
import { expectLayerGradients } from '../gradcheck';

const context = { training: true, rng: new Rng(0) };
/** The 4×4 ramp 1 … 16, row by row. */
const ramp = Float32Array.from({ length: 16 }, (_, i) => i + 1);

/** Values 0.1 apart in a scrambled order: no two within a finite-difference step, so no max changes hands. */
function separated(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => ((i * 37) % length) * 0.1 - length * 0.05);
}

describe('maxpool', () => {
  it('takes each window’s largest value', () => {
    // 2×2 windows of the ramp: max of {1, 2, 5, 6} is 6, then 8, 14, 16.
    const pool = new MaxPool2d('0', [1, 4, 4]);
    expect(pool.outputShape).toEqual([1, 2, 2]);
    expect([...pool.forward(ramp, 1, context)]).toEqual([6, 8, 14, 16]);
  });

  it('never lets the padding win, even over negative inputs', () => {
    // Size 3, stride 2, padding 1 on a 2×2 image of negatives: one window, the whole image.
    const pool = new MaxPool2d('0', [1, 2, 2], { size: 3, stride: 2, padding: 1 });
    expect([...pool.forward(Float32Array.from([-4, -2, -3, -5]), 1, context)]).toEqual([-2]);
  });

  it('routes each gradient to the winner, the first on a tie, adding over overlapping windows', () => {
    // Size 2, stride 1 on [[1, 1, 0], [0, 9, 0]]: both windows hold the 9 (index 4), so both gradients land there: 1 + 2 = 3.
    const pool = new MaxPool2d('0', [1, 2, 3], { size: 2, stride: 1 });
    pool.forward(Float32Array.from([1, 1, 0, 0, 9, 0]), 1, context);
    expect([...pool.backward(Float32Array.from([1, 2]), 1)]).toEqual([0, 0, 0, 0, 3, 0]);
    // A tie [5, 5]: PyTorch's first in row-major order takes the gradient.
    const tie = new MaxPool2d('0', [1, 1, 2], { size: [1, 2] });
    tie.forward(Float32Array.from([5, 5]), 1, context);
    expect([...tie.backward(Float32Array.from([1]), 1)]).toEqual([1, 0]);
  });

  it('passes NaN through, as PyTorch', () => {
    const pool = new MaxPool2d('0', [1, 2, 2]);
    expect(pool.forward(Float32Array.from([1, Number.NaN, 3, 2]), 1, context)[0]).toBeNaN();
  });

  it.each<[string, Pool2dOptions]>([
    ['size 2', {}],
    ['size 3, stride 2, padding 1', { size: 3, stride: 2, padding: 1 }],
    ['rectangular, overlapping', { size: [2, 3], stride: [1, 2], padding: [1, 1] }],
  ])('gradients match finite differences: %s', (_, options) => {
    const pool = new MaxPool2d('0', [2, 5, 6], options);
    expectLayerGradients(pool, 2, { x: separated(2 * pool.inputSize) });
  });
});

describe('avgpool', () => {
  it('averages each window', () => {
    // 2×2 windows of the ramp: (1 + 2 + 5 + 6)/4 = 3.5, then 5.5, 11.5, 13.5.
    expect([...new AvgPool2d('0', [1, 4, 4]).forward(ramp, 1, context)]).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('counts the padding as zeros in the divisor (count_include_pad)', () => {
    // Size 3, padding 1 on a 2×2 image: one window holding 1 + 2 + 3 + 4 and five zeros, divided by 9.
    const pool = new AvgPool2d('0', [1, 2, 2], { size: 3, stride: 2, padding: 1 });
    expect(pool.forward(Float32Array.from([1, 2, 3, 4]), 1, context)[0]).toBeCloseTo(10 / 9, 6);
    expect([...pool.backward(Float32Array.from([9]), 1)]).toEqual([1, 1, 1, 1]);
  });

  it.each<[string, Pool2dOptions]>([
    ['size 2', {}],
    ['size 3, stride 2, padding 1', { size: 3, stride: 2, padding: 1 }],
    ['rectangular, overlapping', { size: [2, 3], stride: [1, 2], padding: [1, 1] }],
  ])('gradients match finite differences: %s', (_, options) => {
    expectLayerGradients(new AvgPool2d('0', [2, 5, 6], options), 2);
  });

  it('describes its language options: stride defaults to the window', () => {
    expect(avgPoolParams.resolveNamed({})).toEqual({ size: 2, stride: undefined, padding: 0 });
  });
});

describe('global_avgpool', () => {
  it('averages each channel to one value, [C, H, W] → [C]', () => {
    const pool = new GlobalAvgPool('0', [2, 2, 2]);
    expect(pool.outputShape).toEqual([2]);
    // Channel 0 holds 1 … 4 (mean 2.5), channel 1 holds 5 … 8 (mean 6.5).
    expect([...pool.forward(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), 1, context)]).toEqual([2.5, 6.5]);
    expect([...pool.backward(Float32Array.from([4, 8]), 1)]).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('gradients match finite differences', () => {
    expectLayerGradients(new GlobalAvgPool('0', [3, 4, 5]), 2);
  });
});

describe('pool shapes and refusals', () => {
  it.each<[Pool2dOptions, number[]]>([
    // PyTorch: ⌊(H + 2p − k)/s⌋ + 1, stride defaulting to the window.
    [{}, [3, 14, 14]],
    [{ size: 3 }, [3, 9, 9]],
    [{ size: 3, stride: 2, padding: 1 }, [3, 14, 14]],
    [{ size: [2, 4], stride: [2, 1] }, [3, 14, 25]],
  ])('%o on 3×28×28 gives %o', (options, shape) => {
    expect(new MaxPool2d('0', [3, 28, 28], options).outputShape).toEqual(shape);
    expect(new AvgPool2d('0', [3, 28, 28], options).outputShape).toEqual(shape);
  });

  it.each<[readonly number[], Pool2dOptions, string]>([
    [[1, 4, 4], { size: 2, padding: 2 }, 'maxpool 1: padding 2 is more than half the window 2 (a window would see only padding)'],
    [[1, 4, 4], { size: 5 }, 'maxpool 1: window 5 is larger than the padded input 4×4'],
    [[1, 4, 4], { size: 0 }, 'maxpool 1: size must be a whole number ≥ 1 or a pair of them, got 0'],
    [[1, 4, 4], { size: 2, stride: [1, 0] }, 'maxpool 1: stride must be a whole number ≥ 1 or a pair of them, got [1, 0]'],
    [[16], {}, 'maxpool 1: input must be an image [channels, height, width], got shape [16]'],
  ])('%o with %o', (shape, options, message) => {
    const error = thrown(() => new MaxPool2d('1', shape, options));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
    expect(thrown(() => new AvgPool2d('1', shape, options)).message).toBe(message.replace('maxpool', 'avgpool'));
  });

  it('global_avgpool refuses features', () => {
    expect(thrown(() => new GlobalAvgPool('2', [10])).message).toBe('global_avgpool 2: input must be an image [channels, height, width], got shape [10]');
  });
});

describe('pools equal PyTorch', () => {
  for (const [file, Pool] of [['maxpool', MaxPool2d], ['avgpool', AvgPool2d]] as const) {
    it.each(Object.entries(torchCases(file)))(`${file} %s`, (_, c) => {
      const o = c.options as { kernel_size: number | [number, number]; stride?: number | [number, number]; padding?: number | [number, number] };
      const pool = new Pool('0', c.inputShape.slice(1), { size: o.kernel_size, stride: o.stride, padding: o.padding });
      const batch = c.inputShape[0];
      expect([batch, ...pool.outputShape]).toEqual(c.outputShape);
      expectClose('y', pool.forward(Float32Array.from(c.x), batch, context), c.y);
      expectClose('dx', pool.backward(Float32Array.from(c.r), batch), c.dx);
    });
  }
});
