import { describe, expect, it } from 'vitest';
import { createAddScaled } from '../../../src/engine/parallel/gradient-sum-wasm';
import { Rng } from '../../../src/engine/rng';

const random = (length: number, rng: Rng) => new Float32Array(length).map(() => rng.normal());

describe('the WebAssembly gradient sum', () => {
  const addScaled = createAddScaled()!;

  it('adds factor · x to y, rounded to float32 after the product and after the sum, at every chunk edge', () => {
    const rng = new Rng(3);
    // 2048 values make a chunk; lengths around it and its multiples, and ones that leave part of a vector.
    for (const length of [1, 3, 4, 7, 2047, 2048, 2049, 4099, 10_001]) {
      for (const factor of [0.5, 43 / 128, -1.25]) {
        const y = random(length, rng);
        const x = random(length, rng);
        const expected = y.map((value, i) => Math.fround(value + Math.fround(Math.fround(factor) * x[i])));
        addScaled(y, x, factor);
        expect(y).toEqual(expected);
      }
    }
  });

  it('reads a shared buffer and writes only y: no value past its end, and x unchanged', () => {
    const rng = new Rng(4);
    const shared = new Float32Array(new SharedArrayBuffer(3000 * 4)).map(() => rng.normal());
    const before = shared.slice();
    const whole = random(2100, rng);
    const y = whole.subarray(0, 2050);
    const tail = whole.slice(2050);
    const expected = y.map((value, i) => Math.fround(value + Math.fround(2 * shared[i])));
    addScaled(y, shared, 2);
    expect(y).toEqual(expected);
    expect(shared).toEqual(before);
    expect(whole.subarray(2050)).toEqual(tail);
  });
});
