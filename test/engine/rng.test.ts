import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';

function draws(rng: Rng, n: number, draw: (rng: Rng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

describe('Rng', () => {
  it('replays the same stream for the same seed and a different one for another seed', () => {
    expect(draws(new Rng(7), 20, (r) => r.nextUint32())).toEqual(draws(new Rng(7), 20, (r) => r.nextUint32()));
    expect(draws(new Rng(7), 20, (r) => r.nextUint32())).not.toEqual(draws(new Rng(8), 20, (r) => r.nextUint32()));
  });

  it('uniform() lies in [0, 1) with mean ½ and variance 1/12', () => {
    const values = draws(new Rng(1), 100_000, (r) => r.uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    // standard error of the mean: √(1/12/1e5) ≈ 0.00091; allow 4 of them
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0037);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('normal(μ, σ) has the requested mean and standard deviation', () => {
    const values = draws(new Rng(2), 100_000, (r) => r.normal(3, 2));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    // standard error of the mean: 2/√1e5 ≈ 0.0063; of the std: 2/√(2e5) ≈ 0.0045
    expect(Math.abs(mean - 3)).toBeLessThan(0.025);
    expect(Math.abs(std - 2)).toBeLessThan(0.018);
  });

  it('int(n) covers 0..n−1 evenly', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const v of draws(new Rng(3), 50_000, (r) => r.int(5))) counts[v]++;
    // each count ~ Binomial(50000, 0.2): mean 10000, sd ≈ 89
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('shuffle is a permutation and deterministic per seed', () => {
    const a = new Rng(4).shuffle(Array.from({ length: 50 }, (_, i) => i));
    const b = new Rng(4).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('getState/setState resumes the stream exactly, including a pending normal', () => {
    const rng = new Rng(5);
    rng.normal();
    const state = rng.getState();
    const expected = draws(rng, 10, (r) => r.normal());
    const resumed = new Rng(999);
    resumed.setState(state);
    expect(draws(resumed, 10, (r) => r.normal())).toEqual(expected);
  });

  it('rejects a seed that is not a whole number', () => {
    expect(() => new Rng(1.5)).toThrow('seed must be a whole number, got 1.5');
  });
});
