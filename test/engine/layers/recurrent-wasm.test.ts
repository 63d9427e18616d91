import { afterEach, describe, expect, it } from 'vitest';
import type { Initializer } from '../../../src/engine/initializers';
import { useKernels, type KernelChoice } from '../../../src/engine/kernels';
import { Gru } from '../../../src/engine/layers/gru';
import { Lstm } from '../../../src/engine/layers/lstm';
import type { Recurrent, RecurrentOptions } from '../../../src/engine/layers/recurrent';
import { SimpleRnn } from '../../../src/engine/layers/rnn';
import { Rng } from '../../../src/engine/rng';
import { expectLayerGradients, projection } from '../gradcheck';

/**
 * The cells on the WebAssembly gate kernels (gates.wat, where the matrix
 * products run in WebAssembly) against their float64 JavaScript loops (where
 * they run in JavaScript): the same outputs and gradients to float32
 * rounding, and gradients that match finite differences on their own.
 */

/**
 * Weights N(0, σ²) with σ = min(0.5, 1/√fan_in): large enough that every
 * gate does something, and small enough that 300 units do not make the
 * recurrence chaotic, where any rounding difference would grow step by step.
 */
const gaussian: Initializer = {
  name: 'test_gaussian',
  fill: (target, shape, rng) => {
    const deviation = Math.min(0.5, 1 / Math.sqrt(shape.fanIn));
    for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, deviation);
  },
};

const context = { training: true, rng: new Rng(0) };
const STEPS = 6;
const FEATURES = 3;

type Build = (options: RecurrentOptions) => Recurrent;

const cells: readonly (readonly [string, Build])[] = [
  ['lstm', (options) => new Lstm('0', [STEPS, FEATURES], options, new Rng(1))],
  ['gru', (options) => new Gru('0', [STEPS, FEATURES], options, new Rng(1))],
  ['rnn tanh', (options) => new SimpleRnn('0', [STEPS, FEATURES], options, new Rng(1))],
];

const randomInit = { kernelInitializer: gaussian, recurrentInitializer: gaussian, biasInitializer: gaussian };

afterEach(() => {
  useKernels('auto');
});

/** The output and every gradient of L = Σ r ⊙ layer(x), with both kernels chosen as `kernels`. */
function run(kernels: KernelChoice, build: Build, options: RecurrentOptions, batch: number): Float32Array[] {
  useKernels(kernels);
  const layer = build(options);
  const output = Float32Array.from(layer.forward(projection(batch * layer.inputSize, 3), batch, context));
  const gradInput = Float32Array.from(layer.backward(projection(batch * layer.outputSize, 9), batch));
  return [output, gradInput, ...layer.parameters.map((p) => Float32Array.from(p.grad))];
}

/**
 * The largest |a − e| over an array, relative to the array's largest |e|:
 * a gradient summed over T·B rows can cancel to nearly 0 in one element, so
 * each array is measured against its own scale.
 */
function relativeDifference(actual: Float32Array, expected: Float32Array): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / scale;
}

describe('the recurrent cells on the WebAssembly gate kernels', () => {
  // 5 units: a row's last vector overlaps the one before it; 300 LSTM units: 6 rows a chunk, so 13 rows take 3 chunks.
  it.each(cells.flatMap(([name, build]) => [
    [name, 5, 3, false, build],
    [name, 8, 4, true, build],
    [name, 300, 13, true, build],
  ] as const))('%s with %i units, batch %i, every step’s output %s, agrees with the float64 loops to 2e-6', (_, units, batch, returnSequences, build) => {
    const options = { units, returnSequences, bptt: 4, ...randomInit };
    const wasm = run('wasm', build, options, batch);
    const js = run('js', build, options, batch);
    const names = ['output', 'dL/dx', 'dL/dW_ih', 'dL/dW_hh', 'dL/db_ih', 'dL/db_hh'];
    // Measured at most 8.2e-7, 7 float32 ulp of each array's scale (2e-6 is 17).
    wasm.forEach((values, i) => expect(relativeDifference(values, js[i]), names[i]).toBeLessThan(2e-6));
  });

  it.each(cells)('%s: every gradient matches finite differences on the kernels', (_, build) => {
    useKernels('wasm');
    const layer = build({ units: 5, returnSequences: true, ...randomInit });
    expectLayerGradients(layer, 2, { x: projection(2 * layer.inputSize, 3) });
  });
});
