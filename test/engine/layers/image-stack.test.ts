import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { BatchNorm } from '../../../src/engine/layers/batchnorm';
import { Conv2d } from '../../../src/engine/layers/conv2d';
import { Dense } from '../../../src/engine/layers/dense';
import { Flatten } from '../../../src/engine/layers/flatten';
import type { Layer } from '../../../src/engine/layers/layer';
import { AvgPool2d, MaxPool2d } from '../../../src/engine/layers/pool2d';
import { Rng } from '../../../src/engine/rng';
import { dot, expectGradientMatches, projection } from '../gradcheck';
import { gaussian } from './image-layer-check';

const context = { training: true, rng: new Rng(0) };

/** conv → batchnorm → avgpool → conv → maxpool → flatten → dense: every image layer in one chain. */
function stack(): Layer[] {
  const rng = new Rng(5);
  const tanh = createActivation('tanh');
  const conv1 = new Conv2d('0', [2, 8, 8], { filters: 3, kernel: 3, padding: 'same', activation: tanh, kernelInitializer: gaussian, biasInitializer: gaussian }, rng);
  const norm = new BatchNorm('1', conv1.outputShape);
  const avg = new AvgPool2d('2', norm.outputShape);
  const conv2 = new Conv2d('3', avg.outputShape, { filters: 4, kernel: 2, stride: 1, activation: tanh, kernelInitializer: gaussian, biasInitializer: gaussian }, rng);
  const max = new MaxPool2d('4', conv2.outputShape, { size: 2, stride: 1 });
  const flatten = new Flatten('5', max.outputShape);
  const dense = new Dense('6', flatten.outputSize, { units: 3, kernelInitializer: gaussian, biasInitializer: gaussian }, rng);
  return [conv1, norm, avg, conv2, max, flatten, dense];
}

function forward(layers: Layer[], x: Float32Array, batch: number): Float32Array {
  return layers.reduce((h, layer) => layer.forward(h, batch, context), x);
}

function backward(layers: Layer[], g: Float32Array, batch: number): Float32Array {
  return layers.reduceRight((d, layer) => layer.backward(d, batch), g);
}

describe('an image network of every image layer', () => {
  it('chains shapes from [2, 8, 8] to 3 features', () => {
    expect(stack().map((layer) => layer.outputShape)).toEqual([[3, 8, 8], [3, 8, 8], [3, 4, 4], [4, 3, 3], [4, 2, 2], [16], [3]]);
  });

  it('back-propagates through the whole chain to the input and the first convolution', () => {
    const layers = stack();
    const batch = 2;
    const x = projection(batch * 128, 11).map((v) => 2 * v);
    const r = projection(batch * 3, 12);
    const loss = () => dot(r, forward(layers, x, batch));
    loss();
    const gradInput = Float32Array.from(backward(layers, r, batch));
    const conv1 = layers[0] as Conv2d;
    const gradWeight = Float32Array.from(conv1.weight.grad);
    expectGradientMatches('dL/dx', loss, x, gradInput);
    expectGradientMatches('dL/dW of conv 0', loss, conv1.weight.value, gradWeight);
  });

  it('reuses its arrays from step to step, and a smaller batch after a larger one computes the same', () => {
    const layers = stack();
    const x = projection(3 * 128, 13);
    const first = forward(layers, x, 3);
    expect(forward(layers, x, 3)).toBe(first);
    const gradFirst = backward(layers, projection(9, 14), 3);
    expect(backward(layers, projection(9, 14), 3)).toBe(gradFirst);
    // Eval mode, so batch norm uses the same running statistics for both.
    const evaluate = { training: false, rng: new Rng(0) };
    const one = x.subarray(0, 128);
    const alone = Float32Array.from(stack().reduce((h, layer) => layer.forward(h, 1, evaluate), one));
    const fresh = stack();
    fresh.reduce((h, layer) => layer.forward(h, 3, evaluate), x);
    expect(Float32Array.from(fresh.reduce((h, layer) => layer.forward(h, 1, evaluate), one))).toEqual(alone);
  });
});
