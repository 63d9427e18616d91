import { ConfigError } from '../errors';

/** A size along height and width: one number for both, or [height, width] as PyTorch's tuples. */
export type Pair = number | readonly [number, number];

/** The words a message shows for a pair: `3` or `[3, 5]`. */
export function pairText(value: Pair): string {
  return typeof value === 'number' ? String(value) : `[${value.join(', ')}]`;
}

/**
 * Reads a Pair as [height, width], each a whole number ≥ `min`, or throws a
 * ConfigError naming the layer, the option and the value:
 * `conv2d 0: stride must be a whole number ≥ 1 or a pair of them, got 0`.
 */
export function readPair(owner: string, option: string, value: Pair, min: number): [number, number] {
  const pair: readonly unknown[] = typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : [];
  if (pair.length !== 2 || !pair.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= min)) {
    throw new ConfigError(`${owner}: ${option} must be a whole number ≥ ${min} or a pair of them, got ${pairText(value)}`);
  }
  return [pair[0] as number, pair[1] as number];
}

/**
 * Checks that a layer's input is one image [channels, height, width] of whole
 * sizes ≥ 1 and returns it, or throws a ConfigError naming the layer and the shape.
 */
export function readImageShape(owner: string, inputShape: readonly number[]): [number, number, number] {
  if (inputShape.length !== 3 || !inputShape.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new ConfigError(`${owner}: input must be an image [channels, height, width], got shape [${inputShape.join(', ')}]`);
  }
  return [inputShape[0], inputShape[1], inputShape[2]];
}
