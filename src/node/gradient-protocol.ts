/**
 * What the calling thread and a gradient thread share (src/node/gradient-threads.ts
 * and gradient-thread.ts): the layout of the control word and the failure
 * message, and the data a thread starts with. Steps are handed over through
 * shared memory and Atomics alone; a postMessage per step costs far more
 * than a small step's whole work.
 */
import type { KernelBuild } from '../engine/kernels';
import type { ReplicaSpec } from '../engine/parallel/replica';
import type { ShardLimits } from '../engine/parallel/shards';

/** Positions in a thread's Int32Array control word. */
export const Control = {
  /** Generation of the latest request; the caller increments it to start a step. */
  request: 0,
  /** Generation of the latest answered request (or FAILED_BEFORE_START). */
  reply: 1,
  rows: 2,
  /** The dropout seed, a uint32 stored as int32. */
  seed: 3,
  status: 4,
  /** Bytes of UTF-8 in the message buffer. */
  messageLength: 5,
  /** Set to 1 when the thread should leave its loop. */
  stop: 6,
  /** Set to 1 once the thread has built its replica: from then on it writes nothing the caller writes. */
  ready: 7,
  /**
   * Generation of the latest request someone took on: the thread or the
   * caller, whichever moves it from request − 1 to request first (Atomics.compareExchange)
   * computes that request.
   */
  claim: 8,
} as const;

export const CONTROL_WORDS = 9;

/** Takes request `generation` on for whoever calls it; false when the other side already has. */
export function claim(control: Int32Array, generation: number): boolean {
  return Atomics.compareExchange(control, Control.claim, generation - 1, generation) === generation - 1;
}

/** `Control.status` of a thread that failed; it is 0 until then. */
export const STATUS_FAILED = 1;

/** The reply a thread that could not build its replica writes, so a waiting caller wakes at once. */
export const FAILED_BEFORE_START = -1;

/**
 * How long a side polls a control word before it sleeps in Atomics.wait.
 * Waking a sleeping thread costs tens of microseconds, which a poll that
 * long takes off the critical path. Longer polls do not pay: between two
 * steps the caller runs the optimizer (a millisecond on 784-256-128-10), so
 * the helper sleeps anyway, and on a busy machine a spinning thread takes
 * the core the other one waits for. Measured against 0.5 ms, alternated in
 * one process at load 10: 0.1 ms ran split steps of ten 64-unit layers
 * (batch 64) 15–48 % faster, and of 784-256-128-10 (batch 128) within the
 * noise (−12 to +21 %).
 */
export const POLL_MS = 0.1;

/**
 * Polls `control[index]` until it differs from `value` or POLL_MS pass;
 * returns whether it changed. The clock is read only every few hundred polls.
 */
export function pollChange(control: Int32Array, index: number, value: number): boolean {
  const started = performance.now();
  for (;;) {
    for (let i = 0; i < 256; i++) if (Atomics.load(control, index) !== value) return true;
    if (performance.now() - started > POLL_MS) return false;
  }
}

/** Room for a failure message; longer ones are cut. */
export const MESSAGE_BYTES = 2048;

/** What a gradient thread receives as its workerData. */
export interface GradientThreadData {
  readonly spec: ReplicaSpec;
  readonly limits: ShardLimits;
  /** The caller's matrix kernel and its WebAssembly build, so both sides round identically. */
  readonly kernels: KernelBuild;
  readonly control: SharedArrayBuffer;
  readonly message: SharedArrayBuffer;
  readonly weights: SharedArrayBuffer;
  readonly inputs: SharedArrayBuffer;
  readonly targets: SharedArrayBuffer;
  readonly gradients: SharedArrayBuffer;
  /** One float64: the shard's mean loss. */
  readonly loss: SharedArrayBuffer;
}

/** Records a failure for the caller to read: message first, then the status, so a caller that sees the status sees the message. */
export function writeFailure(control: Int32Array, message: Uint8Array, error: unknown): void {
  const text = error instanceof Error ? error.message : String(error);
  const bytes = new TextEncoder().encode(text).subarray(0, message.length);
  message.set(bytes);
  Atomics.store(control, Control.messageLength, bytes.length);
  Atomics.store(control, Control.status, STATUS_FAILED);
}

/** The failure message a thread wrote. */
export function readFailure(control: Int32Array, message: Uint8Array): string {
  const length = Atomics.load(control, Control.messageLength);
  // TextDecoder refuses views of shared memory: decode a private copy.
  return new TextDecoder().decode(message.slice(0, length));
}
