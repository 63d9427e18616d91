import { describe, expect, it } from 'vitest';
import { sumRows } from '../../../src/engine/layers/row-ops';
import { projection } from '../gradcheck';

describe('sumRows', () => {
  it.each([
    [1, 1],
    [1, 5],
    [2, 3],
    [3, 7],
    [5, 1],
    [17, 9],
    [64, 33],
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
  });

  it('leaves the target at 0 for no rows', () => {
    const target = new Float32Array(3).fill(1);
    sumRows(new Float32Array(0), 0, 3, target, new Float64Array(3));
    expect([...target]).toEqual([0, 0, 0]);
  });
});
