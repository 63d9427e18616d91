import { describe, expect, it } from 'vitest';
import { fuzzReaders } from './readers-fuzz-harness';

describe('the CSV and weight readers under fuzzing', () => {
  it('refuse every bad file with a ConfigError of bounded length and never crash (4 s, seeded)', () => {
    const figures = fuzzReaders({ seed: 11, seconds: 4 });
    expect(figures.crashes.slice(0, 3)).toEqual([]);
    // Every kind of input was tried, and most bad inputs were refused rather than read.
    for (const [generator, count] of Object.entries(figures.byGenerator)) expect({ generator, tried: count > 0 }).toEqual({ generator, tried: true });
    expect(figures.refused).toBeGreaterThan(figures.inputs / 4);
    // Megabyte inputs take a few hundred ms; a quadratic step would take seconds.
    expect(figures.slowest.ms).toBeLessThan(2000);
  }, 30_000);
});
