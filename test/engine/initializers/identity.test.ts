import { describe, expect, it } from 'vitest';
import { createInitializer, identity, initializers, weightShape } from '../../../src/engine/initializers';
import { Rng } from '../../../src/engine/rng';
import { catalog } from '../../../src/reference/catalog';

function fill(name: string, options: Record<string, number>, rows: number, cols: number): number[][] {
  const target = new Float32Array(rows * cols).fill(7);
  createInitializer(name, options).fill(target, weightShape(rows, cols), new Rng(1));
  return Array.from({ length: rows }, (_, r) => Array.from(target.subarray(r * cols, (r + 1) * cols)));
}

describe('identity', () => {
  it('fills a square weight with I, overwriting what was there', () => {
    expect(fill('identity', {}, 3, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('scales the diagonal by gain', () => {
    expect(fill('identity', { gain: 0.5 }, 2, 2)).toEqual([
      [0.5, 0],
      [0, 0.5],
    ]);
  });

  // Keras Identity and torch.nn.init.eye_ both write eye(rows, cols).
  it.each([
    [2, 3, [[1, 0, 0], [0, 1, 0]]],
    [3, 2, [[1, 0], [0, 1], [0, 0]]],
  ])('a non-square %i×%i weight gets eye(rows, cols)', (rows, cols, expected) => {
    expect(fill('identity', {}, rows, cols)).toEqual(expected);
  });

  it('draws nothing from the Rng', () => {
    const rng = new Rng(5);
    identity().fill(new Float32Array(4), weightShape(2, 2), rng);
    expect(rng.uniform()).toBe(new Rng(5).uniform());
  });

  it('is registered with PyTorch’s eye_ as an alias, and has catalog text', () => {
    expect(initializers.get('eye_').name).toBe('identity');
    expect(initializers.get('eye').name).toBe('identity');
    expect(catalog().some((entry) => entry.kind === 'initializer' && entry.name === 'identity')).toBe(true);
  });

  it('refuses a gain that is not positive, naming it', () => {
    expect(() => identity({ gain: 0 })).toThrow('initializer identity: gain must be > 0, got 0');
  });
});
