import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { identity, type Initializer } from '../../../src/engine/initializers';
import { Gru, gruLayer } from '../../../src/engine/layers/gru';
import { Lstm, lstmLayer, lstmParams } from '../../../src/engine/layers/lstm';
import type { Recurrent, RecurrentOptions } from '../../../src/engine/layers/recurrent';
import { rnnLayer, rnnParams, SimpleRnn } from '../../../src/engine/layers/rnn';
import { Rng } from '../../../src/engine/rng';
import { expectLayerGradients, projection } from '../gradcheck';
import { thrown } from '../thrown';

/** Weights N(0, 0.5²): large enough that every gate does something. */
const gaussian: Initializer = {
  name: 'test_gaussian',
  fill: (target, _shape, rng) => {
    for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, 0.5);
  },
};

const context = { training: true, rng: new Rng(0) };
const BATCH = 2;
const STEPS = 4;
const FEATURES = 3;

type Build = (options: RecurrentOptions) => Recurrent;

const layers: readonly (readonly [string, Build])[] = [
  ['rnn tanh', (options) => new SimpleRnn('0', [STEPS, FEATURES], options, new Rng(1))],
  ['rnn relu', (options) => new SimpleRnn('0', [STEPS, FEATURES], { ...options, nonlinearity: 'relu' }, new Rng(1))],
  ['lstm', (options) => new Lstm('0', [STEPS, FEATURES], options, new Rng(1))],
  ['gru', (options) => new Gru('0', [STEPS, FEATURES], options, new Rng(1))],
];

const randomInit = { kernelInitializer: gaussian, recurrentInitializer: gaussian, biasInitializer: gaussian };

/** L = Σ r⊙layer(x) with inputs in [0, 1): dL/dx and every parameter's gradient against finite differences. */
function checkGradients(layer: Recurrent): void {
  expectLayerGradients(layer, BATCH, { x: projection(BATCH * layer.inputSize, 3) });
}

describe('recurrent gradients match finite differences', () => {
  it.each(layers)('%s, every step’s output', (_, build) => {
    checkGradients(build({ units: 3, returnSequences: true, ...randomInit }));
  });

  it.each(layers)('%s, last step only', (_, build) => {
    checkGradients(build({ units: 3, ...randomInit }));
  });

  it.each(layers)('%s, default initializers (unit forget bias for the LSTM)', (_, build) => {
    checkGradients(build({ units: 2, returnSequences: true }));
  });
});

describe('recurrent layers', () => {
  it('an RNN step is h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)', () => {
    const rnn = new SimpleRnn('0', [2, 1], { units: 1, returnSequences: true }, new Rng(1));
    rnn.weightIh.value.set([0.5]);
    rnn.weightHh.value.set([2]);
    rnn.biasIh.value.set([0.1]);
    rnn.biasHh.value.set([-0.1]);
    const out = rnn.forward(Float32Array.from([1, -1]), 1, context);
    // h_0 = tanh(0.5·1 + 0.1 − 0.1) = tanh(0.5); h_1 = tanh(0.5·(−1) + 2·tanh(0.5)).
    const h0 = Math.tanh(0.5);
    expect(out[0]).toBeCloseTo(h0, 6);
    expect(out[1]).toBeCloseTo(Math.tanh(-0.5 + 2 * h0), 6);
  });

  it('an LSTM with unit forget bias keeps c: one step of i = f = o = σ(1)… worked by hand', () => {
    const lstm = new Lstm('0', [1, 1], { units: 1 }, new Rng(1));
    lstm.weightIh.value.set([1, 0, 2, 0]); // i, f, g, o rows
    lstm.weightHh.value.fill(0);
    // Forget bias: bias_ih f block 1, bias_hh f block 0, the rest zeros.
    expect(Array.from(lstm.biasIh.value)).toEqual([0, 1, 0, 0]);
    expect(Array.from(lstm.biasHh.value)).toEqual([0, 0, 0, 0]);
    const h = lstm.forward(Float32Array.from([0.5]), 1, context)[0];
    // i = σ(0.5), g = tanh(1), o = σ(0), c = i·g (c_{−1} = 0), h = o·tanh(c).
    const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
    expect(h).toBeCloseTo(0.5 * Math.tanh(sigmoid(0.5) * Math.tanh(1)), 6);
  });

  it('names parameters as PyTorch’s state dict, gate blocks stacked G·H rows', () => {
    const lstm = new Lstm('3', [5, 2], { units: 4 }, new Rng(1));
    expect(lstm.parameters.map((p) => [p.name, p.shape])).toEqual([
      ['3.weight_ih_l0', [16, 2]],
      ['3.weight_hh_l0', [16, 4]],
      ['3.bias_ih_l0', [16]],
      ['3.bias_hh_l0', [16]],
    ]);
    expect(new Gru('1', [5, 2], { units: 4 }, new Rng(1)).weightHh.shape).toEqual([12, 4]);
    expect(new SimpleRnn('1', [5, 2], { units: 4 }, new Rng(1)).weightHh.shape).toEqual([4, 4]);
  });

  it.each([
    [false, [6]],
    [true, [7, 6]],
  ])('return_sequences=%s gives output shape %j', (returnSequences, shape) => {
    const gru = new Gru('0', [7, 3], { units: 6, returnSequences }, new Rng(1));
    expect(gru.outputShape).toEqual(shape);
    expect(gru.forward(new Float32Array(2 * 21), 2, context).length).toBe(2 * shape.reduce((a, b) => a * b, 1));
  });

  it('the last step of the sequence output is the last-step output', () => {
    const options = { units: 3, ...randomInit };
    const x = projection(BATCH * STEPS * FEATURES, 4);
    const sequence = new Lstm('0', [STEPS, FEATURES], { ...options, returnSequences: true }, new Rng(5)).forward(x, BATCH, context);
    const last = new Lstm('0', [STEPS, FEATURES], options, new Rng(5)).forward(x, BATCH, context);
    for (let b = 0; b < BATCH; b++) {
      expect(Array.from(last.subarray(b * 3, b * 3 + 3))).toEqual(Array.from(sequence.subarray((b * STEPS + STEPS - 1) * 3, (b * STEPS + STEPS) * 3)));
    }
  });

  it('fills each gate’s H×H recurrent block on its own: identity gives I in every block', () => {
    const gru = new Gru('0', [2, 1], { units: 2, recurrentInitializer: identity() }, new Rng(1));
    expect(Array.from(gru.weightHh.value)).toEqual([1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('fills each gate’s block with an orthogonal matrix by default', () => {
    const lstm = new Lstm('0', [2, 1], { units: 8 }, new Rng(1));
    const w = lstm.weightHh.value;
    for (let gate = 0; gate < 4; gate++) {
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 8; j++) {
          let product = 0;
          for (let k = 0; k < 8; k++) product += w[(gate * 8 + i) * 8 + k] * w[(gate * 8 + j) * 8 + k];
          expect(product).toBeCloseTo(i === j ? 1 : 0, 5);
        }
      }
    }
  });

  it('weight_ih is glorot_uniform over the whole [G·H, F] kernel: |W| ≤ √(6/(F + G·H))', () => {
    const lstm = new Lstm('0', [2, 20], { units: 30 }, new Rng(1));
    const bound = Math.sqrt(6 / (20 + 120));
    const w = lstm.weightIh.value;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    // 2400 uniform draws: the largest is within 1% of the bound.
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.99 * bound);
  });

  it('records ‖∂L/∂h_t‖ for every step; the last equals the output gradient’s norm', () => {
    const rnn = new SimpleRnn('0', [STEPS, FEATURES], { units: 3, ...randomInit }, new Rng(1));
    const r = projection(BATCH * 3, 9);
    rnn.forward(projection(BATCH * STEPS * FEATURES, 3), BATCH, context);
    rnn.backward(r, BATCH);
    expect(rnn.timestepGradientNorms.length).toBe(STEPS);
    expect(rnn.timestepGradientNorms[STEPS - 1]).toBeCloseTo(Math.hypot(...r), 6);
    expect(rnn.timestepGradientNorms.every((norm) => norm > 0)).toBe(true);
  });

  it('an IRNN with zero input carries its state and its gradient unchanged through time', () => {
    const irnn = new SimpleRnn('0', [6, 1], { units: 2, nonlinearity: 'relu', recurrentInitializer: identity(), returnSequences: true }, new Rng(1));
    irnn.biasIh.value.set([0.3, 0.7]);
    // x = 0 except the first step; from then on h_t = relu(h_{t−1} + b) grows by b each step.
    const out = irnn.forward(new Float32Array(6), 1, context);
    expect(Array.from(out.subarray(10, 12)).map((v) => Number(v.toFixed(5)))).toEqual([1.8, 4.2]);
    const gradOutput = new Float32Array(12);
    gradOutput.set([3, 4], 10);
    irnn.backward(gradOutput, 1);
    expect(Array.from(irnn.timestepGradientNorms).map((n) => Number(n.toFixed(5)))).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('bptt cuts the carried gradient at multiples of bptt: norms before a cut see only the output', () => {
    const build = (bptt?: number): Recurrent => new Lstm('0', [STEPS, FEATURES], { units: 3, bptt, returnSequences: true, ...randomInit }, new Rng(1));
    const x = projection(BATCH * STEPS * FEATURES, 3);
    const r = new Float32Array(BATCH * STEPS * 3);
    // Only the last step's output has a loss: with bptt = 2 the chunk [2, 4) is cut from [0, 2).
    for (let b = 0; b < BATCH; b++) r.set([1, -1, 0.5], (b * STEPS + STEPS - 1) * 3);
    const truncated = build(2);
    truncated.forward(x, BATCH, context);
    truncated.backward(r, BATCH);
    expect(Array.from(truncated.timestepGradientNorms.subarray(0, 2))).toEqual([0, 0]);
    expect(truncated.timestepGradientNorms[2]).toBeGreaterThan(0);
    const full = build(STEPS);
    full.forward(x, BATCH, context);
    full.backward(r, BATCH);
    const whole = build();
    whole.forward(x, BATCH, context);
    whole.backward(r, BATCH);
    // bptt = T cuts nothing: the same as no truncation.
    expect(Array.from(full.weightHh.grad)).toEqual(Array.from(whole.weightHh.grad));
    expect(whole.timestepGradientNorms[0]).toBeGreaterThan(0);
  });

  it('skips dL/dx for a first layer but still writes the parameter gradients', () => {
    const gru = new Gru('0', [STEPS, FEATURES], { units: 3, needsInputGradient: false, ...randomInit }, new Rng(1));
    gru.forward(projection(BATCH * STEPS * FEATURES, 3), BATCH, context);
    const gradInput = gru.backward(projection(BATCH * 3, 9), BATCH);
    expect(gradInput.length).toBe(BATCH * STEPS * FEATURES);
    expect(gru.weightIh.grad.some((g) => g !== 0)).toBe(true);
  });

  it('allocates its per-step buffers once: a second batch of the same size reuses them', () => {
    const lstm = new Lstm('0', [STEPS, FEATURES], { units: 3, returnSequences: true }, new Rng(1));
    const first = lstm.forward(projection(BATCH * STEPS * FEATURES, 3), BATCH, context);
    const grad = lstm.backward(projection(BATCH * STEPS * 3, 9), BATCH);
    expect(lstm.forward(projection(BATCH * STEPS * FEATURES, 4), BATCH, context)).toBe(first);
    expect(lstm.backward(projection(BATCH * STEPS * 3, 8), BATCH)).toBe(grad);
  });

  it.each([
    [[5], { units: 2 }, 'lstm 0: input must be a sequence [timesteps, features], got [5]'],
    [[5, 2, 2], { units: 2 }, 'lstm 0: input must be a sequence [timesteps, features], got [5, 2, 2]'],
    [[5, 2], { units: 0 }, 'lstm 0: units must be a whole number ≥ 1, got 0'],
    [[5, 2], { units: 2, bptt: 0 }, 'lstm 0: bptt must be a whole number of steps ≥ 1, got 0'],
  ])('refuses input %j with %j', (shape, options, message) => {
    const error = thrown(() => new Lstm('0', shape, options, new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  it('reads its options in language spelling with Keras’s defaults, recurrent_init=identity included', () => {
    expect(rnnParams.resolveNamed({ units: 8, nonlinearity: 'relu', recurrent_init: 'identity' })).toEqual({
      units: 8, returnSequences: false, bptt: undefined, init: 'glorot_uniform', recurrentInit: 'identity', biasInit: 'zeros', nonlinearity: 'relu',
    });
    expect(lstmParams.resolveNamed({ units: 8 }).unitForgetBias).toBe(true);
    expect(() => lstmParams.resolveNamed({ units: 8, bptt: 0 })).toThrow('lstm: bptt must be ≥ 1, got 0');
  });

});

describe('recurrent registry entries', () => {
  it.each([
    ['rnn', rnnLayer, { nonlinearity: 'relu' }, 1],
    ['lstm', lstmLayer, { unitForgetBias: true }, 4],
    ['gru', gruLayer, {}, 3],
  ] as const)('%s states its shapes and size and builds the layer from a config', (_, entry, extra, gates) => {
    const config = { kind: entry.name, ...entry.params.resolveNamed({ units: 5 }), ...extra, recurrentInitializer: identity() };
    expect(entry.inputRanks).toEqual([2]);
    expect(entry.outputShape([7, 3], config)).toEqual([5]);
    expect(entry.outputShape([7, 3], { ...config, returnSequences: true })).toEqual([7, 5]);
    const layer = entry.create('2', [7, 3], config, new Rng(1), true) as Recurrent;
    expect(layer.kind).toBe(entry.name);
    expect(layer.outputShape).toEqual([5]);
    expect(entry.parameterCount([7, 3], config)).toBe(layer.parameters.reduce((sum, p) => sum + p.value.length, 0));
    expect(entry.parameterCount([7, 3], config)).toBe(gates * 5 * (3 + 5 + 2));
    // The built initializer lands in its field: every gate's recurrent block is I.
    expect(layer.weightHh.value[0]).toBe(1);
    expect(layer.weightHh.value[1]).toBe(0);
    // A first layer skips dL/dx, so its input gradient stays zero.
    layer.forward(projection(2 * 21, 3), 2, context);
    expect(layer.backward(projection(2 * 5, 9), 2).every((g) => g === 0)).toBe(true);
    for (const [name, option] of Object.entries(entry.conceptOptions)) {
      expect(entry.params.describe().map((p) => p.name)).toContain(name);
      expect(['kernelInitializer', 'recurrentInitializer', 'biasInitializer']).toContain(option.field);
    }
  });
});
