import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { activeKernels, availableKernels, useKernels } from '../../../src/engine/kernels';
import { sumRows } from '../../../src/engine/layers/row-ops';
import { projection } from '../gradcheck';

const initialKernels = activeKernels();
afterAll(() => {
  useKernels(initialKernels);
});

describe.each(availableKernels())('sumRows under %s kernels', (choice) => {
  beforeEach(() => {
    useKernels(choice);
  });

  it.each([
    [1, 1],
    [1, 5],
    [2, 3],
    [3, 7],
    [5, 1],
    [17, 9],
    [64, 33],
    [300, 33],
    [3, 9001],
  ])('sums %i rows of width %i column by column, in float64 then rounded once', (rows, width) => {
    const x = projection(rows * width, rows + width);
    const expected = Array.from({ length: width }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += x[r * width + j];
      return Math.fround(sum);
    });
    const target = new Float32Array(width).fill(Number.NaN);
    // A scratch longer than the width, left dirty by an earlier call.
    const scratch = new Float64Array(width + 3).fill(7);
    sumRows(x, rows, width, target, scratch);
    target.forEach((value, j) => expect(Math.abs(value - expected[j])).toBeLessThanOrEqual(Math.abs(expected[j]) * 2 ** -23));
    // Again on the same arrays, as a layer calls it every step: nothing carries over.
    sumRows(x, rows, width, target, scratch);
    target.forEach((value, j) => expect(Math.abs(value - expected[j])).toBeLessThanOrEqual(Math.abs(expected[j]) * 2 ** -23));
  });

  it('sums only the rows asked for', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i);
    const target = new Float32Array(3);
    sumRows(x, 2, 3, target, new Float64Array(3));
    expect([...target]).toEqual([3, 5, 7]);
  });

  it('leaves the target at 0 for no rows', () => {
    const target = new Float32Array(3).fill(1);
    sumRows(new Float32Array(0), 0, 3, target, new Float64Array(3));
    expect([...target]).toEqual([0, 0, 0]);
  });
});
