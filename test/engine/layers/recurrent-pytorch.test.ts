import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gru } from '../../../src/engine/layers/gru';
import { Lstm } from '../../../src/engine/layers/lstm';
import type { Recurrent, RecurrentOptions } from '../../../src/engine/layers/recurrent';
import { SimpleRnn } from '../../../src/engine/layers/rnn';
import { Rng } from '../../../src/engine/rng';

/**
 * The layers against PyTorch 1.13's nn.RNN, nn.LSTM and nn.GRU
 * (scripts/pytorch-recurrent-fixtures.py wrote the fixtures): outputs, last
 * hidden state, every gradient for L = Σ r ⊙ output, the same truncated by
 * detach() every `bptt` steps, and ‖∂L/∂h_t‖ per step.
 */

interface Gradients {
  readonly weight_ih_l0: number[];
  readonly weight_hh_l0: number[];
  readonly bias_ih_l0: number[];
  readonly bias_hh_l0: number[];
  readonly input: number[];
  readonly stepNorms: number[];
}

interface Fixture {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly hidden: number;
  readonly bptt: number;
  readonly weights: Readonly<Record<string, number[]>>;
  readonly input: number[];
  readonly r: number[];
  readonly output: number[];
  readonly lastHidden: number[];
  readonly full: Gradients;
  readonly truncated: Gradients;
}

type Build = (shape: number[], options: RecurrentOptions) => Recurrent;

const cases: readonly (readonly [string, Build])[] = [
  ['rnn-tanh', (shape, options) => new SimpleRnn('0', shape, { ...options, nonlinearity: 'tanh' }, new Rng(1))],
  ['rnn-relu', (shape, options) => new SimpleRnn('0', shape, { ...options, nonlinearity: 'relu' }, new Rng(1))],
  ['lstm', (shape, options) => new Lstm('0', shape, { ...options, unitForgetBias: false }, new Rng(1))],
  ['gru', (shape, options) => new Gru('0', shape, options, new Rng(1))],
];

const context = { training: true, rng: new Rng(0) };

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'pytorch', 'recurrent', `${name}.json`), 'utf8')) as Fixture;
}

/** |a − e| ≤ 1e-5·|e| + 1e-6: 1e-5 relative, with a floor for values that are nearly 0. */
function expectClose(label: string, actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-5 * Math.abs(expected[i]) + 1e-6;
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) expect.fail(`${label}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`);
  }
}

function load(data: Fixture, build: Build, options: Omit<RecurrentOptions, 'units'>): Recurrent {
  const layer = build([data.steps, data.features], { units: data.hidden, ...options });
  for (const parameter of layer.parameters) parameter.value.set(data.weights[parameter.name.slice('0.'.length)]);
  return layer;
}

function expectGradients(label: string, layer: Recurrent, data: Fixture, expected: Gradients): void {
  layer.forward(Float32Array.from(data.input), data.batch, context);
  const gradInput = layer.backward(Float32Array.from(data.r), data.batch);
  for (const parameter of layer.parameters) {
    const key = parameter.name.slice('0.'.length) as keyof Gradients;
    expectClose(`${label} d${key}`, parameter.grad, expected[key]);
  }
  expectClose(`${label} dinput`, gradInput, expected.input);
  expectClose(`${label} ‖∂L/∂h_t‖`, layer.timestepGradientNorms, expected.stepNorms);
}

describe.each(cases)('%s equals PyTorch', (name, build) => {
  const data = fixture(name);

  it('output sequence and last hidden state', () => {
    expectClose('output', load(data, build, { returnSequences: true }).forward(Float32Array.from(data.input), data.batch, context), data.output);
    expectClose('h_n', load(data, build, {}).forward(Float32Array.from(data.input), data.batch, context), data.lastHidden);
  });

  it('every gradient through the whole sequence', () => {
    expectGradients(name, load(data, build, { returnSequences: true }), data, data.full);
  });

  it('every gradient with the state detached every bptt steps', () => {
    expectGradients(`${name} bptt=${data.bptt}`, load(data, build, { returnSequences: true, bptt: data.bptt }), data, data.truncated);
  });

  it('truncation changes the gradients (the check can fail)', () => {
    expect(data.truncated.weight_hh_l0).not.toEqual(data.full.weight_hh_l0);
  });
});
