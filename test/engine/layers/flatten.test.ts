import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { Flatten, flattenParams } from '../../../src/engine/layers/flatten';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';

describe('flatten', () => {
  it('turns [C, H, W] into [C·H·W] without copying: forward and backward hand back the same arrays', () => {
    const flatten = new Flatten('2', [3, 4, 5]);
    expect(flatten.inputShape).toEqual([3, 4, 5]);
    expect(flatten.outputShape).toEqual([60]);
    expect([flatten.inputSize, flatten.outputSize]).toEqual([60, 60]);
    const x = new Float32Array(120).map((_, i) => i);
    expect(flatten.forward(x, 2, { training: true, rng: new Rng(0) })).toBe(x);
    const g = new Float32Array(120);
    expect(flatten.backward(g, 2)).toBe(g);
    expect(flatten.parameters).toEqual([]);
  });

  it('flattens sequences [T, F] too, and takes no options', () => {
    expect(new Flatten('0', [7, 3]).outputShape).toEqual([21]);
    expect(flattenParams.describe()).toEqual([]);
  });

  it('refuses an empty or fractional shape', () => {
    for (const shape of [[], [3, 0.5]]) {
      const error = thrown(() => new Flatten('1', shape));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(`flatten 1: input shape must be whole sizes ≥ 1, got [${shape.join(', ')}]`);
    }
  });
});
