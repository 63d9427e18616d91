import { describe, expect, it } from 'vitest';
import { col2im, im2col, type ConvGeometry } from '../../../src/engine/kernels/im2col';
import { createRearrangeKernels } from '../../../src/engine/kernels/im2col-wasm';
import { conv2dGeometry, type Conv2dOptions } from '../../../src/engine/layers/conv2d';
import { Rng } from '../../../src/engine/rng';
import { firstDifference } from '../first-difference';

const kernels = createRearrangeKernels();

/** Values with −0 and NaN among them: copies must move them unchanged. */
function values(length: number, rng: Rng): Float32Array {
  return Float32Array.from({ length }, (_, i) => (i % 17 === 5 ? -0 : i % 29 === 7 ? Number.NaN : rng.uniform() * 4 - 2));
}

type Shape = Pick<Conv2dOptions, 'kernel' | 'padding' | 'dilation'>;

const images: [number, number, number][] = [
  [1, 1, 1], [3, 1, 1], [1, 2, 3], [5, 3, 3], [3, 4, 7], [1, 7, 5], [5, 8, 8], [3, 13, 13], [1, 28, 28], [3, 29, 31], [5, 31, 29],
];
const shapes: Shape[] = [
  { kernel: 1 },
  { kernel: 1, padding: 'same' },
  { kernel: 2, padding: 'same' },
  { kernel: 3 },
  { kernel: 3, padding: 'same' },
  { kernel: [2, 3], padding: [1, 2] },
  { kernel: 3, dilation: 2, padding: 'same' },
  { kernel: 5, padding: 2 },
];

/** Every image and kernel shape that fits together (valid needs the kernel inside the image). */
function geometries(): { label: string; g: ConvGeometry }[] {
  const cases: { label: string; g: ConvGeometry }[] = [];
  for (const image of images) {
    for (const shape of shapes) {
      try {
        cases.push({ label: `${image.join('×')} ${JSON.stringify(shape)}`, g: conv2dGeometry('0', image, { filters: 1, ...shape }) });
      } catch {
        // The kernel does not fit this image.
      }
    }
  }
  return cases;
}

describe.runIf(kernels !== undefined)('stride-1 im2col and col2im on WebAssembly', () => {
  const fast = kernels!;

  /** Runs im2col and col2im both ways on every sample of a batch and compares them bit for bit. */
  function expectSame(g: ConvGeometry, batch: number, seed: number): void {
    const rng = new Rng(seed);
    const inputSize = g.channels * g.height * g.width;
    const patchSize = g.channels * g.kernelHeight * g.kernelWidth * g.outHeight * g.outWidth;
    const input = values(batch * inputSize, rng);
    const jsImage = new Float32Array(batch * inputSize).fill(3);
    const wasmImage = new Float32Array(batch * inputSize).fill(3);
    for (let n = 0; n < batch; n++) {
      const js = new Float32Array(patchSize);
      const wasm = new Float32Array(patchSize).fill(Number.NaN);
      im2col(input, n * inputSize, g, js, 0, g.outHeight * g.outWidth);
      fast.im2col(input, n, g, wasm);
      expect(firstDifference(wasm, js)).toBeUndefined();

      const gradient = values(patchSize, rng);
      col2im(gradient, 0, g.outHeight * g.outWidth, g, jsImage, n * inputSize);
      fast.col2im(gradient, g, wasmImage, n);
      // Later samples still hold the fill: each call writes only its own.
      expect(firstDifference(wasmImage, jsImage)).toBeUndefined();
    }
  }

  describe.each(geometries())('$label', ({ g }) => {
    it.each([1, 7])('matches the JavaScript bit for bit, batch %i', (batch) => {
      expect(fast.covers(g)).toBe(true);
      expectSame(g, batch, g.channels * 100 + g.height * 7 + g.width + batch);
    });
  });

  it.each([
    // Five channels whose patch rows overflow a chunk together: groups of one channel.
    ['groups of channels', [5, 29, 31], { kernel: 3, padding: 'same' }],
    // One channel's patch rows larger than a chunk: the memory grows.
    ['a channel larger than a chunk', [1, 64, 64], { kernel: 5, padding: 'same' }],
    // 8 channels of 13×13 under a 3×3 kernel, the benchmark's second convolution: one group.
    ['the benchmark’s second convolution', [8, 13, 13], { kernel: 3 }],
  ] as const)('matches across %s', (_, image, shape) => {
    expectSame(conv2dGeometry('0', image, { filters: 1, ...shape }), 3, 11);
  });

  it('leaves strided convolutions to the JavaScript loops', () => {
    expect(fast.covers(conv2dGeometry('0', [1, 8, 8], { filters: 1, kernel: 3, stride: 2 }))).toBe(false);
    expect(fast.covers(conv2dGeometry('0', [1, 8, 8], { filters: 1, kernel: 3, stride: [1, 2] }))).toBe(false);
  });
});
