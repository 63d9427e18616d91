import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { activations, createActivation, erf, type Activation } from '../../src/engine/activations';
import { activeKernels, availableKernels, useKernels } from '../../src/engine/kernels';
import { dot, expectGradientMatches, projection } from './gradcheck';

const WIDTH = 4;
const ROWS = 3;

/** Inputs kept at least 0.2 from 0, where relu, leaky_relu and elu have kinks. */
function inputsAwayFromKinks(): Float32Array {
  const z = projection(WIDTH * ROWS, 11);
  for (let i = 0; i < z.length; i++) z[i] = Math.sign(z[i] || 1) * (0.2 + Math.abs(z[i]) * 2.5);
  return z;
}

function checkActivation(activation: Activation): void {
  const z = inputsAwayFromKinks();
  const a = new Float32Array(z.length);
  const r = projection(z.length, 5);
  const loss = (): number => {
    activation.forward(z, a, z.length, WIDTH);
    return dot(r, a);
  };
  loss();
  const gradZ = new Float32Array(z.length);
  activation.backward(z, a, r, gradZ, z.length, WIDTH);
  expectGradientMatches(activation.name, loss, z, gradZ);
}

describe('activation gradients match finite differences', () => {
  const cases: [string, Record<string, number | string>][] = [
    ['linear', {}],
    ['relu', {}],
    ['leaky_relu', { alpha: 0.1 }],
    ['elu', { alpha: 0.7 }],
    ['gelu', {}],
    ['gelu', { approximate: 'tanh' }],
    ['tanh', {}],
    ['sigmoid', {}],
    ['softmax', {}],
  ];
  it.each(cases)('%s %o', (name, options) => checkActivation(createActivation(name, options)));

  it('covers every registered activation', () => {
    const checked = new Set(cases.map(([name]) => name));
    expect(activations.entries().map((entry) => entry.name).filter((name) => !checked.has(name))).toEqual([]);
  });
});

describe('activation values', () => {
  function apply(name: string, z: number[], width = z.length, options = {}): number[] {
    const input = Float32Array.from(z);
    const out = new Float32Array(input.length);
    createActivation(name, options).forward(input, out, input.length, width);
    return [...out];
  }

  it('match their formulas at hand-picked points', () => {
    expect(apply('relu', [-2, 0, 3])).toEqual([0, 0, 3]);
    // leaky: 0.01·(−2) = −0.02
    expect(apply('leaky_relu', [-2, 3])[0]).toBeCloseTo(-0.02, 7);
    // elu α=1 at −1: e⁻¹ − 1 = −0.6321206
    expect(apply('elu', [-1])[0]).toBeCloseTo(-0.6321206, 6);
    // sigmoid(0) = 0.5; sigmoid(2) = 1/(1+e⁻²) = 0.8807971
    expect(apply('sigmoid', [0, 2])).toEqual([0.5, Math.fround(0.8807970779778823)]);
    // gelu(1) = Φ(1) = 0.8413447; tanh form: 0.5(1 + tanh(√(2/π)(1.044715))) = 0.8411920
    expect(apply('gelu', [1])[0]).toBeCloseTo(0.8413447, 6);
    expect(apply('gelu', [1], 1, { approximate: 'tanh' })[0]).toBeCloseTo(0.841192, 6);
  });

  it('softmax rows sum to 1 and stay finite for huge logits', () => {
    const out = apply('softmax', [1000, 1001, 1002, -5, 0, 5], 3);
    // e⁰, e¹, e² over their sum: 0.0900306, 0.2447285, 0.6652410
    expect(out[0]).toBeCloseTo(0.0900306, 6);
    expect(out[2]).toBeCloseTo(0.665241, 6);
    expect(out[3] + out[4] + out[5]).toBeCloseTo(1, 6);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('sigmoid stays finite and exact at the extremes', () => {
    expect(apply('sigmoid', [-1000, 1000])).toEqual([0, 1]);
  });

  it('erf matches reference values', () => {
    // erf(0.5) = 0.5204998778, erf(1) = 0.8427007929, erf(−2) = −0.9953222650
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 7);
    expect(erf(1)).toBeCloseTo(0.8427007929, 7);
    expect(erf(-2)).toBeCloseTo(-0.995322265, 7);
  });

  it('rejects unknown names and bad parameters by name', () => {
    expect(() => createActivation('relu6x')).toThrow("unknown activation 'relu6x'");
    expect(() => createActivation('rleu')).toThrow("did you mean 'relu'?");
    expect(() => createActivation('elu', { alpha: -1 })).toThrow('activation elu: alpha must be > 0, got -1');
    expect(() => createActivation('relu', { alpha: 1 })).toThrow("activation relu: unknown parameter 'alpha'");
  });
});

const initialKernels = activeKernels();
afterAll(() => {
  useKernels(initialKernels);
});

describe.each(availableKernels())('the ReLU family at the edges of float32, %s kernels', (choice) => {
  beforeEach(() => {
    useKernels(choice);
  });
  const edges = [Number.NaN, -0, 0, -Infinity, Infinity, -1, 2];

  function forward(name: string, z: readonly number[], options = {}): number[] {
    const out = new Float32Array(z.length);
    createActivation(name, options).forward(Float32Array.from(z), out, z.length, z.length);
    return [...out];
  }

  function backward(name: string, z: readonly number[], gradA: readonly number[], options = {}): number[] {
    const gradZ = new Float32Array(z.length);
    const input = Float32Array.from(z);
    createActivation(name, options).backward(input, new Float32Array(z.length), Float32Array.from(gradA), gradZ, z.length, z.length);
    return [...gradZ];
  }

  it('relu: NaN stays NaN and −0 becomes +0, as torch.relu; −∞ gives 0', () => {
    const a = forward('relu', edges);
    expect(a[0]).toBeNaN();
    expect(Object.is(a[1], 0)).toBe(true);
    expect(a.slice(2)).toEqual([0, 0, Infinity, 0, 2]);
  });

  it('relu backward passes the gradient where z > 0 or z is NaN (PyTorch: zero where z ≤ 0), and a closed unit blocks even ∞ and NaN', () => {
    expect(backward('relu', edges, edges.map(() => 3))).toEqual([3, 0, 0, 0, 3, 0, 3]);
    expect(backward('relu', [-1, -1, 2, 2], [Infinity, Number.NaN, -Infinity, Number.NaN])).toEqual([0, 0, -Infinity, Number.NaN]);
  });

  it('leaky_relu: z for z > 0, αz otherwise, so NaN, −∞ and −0 keep their values scaled by α', () => {
    const a = forward('leaky_relu', edges, { alpha: 0.25 });
    expect(a[0]).toBeNaN();
    expect(Object.is(a[1], -0)).toBe(true);
    expect(a.slice(2)).toEqual([0, -Infinity, Infinity, -0.25, 2]);
    expect(backward('leaky_relu', edges, edges.map(() => 4), { alpha: 0.25 })).toEqual([1, 1, 1, 1, 4, 1, 4]);
  });

  it.each([1, 3, 5, 17, 33, 4101, 8195])('relu and leaky_relu equal the branching definition on %i random values', (length) => {
    const z = projection(length, length).map((x, i) => (i % 7 === 3 ? 0 : x));
    const g = projection(length, length + 1);
    const alpha = 0.3;
    const relu = (x: number) => (x > 0 ? x : 0);
    const leaky = (x: number) => (x > 0 ? x : alpha * x);
    // relu is exact; leaky_relu's αz is rounded once, in float32 as PyTorch
    // does it (WebAssembly) or from float64 (JavaScript): at most an ulp apart.
    const same = (actual: number[], expected: number[]) => expect(actual.map((x, i) => x === expected[i])).toEqual(actual.map(() => true));
    const withinAnUlp = (actual: number[], expected: number[]) =>
      expect(actual.map((x, i) => Math.abs(x - expected[i]) <= Math.abs(expected[i]) * 2 ** -23)).toEqual(actual.map(() => true));
    same(forward('relu', [...z]), [...z].map((x) => Math.fround(relu(x))));
    withinAnUlp(forward('leaky_relu', [...z], { alpha }), [...z].map((x) => leaky(x)));
    same(backward('relu', [...z], [...g]), [...z].map((x, i) => (x > 0 ? g[i] : 0)));
    withinAnUlp(backward('leaky_relu', [...z], [...g], { alpha }), [...z].map((x, i) => (x > 0 ? g[i] : alpha * g[i])));
  });
});
