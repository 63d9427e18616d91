import { describe, expect, it } from 'vitest';
import {
  balancedCounts,
  classCounts,
  datasets,
  loadDataset,
  makeBlobs,
  makeCircles,
  makeLinear,
  makeMoons,
  makeSine,
  makeSpirals,
  makeXor,
  type Dataset,
} from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import type { ParamValue } from '../../../src/engine/params';
import { thrown } from '../thrown';

type Make = (options: Record<string, ParamValue>) => Dataset;
const make = (name: string): Make => (options) => loadDataset(name, options);

/** Rows of class `label` as [x1, x2] pairs. */
function pointsOf(ds: Dataset, label: number): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < ds.count; i++) if (ds.y[i] === label) points.push([ds.x[2 * i], ds.x[2 * i + 1]]);
  return points;
}

function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

/** Gaussian elimination with partial pivoting, for the small systems of the tests. */
function solve(matrix: number[][], rhs: number[]): number[] {
  const m = matrix.map((r, i) => [...r, rhs[i]]);
  const n = rhs.length;
  for (let col = 0; col < n; col++) {
    const pivot = m.reduce((best, _, r) => (r >= col && Math.abs(m[r][col]) > Math.abs(m[best][col]) ? r : best), col);
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((r, i) => r[n] / r[i]);
}

// [name, options, classes, features]
const classifiers: [string, Record<string, ParamValue>, number, number][] = [
  ['spirals', { n: 301 }, 3, 2],
  ['spirals', { n: 50, classes: 5 }, 5, 2],
  ['moons', { n: 101 }, 2, 2],
  ['circles', { n: 99 }, 2, 2],
  ['xor', { n: 200 }, 2, 2],
  ['blobs', { n: 100, classes: 4, features: 3 }, 4, 3],
];

describe.each(classifiers)('%s %o', (name, options, classes, features) => {
  const ds = loadDataset(name, { ...options, seed: 7 });

  it('has n rows of the right width, class indices as targets', () => {
    expect([ds.count, ds.features, ds.x.length, ds.y.length]).toEqual([options.n, features, (options.n as number) * features, options.n]);
    expect([ds.task, ds.targetWidth, ds.classes?.length]).toEqual(['classification', 1, classes]);
  });

  it('balances the classes: the first n mod k get one more', () => {
    // e.g. 301 = 3·100 + 1 → [101, 100, 100]
    expect(classCounts(ds)).toEqual(balancedCounts(options.n as number, classes));
    expect(Math.max(...classCounts(ds)) - Math.min(...classCounts(ds))).toBeLessThanOrEqual(1);
  });

  it('is the same for the same seed and different for another', () => {
    const again = loadDataset(name, { ...options, seed: 7 });
    const other = loadDataset(name, { ...options, seed: 8 });
    expect(again.x).toEqual(ds.x);
    expect(again.y).toEqual(ds.y);
    expect(other.x).not.toEqual(ds.x);
  });

  it('shuffles the rows rather than listing them class by class', () => {
    const firstHalf = Array.from(ds.y.subarray(0, Math.floor(ds.count / 2)));
    expect(new Set(firstHalf).size).toBe(classes);
  });
});

describe('noise moves each clean point by σε', () => {
  // Every draw is made at any noise level, so the same seed gives the same clean
  // points; (noisy − clean)/σ is then a sample of ε ~ N(0, 1).
  const cases: [string, (ds: Dataset) => Float32Array][] = [
    ['spirals', (ds) => ds.x],
    ['moons', (ds) => ds.x],
    ['circles', (ds) => ds.x],
    ['xor', (ds) => ds.x],
    ['blobs', (ds) => ds.x],
    ['linear', (ds) => ds.y],
    ['sine', (ds) => ds.y],
  ];
  it.each(cases)('%s', (name, noisy) => {
    const clean = loadDataset(name, { n: 2000, noise: 0, seed: 3 });
    const moved = loadDataset(name, { n: 2000, noise: 0.2, seed: 3 });
    const a = noisy(clean);
    const b = noisy(moved);
    const epsilon = Float64Array.from(a, (value, i) => (b[i] - value) / 0.2);
    const { mean, std } = meanAndStd(epsilon);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(std).toBeGreaterThan(0.94);
    expect(std).toBeLessThan(1.06);
    if (clean.task === 'classification') expect(moved.y).toEqual(clean.y);
    else expect(moved.x).toEqual(clean.x);
  });
});

describe('generator geometry without noise', () => {
  it('moons: class 0 on the unit upper arc round (0, 0), class 1 on the unit lower arc round (1, 0.5)', () => {
    const ds = makeMoons({ n: 200, noise: 0, seed: 1 });
    for (const [x, y] of pointsOf(ds, 0)) {
      expect(Math.hypot(x, y)).toBeCloseTo(1, 5);
      expect(y).toBeGreaterThanOrEqual(-1e-6);
    }
    for (const [x, y] of pointsOf(ds, 1)) {
      expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 5);
      expect(y).toBeLessThanOrEqual(0.5 + 1e-6);
    }
    // sklearn's arcs run from angle 0 to π: the outer one spans x ∈ [−1, 1], the inner x ∈ [0, 2].
    const outerX = pointsOf(ds, 0).map(([x]) => x);
    expect([Math.min(...outerX), Math.max(...outerX)]).toEqual([-1, 1]);
  });

  it('circles: the inner radius over the outer one is the factor', () => {
    const ds = makeCircles({ n: 100, noise: 0, factor: 0.3, seed: 2 });
    const radii = (label: number) => pointsOf(ds, label).map(([x, y]) => Math.hypot(x, y));
    for (const r of radii(0)) expect(r).toBeCloseTo(1, 6);
    for (const r of radii(1)) expect(r).toBeCloseTo(0.3, 6);
  });

  it('spirals: sample i of class j sits at angle 2πj/k + 2π·turns·r', () => {
    const k = 3;
    const turns = 1.5;
    const ds = makeSpirals({ n: 90, classes: k, turns, noise: 0, seed: 4 });
    for (let j = 0; j < k; j++) {
      const points = pointsOf(ds, j);
      // radii are (i+1)/30 for i < 30: the largest is 1, the smallest 1/30
      const radii = points.map(([x, y]) => Math.hypot(x, y)).sort((a, b) => a - b);
      expect(radii[0]).toBeCloseTo(1 / 30, 6);
      expect(radii[29]).toBeCloseTo(1, 6);
      for (const [x, y] of points) {
        const r = Math.hypot(x, y);
        const offset = Math.atan2(y, x) - 2 * Math.PI * turns * r - (2 * Math.PI * j) / k;
        expect(Math.cos(offset)).toBeCloseTo(1, 5);
      }
    }
  });

  it('xor: class 1 exactly where the signs differ, the four quadrants equally full', () => {
    const ds = makeXor({ n: 400, noise: 0, seed: 5 });
    const quadrantCounts = new Map<string, number>();
    for (let i = 0; i < ds.count; i++) {
      const [x1, x2] = [ds.x[2 * i], ds.x[2 * i + 1]];
      expect(Math.max(Math.abs(x1), Math.abs(x2))).toBeLessThan(1);
      expect(ds.y[i]).toBe(x1 * x2 < 0 ? 1 : 0);
      const key = `${Math.sign(x1)}${Math.sign(x2)}`;
      quadrantCounts.set(key, (quadrantCounts.get(key) ?? 0) + 1);
    }
    expect([...quadrantCounts.values()]).toEqual([100, 100, 100, 100]);
  });

  it('blobs: each class spreads round its own centre with the given standard deviation', () => {
    const ds = makeBlobs({ n: 6000, classes: 3, spread: 0.5, box: 10, seed: 6 });
    const centres = [0, 1, 2].map((label) => {
      const points = pointsOf(ds, label);
      for (const axis of [0, 1]) expect(meanAndStd(points.map((p) => p[axis])).std).toBeCloseTo(0.5, 1);
      return [0, 1].map((axis) => meanAndStd(points.map((p) => p[axis])).mean);
    });
    for (const centre of centres) for (const c of centre) expect(Math.abs(c)).toBeLessThan(10);
    expect(new Set(centres.map(String)).size).toBe(3);
  });

  it('linear: with no noise the points lie on one line', () => {
    const ds = makeLinear({ n: 50, noise: 0, seed: 8 });
    // slope between any two points equals the slope between the first two
    const slope = (i: number, j: number) => (ds.y[j] - ds.y[i]) / (ds.x[j] - ds.x[i]);
    for (let i = 2; i < ds.count; i++) expect(slope(0, i)).toBeCloseTo(slope(0, 1), 3);
    expect([ds.task, ds.features, ds.targetWidth, ds.classes]).toEqual(['regression', 1, 1, undefined]);
    for (const x of ds.x) expect(Math.abs(x)).toBeLessThanOrEqual(1);
  });

  it('linear with several features: y is affine in x, so least squares leaves no residual', () => {
    const ds = makeLinear({ n: 40, features: 3, noise: 0, seed: 9 });
    // Solve the normal equations AᵀA θ = Aᵀy for θ = (w₁, w₂, w₃, b), rows A_i = (x_i, 1).
    const row = (i: number) => [ds.x[3 * i], ds.x[3 * i + 1], ds.x[3 * i + 2], 1];
    const ata = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    const aty = [0, 0, 0, 0];
    for (let i = 0; i < ds.count; i++) {
      const a = row(i);
      for (let p = 0; p < 4; p++) {
        aty[p] += a[p] * ds.y[i];
        for (let q = 0; q < 4; q++) ata[p][q] += a[p] * a[q];
      }
    }
    const theta = solve(ata, aty);
    for (let i = 0; i < ds.count; i++) {
      const a = row(i);
      expect(a.reduce((sum, value, p) => sum + value * theta[p], 0)).toBeCloseTo(ds.y[i], 4);
    }
  });

  it('sine: y = sin x on [low, high)', () => {
    const ds = makeSine({ n: 100, noise: 0, low: 0, high: Math.PI, seed: 10 });
    for (let i = 0; i < ds.count; i++) {
      expect(ds.x[i]).toBeGreaterThanOrEqual(0);
      expect(ds.x[i]).toBeLessThan(Math.PI + 1e-6);
      expect(ds.y[i]).toBeCloseTo(Math.sin(ds.x[i]), 6);
      expect(ds.y[i]).toBeGreaterThanOrEqual(0);
    }
    expect(ds.featureNames).toEqual(['x']);
  });
});

describe('the dataset registry', () => {
  it('knows every generator and stored set, sklearn names as aliases', () => {
    expect(datasets.entries().map((e) => e.name)).toEqual([
      'spirals', 'moons', 'circles', 'xor', 'blobs', 'linear', 'sine', 'iris', 'mnist',
      'shapes', 'adding', 'copy_memory', 'sine_sequence', 'reversal', 'char_text',
    ]);
    expect(loadDataset('make_moons', { n: 10 }).name).toBe('moons');
    expect(loadDataset('Make-Circles', { n: 10 }).name).toBe('circles');
    expect(datasets.get('sine').task).toBe('regression');
  });

  it('reads language spellings and checks them through the schema', () => {
    expect(make('moons')({ n: 7, noise: 0.1 }).count).toBe(7);
    const cases: [string, Record<string, ParamValue>, string][] = [
      ['moon', {}, "unknown dataset 'moon' (did you mean 'moons'?)"],
      ['moons', { nosie: 0.1 }, "dataset moons: unknown parameter 'nosie' (did you mean 'noise'?); it takes n, noise, seed"],
      ['moons', { n: 0 }, 'dataset moons: n must be in [1, 1000000], got 0'],
      ['moons', { n: 2.5 }, 'dataset moons: n must be a whole number, got 2.5'],
      ['moons', { noise: -1 }, 'dataset moons: noise must be ≥ 0, got -1'],
      ['circles', { factor: 1 }, 'dataset circles: factor must be in [0, 1), got 1'],
      ['spirals', { n: 2 }, 'dataset spirals: n must be ≥ classes (3) so every class has a sample, got 2'],
      ['sine', { low: 2, high: 1 }, 'dataset sine: low must be below high, got low=2 and high=1'],
      ['mnist', {}, 'dataset mnist: no reader for the MNIST images was given; the host must pass readMnistDigit'],
    ];
    for (const [name, options, message] of cases) {
      const error = thrown(() => loadDataset(name, options));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});
