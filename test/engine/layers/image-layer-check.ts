import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Initializer } from '../../../src/engine/initializers';

/** Weights N(0, 0.5²): large enough that every unit does something. */
export const gaussian: Initializer = {
  name: 'test_gaussian',
  fill: (target, _shape, rng) => {
    for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, 0.5);
  },
};

/** One case of test/fixtures/pytorch/conv/<file>.json (scripts/pytorch-conv-fixtures.py). */
export interface TorchCase {
  readonly options: Record<string, unknown>;
  readonly inputShape: number[];
  readonly outputShape: number[];
  readonly x: number[];
  readonly y: number[];
  readonly r: number[];
  readonly dx: number[];
  readonly [tensor: string]: unknown;
}

/** The cases of one PyTorch fixture file, by name. */
export function torchCases(file: string): Record<string, TorchCase> {
  const path = join(__dirname, '..', '..', 'fixtures', 'pytorch', 'conv', `${file}.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: Record<string, TorchCase> }).cases;
}


/** Every element within 1e-5 relative (with a 1e-6 floor for values near zero). */
export function expectClose(label: string, actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-6 + 1e-5 * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) expect.fail(`${label}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`);
  }
}
