import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import {
  createInitializer,
  heNormal,
  heUniform,
  initializers,
  lsuv,
  orthogonal,
  pretrained,
  weightShape,
  weightShapeOf,
} from '../../../src/engine/initializers';
import type { WeightShape } from '../../../src/engine/initializers';
import type { ParamValue } from '../../../src/engine/params';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';

type Options = Record<string, ParamValue>;

function draw(name: string, options: Options, shape: WeightShape, seed = 1): Float32Array {
  const target = new Float32Array(shape.rows * shape.cols);
  createInitializer(name, options).fill(target, shape, new Rng(seed));
  return target;
}

function moments(values: Float32Array): { mean: number; std: number; min: number; max: number; maxAbs: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max, maxAbs: Math.max(-min, max) };
}

// Two shapes: square, and a dense layer of 256 units reading 784 inputs
// (fan_in = 784 = 28², fan_out = 256 = 16²), so the fans differ.
const square = weightShape(512, 512);
const mnist = weightShape(256, 784);

describe('variance-scaling initializers match their formulas', () => {
  // [name, options, σ on 512×512, σ on 256×784]; uniform draws have bound √3·σ.
  const cases: [string, Options, number, number][] = [
    // σ = √(2/(fi+fo)): √(2/1024) = 0.0441942, √(2/1040) = 0.0438529
    ['glorot_uniform', {}, 0.04419417, 0.0438529],
    ['glorot_uniform', { gain: 2 }, 0.08838835, 0.0877058],
    ['glorot_normal', {}, 0.04419417, 0.0438529],
    ['glorot_normal', { gain: 0.5 }, 0.02209709, 0.02192645],
    // σ = √(2/fan_in): √(2/512) = 1/16, √(2/784) = √2/28 = 0.0505076
    ['he_normal', {}, 0.0625, 0.05050763],
    // fan_out = 256: √(2/256) = 0.0883883
    ['he_normal', { mode: 'fan_out' }, 0.0625, 0.08838835],
    // a = 0.2: 1 + a² = 1.04, σ = √(2/(1.04·512)) = 0.0612863, √(2/(1.04·784)) = 0.0495268
    ['he_normal', { negative_slope: 0.2 }, 0.06128629, 0.0495268],
    ['he_normal', { gain: 1.5 }, 0.09375, 0.07576144],
    ['kaiming_normal_', { mode: 'fan_in' }, 0.0625, 0.05050763],
    ['he_uniform', {}, 0.0625, 0.05050763],
    // a = 1: 2/(1+1) = 1, σ = √(1/fan_out): 1/√512 = 0.0441942, 1/16
    ['he_uniform', { mode: 'fan_out', negative_slope: 1 }, 0.04419417, 0.0625],
    // a = √5 is PyTorch's nn.Linear default: bound 1/√fan_in, σ = bound/√3:
    // 1/√512/√3 = 0.0255155, (1/28)/√3 = 0.0206197
    ['kaiming_uniform', { negative_slope: Math.sqrt(5) }, 0.02551552, 0.02061965],
    // σ = √(1/fan_in): 1/√512 = 0.0441942, 1/28 = 0.0357143
    ['lecun_normal', {}, 0.04419417, 0.03571429],
    ['lecun_normal', { mode: 'fan_out' }, 0.04419417, 0.0625],
    ['lecun_normal', { gain: 2 }, 0.08838835, 0.07142857],
    ['lecun_uniform', {}, 0.04419417, 0.03571429],
    ['lecun_uniform', { gain: 0.5, mode: 'fan_out' }, 0.02209709, 0.03125],
  ];
  const rows = cases.flatMap(([name, options, sigmaSquare, sigmaMnist]) => [
    [name, options, square, sigmaSquare] as const,
    [name, options, mnist, sigmaMnist] as const,
  ]);

  it.each(rows)('%s %j on %o', (name, options, shape, sigma) => {
    const values = draw(name, options, shape, 3);
    const { mean, std, maxAbs } = moments(values);
    expect(Math.abs(std - sigma) / sigma).toBeLessThan(0.03);
    expect(Math.abs(mean)).toBeLessThan((3 * std) / Math.sqrt(values.length));
    if (name.includes('uniform')) {
      const bound = Math.sqrt(3) * sigma;
      expect(maxAbs).toBeLessThanOrEqual(Math.fround(bound));
      // Over 200 000 draws the extremes come within 1 % of the bound.
      expect(maxAbs).toBeGreaterThan(0.99 * bound);
    }
  });

  it('reports the σ it draws with through the typed factories', () => {
    expect(heNormal({ negativeSlope: 0.2 }).standardDeviation(mnist)).toBeCloseTo(0.0495268, 6);
    expect(heUniform({ mode: 'fan_out' }).standardDeviation(mnist)).toBeCloseTo(0.08838835, 7);
  });
});

describe('fixed-scale draws', () => {
  // [name, options, mean, σ, lowest, highest]
  const cases: [string, Options, number, number, number, number][] = [
    // U(−0.05, 0.05): σ = 0.1/√12 = 0.0288675
    ['random_uniform', {}, 0, 0.02886751, -0.05, 0.05],
    // U(0, 1): mean 1/2, σ = 1/√12 = 0.2886751
    ['uniform', { minval: 0, maxval: 1 }, 0.5, 0.28867513, 0, 1],
    ['random_normal', {}, 0, 0.05, -Infinity, Infinity],
    ['normal_', { mean: 0.5, stddev: 0.2 }, 0.5, 0.2, -Infinity, Infinity],
    ['small_random', {}, 0, 0.01, -Infinity, Infinity],
    ['small_random', { scale: 0.001 }, 0, 0.001, -Infinity, Infinity],
  ];

  it.each(cases)('%s %j', (name, options, expectedMean, sigma, lowest, highest) => {
    const values = draw(name, options, square, 5);
    const { mean, std, min, max } = moments(values);
    expect(Math.abs(std - sigma) / sigma).toBeLessThan(0.03);
    expect(Math.abs(mean - expectedMean)).toBeLessThan((3 * std) / Math.sqrt(values.length));
    expect(min).toBeGreaterThanOrEqual(Math.fround(lowest));
    expect(max).toBeLessThanOrEqual(Math.fround(highest));
  });
});

/** ‖AᵀA − gain²·I‖ entrywise for A n×m row-major (columns' Gram matrix). */
function columnGramError(a: Float32Array, n: number, m: number, gain = 1): number {
  let worst = 0;
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < m; q++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += a[i * m + p] * a[i * m + q];
      worst = Math.max(worst, Math.abs(dot - (p === q ? gain * gain : 0)));
    }
  }
  return worst;
}

/** The transpose of an n×m row-major matrix. */
function transpose(a: Float32Array, n: number, m: number): Float32Array {
  const t = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
  return t;
}

describe('orthogonal', () => {
  it.each([
    [256, 256],
    [100, 30],
    [7, 1],
  ])('WᵀW = I for %i×%i (square or tall)', (rows, cols) => {
    const w = draw('orthogonal', {}, weightShape(rows, cols), 11);
    expect(columnGramError(w, rows, cols)).toBeLessThan(1e-4);
  });

  it('WWᵀ = I for a wide 30×100', () => {
    const w = draw('orthogonal', {}, weightShape(30, 100), 11);
    // WWᵀ is the column Gram matrix of Wᵀ (100×30).
    expect(columnGramError(transpose(w, 30, 100), 100, 30)).toBeLessThan(1e-4);
  });

  it('gain scales every singular value: WᵀW = gain²·I', () => {
    const w = draw('orthogonal', { gain: 2 }, weightShape(40, 40), 2);
    expect(columnGramError(w, 40, 40, 2)).toBeLessThan(1e-4);
    // Not merely orthogonal: without the gain the diagonal would be 1, off by 3.
    expect(columnGramError(w, 40, 40, 1)).toBeGreaterThan(2.9);
  });

  // The draw is G (max×min, row-major from the Rng) = QR with R's diagonal made
  // positive. So R = QᵀG must come out upper triangular with a positive
  // diagonal; without the sign fix about half the diagonal would be negative.
  it.each([
    [50, 20, false],
    [20, 50, true],
  ])('sign fix: %i×%i is the Q of G = QR with diag(R) > 0', (rows, cols, wide) => {
    const seed = 7;
    const w = draw('orthogonal', {}, weightShape(rows, cols), seed);
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    const q = wide ? transpose(w, rows, cols) : w; // n×m either way
    const rng = new Rng(seed);
    const g = Float64Array.from({ length: n * m }, () => rng.normal());
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let r = 0;
        for (let k = 0; k < n; k++) r += q[k * m + i] * g[k * m + j];
        if (i === j) expect(r).toBeGreaterThan(0.1);
        if (i > j) expect(Math.abs(r)).toBeLessThan(1e-4);
      }
    }
  });

  it('flattens a convolution kernel [8, 3, 3, 3] to 8×27 with orthonormal rows', () => {
    const shape = weightShapeOf([8, 3, 3, 3]);
    const w = new Float32Array(8 * 27);
    orthogonal().fill(w, shape, new Rng(4));
    expect(columnGramError(transpose(w, 8, 27), 27, 8)).toBeLessThan(1e-4);
  });
});

describe('lsuv', () => {
  it('fills exactly as orthogonal with gain 1', () => {
    const shape = weightShape(12, 9);
    expect(draw('lsuv', {}, shape, 8)).toEqual(draw('orthogonal', {}, shape, 8));
  });

  it("carries the paper's calibration defaults, Tol_var = 0.1 and T_max = 10", () => {
    expect(lsuv().calibration).toEqual({ tolerance: 0.1, maxIterations: 10 });
  });

  it('reads calibration options in language spelling', () => {
    const initializer = initializers.get('lsuv').create({ tolerance: 0.05, max_iterations: 3 });
    expect(initializer).toMatchObject({ name: 'lsuv', calibration: { tolerance: 0.05, maxIterations: 3 } });
  });
});

describe('constant initializers', () => {
  it.each([
    ['zeros', {}, 0],
    ['ones', {}, 1],
    ['constant', { value: 0.3 }, Math.fround(0.3)],
    ['constant', {}, 0],
  ] as const)('%s %j gives every unit the same value', (name, options, value) => {
    const w = draw(name, options, weightShape(4, 3));
    expect([...w]).toEqual(new Array(12).fill(value));
  });
});

describe('seeds', () => {
  const random = [
    'random_uniform', 'random_normal', 'small_random', 'glorot_uniform', 'glorot_normal',
    'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform', 'orthogonal', 'lsuv',
  ];
  const shape = weightShape(8, 5);

  it.each(random)('%s: same seed ⇒ identical bytes, different seed ⇒ different', (name) => {
    const first = draw(name, {}, shape, 21);
    const again = draw(name, {}, shape, 21);
    const other = draw(name, {}, shape, 22);
    expect(new Uint8Array(again.buffer)).toEqual(new Uint8Array(first.buffer));
    expect(new Uint8Array(other.buffer)).not.toEqual(new Uint8Array(first.buffer));
  });
});

describe('names', () => {
  it.each([
    ['xavier_uniform', 'glorot_uniform'],
    ['xavier_uniform_', 'glorot_uniform'],
    ['xavier_normal', 'glorot_normal'],
    ['xavier_normal_', 'glorot_normal'],
    ['kaiming_normal', 'he_normal'],
    ['kaiming_normal_', 'he_normal'],
    ['kaiming_uniform', 'he_uniform'],
    ['kaiming_uniform_', 'he_uniform'],
    ['uniform', 'random_uniform'],
    ['uniform_', 'random_uniform'],
    ['normal', 'random_normal'],
    ['normal_', 'random_normal'],
    ['zeros_', 'zeros'],
    ['ones_', 'ones'],
    ['constant_', 'constant'],
    ['orthogonal_', 'orthogonal'],
    ['He-Normal', 'he_normal'],
  ])('%s resolves to %s', (alias, name) => {
    expect(initializers.get(alias)).toBe(initializers.get(name));
    expect(createInitializer(alias).name).toBe(name);
  });

  it.each(['he', 'xavier'])('ambiguous %s is not a name', (name) => {
    expect(initializers.has(name)).toBe(false);
    expect(thrown(() => createInitializer(name)).message).toBe(`unknown initializer '${name}'`);
  });

  it('suggests the closest name for a typo', () => {
    const error = thrown(() => createInitializer('he_norml'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("unknown initializer 'he_norml' (did you mean 'he_normal'?)");
  });

  it('registers each concept once, Keras names first', () => {
    expect(initializers.entries().map((entry) => entry.name)).toEqual([
      'zeros', 'ones', 'constant', 'random_uniform', 'random_normal', 'small_random',
      'glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform',
      'orthogonal', 'lsuv', 'identity', 'metainit', 'gradinit',
    ]);
  });
});

describe('bad arguments name the initializer and the parameter', () => {
  it.each([
    ['he_normal', { gain: 0 }, 'initializer he_normal: gain must be > 0, got 0'],
    ['xavier_uniform', { gain: -1 }, 'initializer glorot_uniform: gain must be > 0, got -1'],
    ['orthogonal', { gain: 0 }, 'initializer orthogonal: gain must be > 0, got 0'],
    ['random_normal', { stddev: -0.1 }, 'initializer random_normal: stddev must be ≥ 0, got -0.1'],
    ['he_uniform', { mode: 'bogus' }, 'initializer he_uniform: mode must be one of fan_in, fan_out, got bogus'],
    ['lecun_normal', { mode: 'fan_avg' }, 'initializer lecun_normal: mode must be one of fan_in, fan_out, got fan_avg'],
    ['kaiming_normal', { negative_slope: -0.1 }, 'initializer he_normal: negative_slope must be ≥ 0, got -0.1'],
    ['small_random', { scale: 0 }, 'initializer small_random: scale must be > 0, got 0'],
    ['lsuv', { max_iterations: 2.5 }, 'initializer lsuv: max_iterations must be a whole number, got 2.5'],
    ['lsuv', { tolerance: 0 }, 'initializer lsuv: tolerance must be > 0, got 0'],
    [
      'uniform', { minval: 0.1, maxval: 0.1 },
      'initializer random_uniform: maxval must be greater than minval, got minval=0.1, maxval=0.1',
    ],
    // Glorot averages the fans by definition, so it takes no mode.
    [
      'glorot_normal', { mode: 'fan_in' },
      "initializer glorot_normal: unknown parameter 'mode'; it takes gain",
    ],
    [
      'kaiming_normal', { nonlinearity: 'relu' },
      "initializer he_normal: unknown parameter 'nonlinearity'; it takes gain, mode, negative_slope",
    ],
  ] as const)('%s %j', (name, options, message) => {
    const error = thrown(() => createInitializer(name, options));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });

  it('typed factories check the same way', () => {
    expect(thrown(() => heNormal({ gain: 0 })).message).toBe('initializer he_normal: gain must be > 0, got 0');
  });

  it('a target of the wrong size is refused with both sizes', () => {
    const error = thrown(() => createInitializer('zeros').fill(new Float32Array(10), weightShape(3, 4), new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('initializer zeros: a 3×4 weight holds 12 values, but the target holds 10');
  });
});

describe('pretrained', () => {
  it('copies the given values, and is not changed by later edits to them', () => {
    const values = Float32Array.of(1, 2, 3, 4, 5, 6);
    const initializer = pretrained(values);
    values[0] = 99;
    const target = new Float32Array(6);
    initializer.fill(target, weightShape(2, 3), new Rng(1));
    expect([...target]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names expected and given lengths on a mismatch', () => {
    const error = thrown(() => pretrained(new Float32Array(6)).fill(new Float32Array(12), weightShape(3, 4), new Rng(1)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('initializer pretrained: a 3×4 weight needs 12 values, got 6');
  });
});

describe('shapes', () => {
  it.each([
    [[], { rows: 1, cols: 1, fanIn: 1, fanOut: 1 }],
    // A bias: fan_in = fan_out = size, as Keras computes a 1-D shape.
    [[10], { rows: 10, cols: 1, fanIn: 10, fanOut: 10 }],
    [[256, 784], { rows: 256, cols: 784, fanIn: 784, fanOut: 256 }],
    // Conv kernel [out 16, in 3, 3×3]: receptive field 9, fan_in 3·9 = 27, fan_out 16·9 = 144.
    [[16, 3, 3, 3], { rows: 16, cols: 27, fanIn: 27, fanOut: 144 }],
  ])('weightShapeOf(%j)', (dimensions, expected) => {
    expect(weightShapeOf(dimensions)).toEqual(expected);
  });

  it('weightShape reads [units, inputs]: fan_in = inputs, fan_out = units', () => {
    expect(weightShape(3, 5)).toEqual({ rows: 3, cols: 5, fanIn: 5, fanOut: 3 });
  });

  it.each([
    [() => weightShape(0, 3), 'weight shape: rows must be a whole number ≥ 1, got 0'],
    [() => weightShape(2, 1.5), 'weight shape: cols must be a whole number ≥ 1, got 1.5'],
    [() => weightShapeOf([4, -1]), 'weight shape: dimension 1 must be a whole number ≥ 1, got -1'],
  ])('refuses a bad dimension', (build, message) => {
    const error = thrown(build);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(message);
  });
});
