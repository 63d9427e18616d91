import type { MnistDigitReader } from '../engine/data/real-data';
import type { CharTextReader } from '../engine/data/sequences';
import type { ReplicaSpec } from '../engine/parallel/replica';
import type { CreateGradientShards } from '../engine/parallel/shards';

/**
 * The `code` of the error a host throws for a path outside the folders the
 * notebook may use; its message says why and how to allow the folder.
 */
export const OUTSIDE_FOLDERS = 'EOUTSIDE';

/**
 * What a session needs from where it runs: files, relative to the notebook,
 * the stored data sets and helper threads. The CLI and the worker pass
 * Node's; tests pass their own. A file operation throws a Node-style error:
 * code ENOENT when the file is missing, {@link OUTSIDE_FOLDERS} when the
 * path is not one the notebook may use.
 */
export interface SessionHost {
  /** A text file's contents. */
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  /** Writes a file, creating its folder. */
  writeBytes(path: string, bytes: Uint8Array): void;
  readonly readMnistDigit?: MnistDigitReader;
  readonly readCharText?: CharTextReader;
  /** Helper threads that share a large batch, `threads` in all counting the caller's; without it a step runs on one thread. */
  readonly gradientThreads?: (spec: ReplicaSpec, threads: number) => CreateGradientShards;
}
