import type { MnistDigitReader } from '../engine/data/real-data';
import type { ReplicaSpec } from '../engine/parallel/replica';
import type { CreateGradientShards } from '../engine/parallel/shards';

/**
 * What a session needs from where it runs: files, relative to the notebook,
 * the stored data sets and helper threads. The CLI and the worker pass
 * Node's; tests pass their own.
 */
export interface SessionHost {
  /** A text file's contents; throws a Node-style error (code ENOENT) when it is missing. */
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  /** Writes a file, creating its folder. */
  writeBytes(path: string, bytes: Uint8Array): void;
  readonly readMnistDigit?: MnistDigitReader;
  /** Helper threads that share a large batch, `threads` in all counting the caller's; without it a step runs on one thread. */
  readonly gradientThreads?: (spec: ReplicaSpec, threads: number) => CreateGradientShards;
}
