import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Layer } from '../../../src/engine/layers/layer';
import { Rng } from '../../../src/engine/rng';

/**
 * Shared checks of the layer norm, positional encoding and attention tests:
 * equality with the PyTorch fixtures of test/fixtures/pytorch/attention
 * (scripts/pytorch-attention-fixtures.py).
 */

/** One PyTorch module's run: its parameters by state-dict name, input, output and gradients of L = Σ r⊙y. */
export interface TorchRun {
  readonly description: string;
  readonly options: Record<string, unknown>;
  readonly inputShape: number[];
  readonly batch: number;
  readonly input: number[];
  readonly projection: number[];
  readonly output: number[];
  readonly gradInput: number[];
  readonly parameters: Record<string, { shape: number[]; value: number[]; grad: number[] }>;
}

export function torchRun(file: 'layernorm' | 'encoder-post' | 'encoder-pre'): TorchRun {
  const path = join(__dirname, '..', '..', 'fixtures', 'pytorch', 'attention', `${file}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as TorchRun;
}

/**
 * Every element within 1e-5 of the tensor's largest magnitude. An element's
 * own relative error means nothing where terms cancel: the key bias's
 * gradient is exactly 0 in exact arithmetic (softmax ignores a shift shared by
 * a query's scores), so both frameworks hold float32 rounding noise there.
 */
export function expectClose(label: string, actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  const tolerance = 1e-5 * scale;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) expect.fail(`${label}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`);
  }
}

/**
 * Loads the run's parameters into `layer` (named `0.<state-dict name>`),
 * runs forward and backward, and compares the output, dL/dx and every
 * parameter gradient with PyTorch's.
 */
export function expectMatchesTorch(layer: Layer, run: TorchRun): void {
  expect(layer.parameters.map((p) => [p.name, p.shape])).toEqual(Object.entries(run.parameters).map(([name, p]) => [`0.${name}`, p.shape]));
  for (const p of layer.parameters) p.value.set(run.parameters[p.name.slice(2)].value);
  const output = layer.forward(Float32Array.from(run.input), run.batch, { training: true, rng: new Rng(0) });
  expectClose('output', output, run.output);
  expectClose('dL/dx', layer.backward(Float32Array.from(run.projection), run.batch), run.gradInput);
  for (const p of layer.parameters) expectClose(`dL/d${p.name}`, p.grad, run.parameters[p.name.slice(2)].grad);
}
