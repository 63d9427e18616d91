import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzLanguage, sourceCells } from './fuzz-harness';

describe('the cell language under fuzzing', () => {
  const cells = sourceCells(join(__dirname, '..', '..'));

  it('has valid cells to mutate, from the examples and the language guide', () => {
    expect(cells.length).toBeGreaterThan(10);
  });

  it('never throws, answers inside the text, and takes under 200 ms of processor time an input (5 s, seeded)', () => {
    const figures = fuzzLanguage({ seed: 11, seconds: 5, cells });
    expect(figures.crashes.slice(0, 3)).toEqual([]);
    // Every kind of input was tried.
    for (const [generator, count] of Object.entries(figures.byGenerator)) expect({ generator, tried: count > 0 }).toEqual({ generator, tried: true });
    expect(figures.slowest.cpuMs).toBeLessThan(200);
  }, 30_000);
});
