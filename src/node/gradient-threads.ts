/**
 * Data-parallel training steps on Node worker threads: the threaded
 * `GradientShards` the engine's splitter (src/engine/parallel/shards.ts)
 * hands rows to. All buffers are SharedArrayBuffers — the weights one for
 * all threads, inputs, targets, gradients and loss one per thread — and each
 * step is handed over with one Int32 control word per thread through
 * Atomics.store/notify/wait: no message is posted per step, as a
 * postMessage round trip costs more than a small step's whole work. A
 * thread's replica keeps its parameters in the shared weights and gradients
 * themselves, so it copies nothing per step, and a part its thread has not
 * taken on by the time the caller wants it is computed by the caller.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ConfigError } from '../engine/errors';
import { activeKernelBuild } from '../engine/kernels';
import { GradientReplica, type ReplicaSpec } from '../engine/parallel/replica';
import type { CreateGradientShards, GradientShards, ShardLimits } from '../engine/parallel/shards';
import { CONTROL_WORDS, Control, FAILED_BEFORE_START, MESSAGE_BYTES, STATUS_FAILED, claim, pollChange, readFailure, type GradientThreadData } from './gradient-protocol';

/** A thread that has not answered for this long is taken for dead: a step of any sensible model is far shorter. */
const ANSWER_TIMEOUT_MS = 30_000;
/** How long one wait lasts before the caller looks at the clock and the thread's status again. */
const WAIT_SLICE_MS = 250;

/**
 * Shards on `threads − 1` worker threads: `threads` counts the calling
 * thread, which computes the first part of each split batch itself. Each
 * thread runs `script` (dist/gradient-thread.js next to the bundle by
 * default) and rebuilds the model from `spec`. The threads compute exactly
 * what `localShards(spec)` computes, bit for bit, with the caller's matrix
 * kernels. They are unref'd, so they never keep a process alive.
 */
export function gradientThreads(spec: ReplicaSpec, threads: number, script = join(__dirname, 'gradient-thread.js')): CreateGradientShards {
  if (!Number.isInteger(threads) || threads < 1) throw new ConfigError(`threads must be a whole number ≥ 1, got ${threads}`);
  return (limits) => {
    if (!existsSync(script)) throw new Error(`gradient threads: the thread script ${script} is missing (is the extension built?)`);
    return new GradientThreads(spec, threads - 1, limits, script);
  };
}

/** One worker thread and its shared buffers. */
interface GradientThread {
  readonly worker: Worker;
  /** This thread's replica over the same buffers, for a part the caller takes on itself; set once every thread is ready. */
  replica?: GradientReplica;
  readonly control: Int32Array;
  readonly message: Uint8Array;
  readonly loss: Float64Array;
  /** The generation of the request last begun. */
  generation: number;
  /** Set from the worker's error event, for a thread that died outside its own error handling. */
  crash?: string;
}

/** The threaded shards; `stopped` settles once every thread has exited (after `dispose`). */
export class GradientThreads implements GradientShards {
  readonly weights: Float32Array;
  readonly inputs: Float32Array[] = [];
  readonly targets: Float32Array[] = [];
  readonly gradients: Float32Array[] = [];
  /** Settles when every thread has exited. */
  readonly stopped: Promise<void>;
  private readonly threads: GradientThread[] = [];
  private disposed = false;

  constructor(
    spec: ReplicaSpec,
    readonly count: number,
    limits: ShardLimits,
    script: string,
  ) {
    const weights = new SharedArrayBuffer(limits.parameterCount * 4);
    this.weights = new Float32Array(weights);
    const exits: Promise<void>[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const data: GradientThreadData = {
          spec,
          limits,
          kernels: activeKernelBuild(),
          control: new SharedArrayBuffer(CONTROL_WORDS * 4),
          message: new SharedArrayBuffer(MESSAGE_BYTES),
          weights,
          inputs: new SharedArrayBuffer(limits.rows * limits.inputWidth * 4),
          targets: new SharedArrayBuffer(limits.rows * limits.targetWidth * 4),
          gradients: new SharedArrayBuffer(limits.parameterCount * 4),
          loss: new SharedArrayBuffer(8),
        };
        this.inputs.push(new Float32Array(data.inputs));
        this.targets.push(new Float32Array(data.targets));
        this.gradients.push(new Float32Array(data.gradients));
        const worker = new Worker(script, { workerData: data });
        const thread: GradientThread = {
          worker,
          control: new Int32Array(data.control),
          message: new Uint8Array(data.message),
          loss: new Float64Array(data.loss),
          generation: 0,
        };
        worker.on('error', (error) => {
          thread.crash = error.message;
        });
        exits.push(new Promise((resolve) => worker.once('exit', () => resolve())));
        worker.unref();
        this.threads.push(thread);
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
    this.stopped = Promise.all(exits).then(() => undefined);
    if (this.awaitReplicas()) {
      this.threads.forEach((thread, i) => {
        thread.replica = new GradientReplica(spec, limits, { weights: this.weights, inputs: this.inputs[i], targets: this.targets[i], gradients: this.gradients[i] });
      });
    }
  }

  /**
   * Blocks until every thread has built its replica (or failed, which `end`
   * then reports). A replica's parameters are views of the shared weights,
   * so building it writes its throwaway initial draw there: the caller must
   * not write the first step's weights before that is over. Returns whether
   * every thread is ready.
   */
  private awaitReplicas(): boolean {
    const started = performance.now();
    for (const { control } of this.threads) {
      while (Atomics.load(control, Control.ready) === 0) {
        const left = ANSWER_TIMEOUT_MS - (performance.now() - started);
        if (Atomics.load(control, Control.status) === STATUS_FAILED || left <= 0) return false;
        Atomics.wait(control, Control.ready, 0, Math.min(left, WAIT_SLICE_MS));
      }
    }
    return true;
  }

  begin(shard: number, rows: number, dropoutSeed: number): void {
    const thread = this.threads[shard];
    const { control } = thread;
    Atomics.store(control, Control.rows, rows);
    Atomics.store(control, Control.seed, dropoutSeed | 0);
    thread.generation += 1;
    Atomics.store(control, Control.request, thread.generation);
    Atomics.notify(control, Control.request);
  }

  /**
   * The shard's loss once its part is done. A thread that has not yet taken
   * its part on when the caller gets here is late (descheduled on a busy
   * machine, or slow to wake): the caller then computes the part itself on
   * its replica of the same buffers, which gives the same bits, so a late
   * thread costs at most the part's own time instead of a wait.
   */
  end(shard: number): number {
    const thread = this.threads[shard];
    const { control, generation, replica } = thread;
    if (replica && Atomics.load(control, Control.status) !== STATUS_FAILED && claim(control, generation)) {
      try {
        return replica.compute(Atomics.load(control, Control.rows), Atomics.load(control, Control.seed) >>> 0);
      } catch (error) {
        throw new Error(`gradient thread ${shard + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const started = performance.now();
    for (;;) {
      const reply = Atomics.load(control, Control.reply);
      if (Atomics.load(control, Control.status) === STATUS_FAILED) {
        const when = reply === FAILED_BEFORE_START ? 'could not start' : 'failed';
        throw new Error(`gradient thread ${shard + 1} ${when}: ${readFailure(control, thread.message)}`);
      }
      if (reply === generation) return thread.loss[0];
      if (thread.crash !== undefined) throw new Error(`gradient thread ${shard + 1} crashed: ${thread.crash}`);
      if (performance.now() - started > ANSWER_TIMEOUT_MS) {
        throw new Error(`gradient thread ${shard + 1} stopped answering: no result after ${ANSWER_TIMEOUT_MS / 1000} s`);
      }
      if (!pollChange(control, Control.reply, reply)) Atomics.wait(control, Control.reply, reply, WAIT_SLICE_MS);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { worker, control } of this.threads) {
      try {
        Atomics.store(control, Control.stop, 1);
        Atomics.add(control, Control.request, 1);
        Atomics.notify(control, Control.request);
        worker.terminate().catch(() => undefined);
      } catch {
        // Disposing must not throw: the thread is unref'd and ends with the process anyway.
      }
    }
  }
}
