/**
 * A gradient thread (bundled to dist/gradient-thread.js): builds a replica of
 * the model from its spec, then serves steps until told to stop. Each step
 * is a new generation in the control word: claim it (unless the caller got
 * there first), compute the shard's mean loss and gradient from the shared
 * buffers, write them, publish the generation and wake the caller. A failure is written to the shared state instead of
 * thrown, so the caller's wait ends with the message rather than a timeout.
 */
import { workerData } from 'node:worker_threads';
import { useKernelBuild } from '../engine/kernels';
import { GradientReplica } from '../engine/parallel/replica';
import { Control, FAILED_BEFORE_START, claim, pollChange, writeFailure, type GradientThreadData } from './gradient-protocol';

function serve(data: GradientThreadData): void {
  const control = new Int32Array(data.control);
  const message = new Uint8Array(data.message);
  const loss = new Float64Array(data.loss);
  let replica: GradientReplica;
  try {
    useKernelBuild(data.kernels);
    replica = new GradientReplica(data.spec, data.limits, {
      weights: new Float32Array(data.weights),
      inputs: new Float32Array(data.inputs),
      targets: new Float32Array(data.targets),
      gradients: new Float32Array(data.gradients),
    });
  } catch (error) {
    writeFailure(control, message, error);
    Atomics.store(control, Control.reply, FAILED_BEFORE_START);
    Atomics.notify(control, Control.reply);
    Atomics.notify(control, Control.ready);
    return;
  }
  Atomics.store(control, Control.ready, 1);
  Atomics.notify(control, Control.ready);
  // The caller may have asked for a step before this thread started: the
  // request is read before waiting, and waiting only happens while it still
  // equals the last one served.
  let served = 0;
  for (;;) {
    const request = Atomics.load(control, Control.request);
    if (Atomics.load(control, Control.stop) !== 0) return;
    if (request === served) {
      if (!pollChange(control, Control.request, served)) Atomics.wait(control, Control.request, served);
      continue;
    }
    served = request;
    // A caller that finished its own part first computes this one itself.
    if (!claim(control, request)) continue;
    try {
      loss[0] = replica.compute(Atomics.load(control, Control.rows), Atomics.load(control, Control.seed) >>> 0);
    } catch (error) {
      writeFailure(control, message, error);
    }
    Atomics.store(control, Control.reply, request);
    Atomics.notify(control, Control.reply);
  }
}

serve(workerData as GradientThreadData);
