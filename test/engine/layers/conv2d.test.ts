import { afterAll, describe, expect, it } from 'vitest';
import { createActivation, softmax } from '../../../src/engine/activations';
import { ConfigError } from '../../../src/engine/errors';
import { constant, type Initializer, type WeightShape } from '../../../src/engine/initializers';
import { availableKernels, useKernels } from '../../../src/engine/kernels';
import { Conv2d, conv2dParams, type Conv2dOptions } from '../../../src/engine/layers/conv2d';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';
import { expectClose, gaussian, torchCases } from './image-layer-check';
import { expectLayerGradients } from '../gradcheck';

const context = { training: true, rng: new Rng(0) };

/** A conv whose weights are the given values, bias b. */
function convWith(inputShape: number[], options: Omit<Conv2dOptions, 'kernelInitializer' | 'biasInitializer'>, weight: number[], bias = 0): Conv2d {
  const conv = new Conv2d('0', inputShape, { ...options, kernelInitializer: constant({ value: 0 }), biasInitializer: constant({ value: bias }) }, new Rng(1));
  conv.weight.value.set(weight);
  return conv;
}

describe('conv2d forward on hand-worked images', () => {
  const nine = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('slides a 2×2 kernel without padding', () => {
    // y[i,j] = x[i,j] − x[i+1,j+1] + 0.5: every diagonal step of the 3×3 ramp is 4, so −3.5 everywhere.
    const conv = convWith([1, 3, 3], { filters: 1, kernel: 2 }, [1, 0, 0, -1], 0.5);
    expect(conv.outputShape).toEqual([1, 2, 2]);
    expect([...conv.forward(nine, 1, context)]).toEqual([-3.5, -3.5, -3.5, -3.5]);
  });

  it('steps by the stride', () => {
    // A 1×1 kernel of weight 2 at stride 2 reads the corners 1, 3, 7, 9.
    const conv = convWith([1, 3, 3], { filters: 1, kernel: 1, stride: 2 }, [2]);
    expect([...conv.forward(nine, 1, context)]).toEqual([2, 6, 14, 18]);
  });

  it('reads zeros in the padding', () => {
    // A 3×3 kernel of ones with padding 1 on a 2×2 image covers the whole image from every position: 1 + 2 + 3 + 4.
    const conv = convWith([1, 2, 2], { filters: 1, kernel: 3, padding: 1 }, new Array(9).fill(1));
    expect([...conv.forward(Float32Array.from([1, 2, 3, 4]), 1, context)]).toEqual([10, 10, 10, 10]);
  });

  it('spaces the taps by the dilation', () => {
    // A 2×2 kernel with dilation 2 on the 3×3 ramp reads the four corners once: 1 − 9 = −8 with weights [1, 0, 0, −1].
    const conv = convWith([1, 3, 3], { filters: 1, kernel: 2, dilation: 2 }, [1, 0, 0, -1]);
    expect(conv.outputShape).toEqual([1, 1, 1]);
    expect([...conv.forward(nine, 1, context)]).toEqual([-8]);
  });

  it('sums over input channels and keeps one plane per filter, sample by sample', () => {
    // Two 1×1 images of 2 channels; filter 0 adds the channels, filter 1 takes their difference.
    const conv = convWith([2, 1, 1], { filters: 2, kernel: 1 }, [1, 1, 1, -1]);
    expect([...conv.forward(Float32Array.from([3, 1, 5, 2]), 2, context)]).toEqual([4, 2, 7, 3]);
  });

  it('applies its activation to z and keeps z as the preactivation', () => {
    const conv = convWith([1, 1, 2], { filters: 1, kernel: 1, activation: createActivation('relu') }, [1]);
    expect([...conv.forward(Float32Array.from([-1, 2]), 1, context)]).toEqual([0, 2]);
    expect([...conv.preactivation]).toEqual([-1, 2]);
    expect([...conv.output]).toEqual([0, 2]);
  });
});

describe('conv2d shapes, parameters and initialization', () => {
  it.each([
    // PyTorch: ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1.
    [{ filters: 4, kernel: 3 }, [4, 26, 26]],
    [{ filters: 4, kernel: 3, padding: 'same' as const }, [4, 28, 28]],
    [{ filters: 4, kernel: 4, padding: 'same' as const, dilation: 3 }, [4, 28, 28]],
    [{ filters: 2, kernel: 5, stride: 2, padding: 2 }, [2, 14, 14]],
    [{ filters: 2, kernel: [3, 1] as const, stride: [2, 1] as const, padding: [0, 1] as const, dilation: [2, 1] as const }, [2, 12, 30]],
  ])('%o on 1×28×28 gives %o', (options, shape) => {
    const conv = new Conv2d('0', [1, 28, 28], options, new Rng(1));
    expect(conv.outputShape).toEqual(shape);
    expect(conv.outputSize).toBe(shape[0] * shape[1] * shape[2]);
  });

  it('names its parameters as PyTorch’s state dict, weight [out, in, kh, kw]', () => {
    const conv = new Conv2d('3', [2, 8, 8], { filters: 5, kernel: [3, 2] }, new Rng(1));
    expect(conv.parameters.map((p) => [p.name, p.shape, p.role])).toEqual([
      ['3.weight', [5, 2, 3, 2], 'weight'],
      ['3.bias', [5], 'bias'],
    ]);
    expect(new Conv2d('0', [1, 4, 4], { filters: 1, kernel: 1, useBias: false }, new Rng(1)).parameters.map((p) => p.name)).toEqual(['0.weight']);
  });

  it('hands the initializers PyTorch’s fans, in·kh·kw and out·kh·kw', () => {
    const seen: WeightShape[] = [];
    const recorder: Initializer = { name: 'recorder', fill: (_target, shape) => void seen.push(shape) };
    new Conv2d('0', [3, 9, 9], { filters: 8, kernel: [5, 3], kernelInitializer: recorder, biasInitializer: recorder }, new Rng(1));
    expect(seen).toEqual([
      { rows: 8, cols: 45, fanIn: 45, fanOut: 120 },
      { rows: 8, cols: 1, fanIn: 45, fanOut: 120 },
    ]);
  });

  it('defaults to glorot_uniform weights, U(±√(6/(fan_in + fan_out))), and zero bias', () => {
    const conv = new Conv2d('0', [3, 9, 9], { filters: 8, kernel: 3 }, new Rng(1));
    const limit = Math.sqrt(6 / (27 + 72));
    const w = conv.weight.value;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect([...conv.bias!.value]).toEqual(new Array(8).fill(0));
    expect(conv.kernelInitializer.name).toBe('glorot_uniform');
  });

  it('is deterministic given the rng', () => {
    const make = () => new Conv2d('0', [2, 5, 5], { filters: 3, kernel: 3 }, new Rng(7)).weight.value;
    expect(make()).toEqual(make());
  });

  it('describes its language options with Keras’s defaults', () => {
    const resolved = conv2dParams.resolveNamed({ filters: 16, kernel: 3 });
    expect(resolved).toEqual({ filters: 16, kernel: 3, activation: 'linear', stride: 1, padding: 'valid', dilation: 1, init: 'glorot_uniform', biasInit: 'zeros', useBias: true });
  });
});

describe('conv2d refuses what cannot work', () => {
  it.each([
    [[1, 5, 5], { filters: 1, kernel: 7 }, 'conv2d 0: kernel 7 is larger than the padded input 5×5'],
    [[1, 5, 5], { filters: 1, kernel: 3, dilation: 3 }, 'conv2d 0: kernel 3 (dilated to 7×7) is larger than the padded input 5×5'],
    [[1, 5, 5], { filters: 1, kernel: [2, 6] as const, padding: 0 }, 'conv2d 0: kernel 2×6 is larger than the padded input 5×5'],
    [[1, 5, 5], { filters: 1, kernel: 3, stride: 2, padding: 'same' as const }, "conv2d 0: padding 'same' needs stride 1 (PyTorch refuses it for strided convolutions), got stride 2"],
    [[1, 5, 5], { filters: 0, kernel: 3 }, 'conv2d 0: filters must be a whole number ≥ 1, got 0'],
    [[1, 5, 5], { filters: 1, kernel: 0 }, 'conv2d 0: kernel must be a whole number ≥ 1 or a pair of them, got 0'],
    [[1, 5, 5], { filters: 1, kernel: 3, stride: [1, 1.5] as const }, 'conv2d 0: stride must be a whole number ≥ 1 or a pair of them, got [1, 1.5]'],
    [[1, 5, 5], { filters: 1, kernel: 3, padding: -1 }, 'conv2d 0: padding must be a whole number ≥ 0 or a pair of them, got -1'],
    [[1, 5, 5], { filters: 1, kernel: 3, padding: 'full' as 'same' }, "conv2d 0: padding must be 'valid', 'same', a whole number ≥ 0 or a pair of them, got full"],
    [[25], { filters: 1, kernel: 3 }, 'conv2d 0: input must be an image [channels, height, width], got shape [25]'],
    [[1, 5, 5], { filters: 1, kernel: 3, activation: softmax }, 'conv2d 0: activation softmax does not act on each element alone'],
  ])('%o with %o', (shape, options, message) => {
    const error = thrown(() => new Conv2d('0', shape, options as Conv2dOptions, new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
  });
});

describe('conv2d gradients match finite differences', () => {
  it.each([
    ['3×3, padding 1, tanh', [2, 5, 4], { filters: 3, kernel: 3, padding: 1, activation: createActivation('tanh') }],
    ['stride 2, dilation 2, padding [1, 2]', [2, 7, 6], { filters: 2, kernel: [2, 3], stride: 2, dilation: 2, padding: [1, 2] }],
    ['same with an even kernel', [1, 5, 5], { filters: 2, kernel: 2, padding: 'same' }],
    ['stride 3 skipping pixels, no bias', [2, 7, 7], { filters: 2, kernel: 2, stride: 3, useBias: false }],
  ] as const)('%s', (_, shape, options) => {
    const conv = new Conv2d('0', shape, { ...(options as Conv2dOptions), kernelInitializer: gaussian, biasInitializer: gaussian }, new Rng(2));
    expectLayerGradients(conv, 3);
  });

  it('skips dL/dx when the first layer needs none, with the same parameter gradients', () => {
    const make = (needsInputGradient: boolean) => new Conv2d('0', [1, 4, 4], { filters: 2, kernel: 3, needsInputGradient }, new Rng(3));
    const x = Float32Array.from({ length: 32 }, (_, i) => Math.sin(i));
    const r = Float32Array.from({ length: 16 }, (_, i) => Math.cos(i));
    const [full, first] = [make(true), make(false)];
    for (const conv of [full, first]) {
      conv.forward(x, 2, context);
      conv.backward(r, 2);
    }
    expect(first.weight.grad).toEqual(full.weight.grad);
    expect(first.bias!.grad).toEqual(full.bias!.grad);
  });
});

describe('conv2d equals PyTorch', () => {
  afterAll(() => useKernels('auto'));

  const cases = Object.entries(torchCases('conv2d'));
  it.each(availableKernels().flatMap((kernels) => cases.map(([name, c]) => [kernels, name, c] as const)))('%s kernels: %s', (kernels, _, c) => {
    useKernels(kernels);
    const o = c.options as { filters: number; kernel_size: number | [number, number]; stride?: number | [number, number]; padding?: 'same' | number | [number, number]; dilation?: number | [number, number] };
    const conv = new Conv2d('0', c.inputShape.slice(1), { filters: o.filters, kernel: o.kernel_size, stride: o.stride, padding: o.padding, dilation: o.dilation }, new Rng(1));
    conv.weight.value.set(c.weight as number[]);
    conv.bias!.value.set(c.bias as number[]);
    const batch = c.inputShape[0];
    expect([batch, ...conv.outputShape]).toEqual(c.outputShape);
    expectClose('y', conv.forward(Float32Array.from(c.x), batch, context), c.y);
    expectClose('dx', conv.backward(Float32Array.from(c.r), batch), c.dx);
    expectClose('dweight', conv.weight.grad, c.dweight as number[]);
    expectClose('dbias', conv.bias!.grad, c.dbias as number[]);
  });
});
