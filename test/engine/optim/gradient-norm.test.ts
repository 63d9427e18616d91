import { afterAll, describe, expect, it } from 'vitest';
import { activeKernels, availableKernels, useKernels } from '../../../src/engine/kernels';
import { globalGradientNorm, sumOfSquares } from '../../../src/engine/optim/clipping/clipper';
import { createParameter, type Parameter } from '../../../src/engine/parameter';
import { Rng } from '../../../src/engine/rng';

/** Gradients of the given lengths, seeded, spread over six orders of magnitude. */
function parametersWith(lengths: readonly number[]): Parameter[] {
  const rng = new Rng(lengths.length);
  return lengths.map((length, index) => {
    const p = createParameter(String(index), 'weight', [length], 'weight');
    p.grad.set(Array.from({ length }, () => rng.normal() * 10 ** rng.uniformIn(-3, 3)));
    return p;
  });
}

/** √Σg², one value at a time in float64: the definition. */
function referenceNorm(params: readonly Parameter[]): number {
  let sum = 0;
  for (const { grad } of params) for (const g of grad) sum += g * g;
  return Math.sqrt(sum);
}

const initialChoice = activeKernels();
afterAll(() => {
  useKernels(initialChoice);
});

describe.each(availableKernels())('the global gradient norm under %s kernels', (choice) => {
  it.each([[[1]], [[3, 5]], [[17, 1, 9]], [[4101, 2048, 2049, 7]]])('equals √Σg² over lengths %j to float64 rounding', (lengths) => {
    useKernels(choice);
    const params = parametersWith(lengths);
    const expected = referenceNorm(params);
    expect(Math.abs(globalGradientNorm(params) - expected)).toBeLessThanOrEqual(1e-14 * expected);
  });

  it('is NaN or infinite exactly when a gradient is', () => {
    useKernels(choice);
    const params = parametersWith([5, 4101]);
    params[1].grad[4100] = Number.NaN;
    expect(globalGradientNorm(params)).toBeNaN();
    params[1].grad[4100] = 0;
    params[0].grad[4] = -Infinity;
    expect(globalGradientNorm(params)).toBe(Infinity);
  });
});

describe('sumOfSquares', () => {
  it('counts every value whatever the length mod 4', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 7, 9]) {
      const values = Float32Array.from({ length }, (_, i) => i + 1);
      expect(sumOfSquares(values)).toBe((length * (length + 1) * (2 * length + 1)) / 6);
    }
  });
});
