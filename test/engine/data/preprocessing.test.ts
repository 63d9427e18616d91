import { describe, expect, it } from 'vitest';
import { createDataset, fitMinMax, fitScaler, fitStandardizer, gaussianNoise, makeBlobs, splitDataset, type Dataset } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';

function table(rows: number[][]): Dataset {
  return createDataset({ name: 't', x: Float32Array.from(rows.flat()), y: new Float32Array(rows.length), task: 'regression', features: rows[0].length });
}

// Feature 1 takes 1, 3, 5; feature 2 is the constant 5.
const train = table([
  [1, 5],
  [3, 5],
  [5, 5],
]);
const test = table([[7, 6]]);

describe('standardisation', () => {
  it('uses the training mean and population standard deviation; a constant feature keeps scale 1', () => {
    const scaler = fitStandardizer(train);
    // μ = 3, σ = √(((−2)² + 0² + 2²)/3) = √(8/3) = 1.6329932
    expect(Array.from(scaler.offset)).toEqual([3, 5]);
    expect(scaler.scale[0]).toBeCloseTo(1.6329932, 6);
    expect(scaler.scale[1]).toBe(1);
    // train → (−2, 0, 2)/1.633 = ∓1.2247449; the constant feature → 0
    const scaled = Array.from(scaler.apply(train).x);
    [-1.2247449, 0, 0, 0, 1.2247449, 0].forEach((value, i) => expect(scaled[i]).toBeCloseTo(value, 6));
    // test (7, 6) → ((7 − 3)/1.633, (6 − 5)/1) = (2.4494897, 1)
    const [a, b] = scaler.apply(test).x;
    expect(a).toBeCloseTo(2.4494897, 6);
    expect(b).toBe(1);
  });

  it('fits on the training split only: held-out data keeps its own shift', () => {
    const ds = makeBlobs({ n: 400, classes: 2, features: 3, seed: 1 });
    const { train: part, test: held } = splitDataset(ds, { test: 0.5, seed: 2 });
    const scaler = fitStandardizer(part);
    // the offset is the training mean, not the mean of all 400 samples
    const mean = (d: Dataset, j: number) => d.x.reduce((sum, v, i) => (i % d.features === j ? sum + v : sum), 0) / d.count;
    for (let j = 0; j < 3; j++) {
      expect(scaler.offset[j]).toBeCloseTo(mean(part, j), 4);
      expect(mean(scaler.apply(part), j)).toBeCloseTo(0, 5);
      expect(Math.abs(mean(scaler.apply(held!), j))).toBeGreaterThan(1e-4);
    }
  });
});

describe('min–max scaling', () => {
  it('maps the training range to [0, 1]; a constant feature to 0', () => {
    const scaler = fitMinMax(train);
    // offset = min = (1, 5), scale = max − min = (4, 1 for the constant feature)
    expect([Array.from(scaler.offset), Array.from(scaler.scale)]).toEqual([
      [1, 5],
      [4, 1],
    ]);
    expect(Array.from(scaler.apply(train).x)).toEqual([0, 0, 0.5, 0, 1, 0]);
    // test (7, 6) → ((7 − 1)/4, (6 − 5)/1) = (1.5, 1): outside [0, 1], as it should be
    expect(Array.from(scaler.apply(test).x)).toEqual([1.5, 1]);
  });

  it('scales raw rows into a given buffer, in place if asked', () => {
    const scaler = fitMinMax(train);
    const rows = Float32Array.from([3, 5, 5, 5]);
    expect(scaler.transform(rows, rows)).toBe(rows);
    expect(Array.from(rows)).toEqual([0.5, 0, 1, 0]);
  });
});

describe('scalers by name and bad input', () => {
  it('reads our names and sklearn class names', () => {
    const cases: [string, string][] = [
      ['standard', 'standard'],
      ['StandardScaler', 'standard'],
      ['zscore', 'standard'],
      ['minmax', 'minmax'],
      ['min_max', 'minmax'],
      ['MinMaxScaler', 'minmax'],
    ];
    for (const [name, kind] of cases) expect(fitScaler(name, train).kind).toBe(kind);
  });

  it('names the problem', () => {
    const cases: [() => unknown, string][] = [
      [() => fitScaler('standart', train), "unknown normalization 'standart' (did you mean 'standard'?); use standard or minmax"],
      [() => fitStandardizer(train).apply(table([[1, 2, 3]])), 'standard scaler: fitted on 2 features, but t has 3'],
      [() => gaussianNoise(-0.1, 1), 'gaussian noise: std must be a finite number ≥ 0, got -0.1'],
    ];
    for (const [action, message] of cases) {
      const error = thrown(action);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});

describe('gaussian input noise', () => {
  it('adds σε with the seeded generator, the same for the same seed', () => {
    const zeros = new Float32Array(20000);
    const a = gaussianNoise(0.3, 11).apply(zeros, new Float32Array(20000));
    const b = gaussianNoise(0.3, new Rng(11)).apply(zeros, new Float32Array(20000));
    expect(a).toEqual(b);
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(0.3, 2);
    expect(zeros.every((v) => v === 0)).toBe(true);
  });

  it('writes into the buffer it is given, or in place, and draws anew each batch', () => {
    const noise = gaussianNoise(1, 4);
    const batch = Float32Array.from([1, 2, 3]);
    const out = new Float32Array(3);
    expect(noise.apply(batch, out)).toBe(out);
    const first = Array.from(out);
    noise.apply(batch, out);
    expect(Array.from(out)).not.toEqual(first);
    expect(noise.apply(batch)).toBe(batch);
    expect(gaussianNoise(0, 4).apply(Float32Array.from([1, 2]))).toEqual(Float32Array.from([1, 2]));
  });
});
