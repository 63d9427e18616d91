import type { MnistDigitReader } from '../engine/data/real-data';

/**
 * What a session needs from where it runs: files, relative to the notebook,
 * and the stored data sets. The CLI and the worker pass Node's; tests pass
 * their own.
 */
export interface SessionHost {
  /** A text file's contents; throws a Node-style error (code ENOENT) when it is missing. */
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  /** Writes a file, creating its folder. */
  writeBytes(path: string, bytes: Uint8Array): void;
  readonly readMnistDigit?: MnistDigitReader;
}
