import { EventEmitter } from 'node:events';
import type { ResourceLimits, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Kernel, type WorkerSettings } from '../../src/extension/kernel';
import type { WorkerRequest, WorkerStartData } from '../../src/protocol/worker-messages';

/**
 * The kernel's worker runs with a heap limit sized from the data limit, and a
 * worker that dies of it fails its cell with a message that says so; the next
 * cell starts a fresh worker. The worker here is a stand-in that dies as Node
 * reports it (an 'error' with code ERR_WORKER_OUT_OF_MEMORY, then 'exit').
 */

/** A stand-in worker: the first one dies of memory on its first request, later ones answer 'ok'. */
function fakeWorkers() {
  const started: { data: WorkerStartData; resourceLimits: ResourceLimits }[] = [];
  const create = (_script: string, data: WorkerStartData, resourceLimits: ResourceLimits): Worker => {
    const dies = started.length === 0;
    started.push({ data, resourceLimits });
    const worker = Object.assign(new EventEmitter(), {
      postMessage: (request: WorkerRequest) => {
        if (request.type !== 'run') return;
        setImmediate(() => {
          if (dies) {
            const error = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
            worker.emit('error', error);
            worker.emit('exit', 1);
          } else {
            worker.emit('message', { type: 'result', id: request.id, result: { status: 'ok', problems: [], outputs: [] } });
          }
        });
      },
      terminate: async () => 0,
    });
    return worker as unknown as Worker;
  };
  return { started, create };
}

function kernel(settings: WorkerSettings = {}) {
  const workers = fakeWorkers();
  const made = new Kernel({ workerScript: 'worker.js', notebookFolder: '/notebooks', workerSettings: () => settings, createWorker: workers.create });
  return { kernel: made, started: workers.started };
}

describe('the training worker and memory', () => {
  it('starts the worker with a heap sized from the data limit, and passes the limits to its session', async () => {
    const { kernel: k, started } = kernel({ limits: { maxDataValues: 1_000_000 } });
    await k.run(0, 'data moons').outcome;
    // 512 MB, plus 110 bytes a value for reading a CSV file of 1,000,000 values: 105 MB.
    expect(started[0].resourceLimits).toEqual({ maxOldGenerationSizeMb: 617 });
    expect(started[0].data.limits).toEqual({ maxDataValues: 1_000_000 });
    k.dispose();
  });

  it('fails the cell with "training ran out of memory" and the heap limit, and runs the next cell in a fresh worker', async () => {
    const { kernel: k, started } = kernel();
    const first = await k.run(0, 'train').outcome;
    expect(first).toEqual({
      kind: 'failed',
      message:
        'training ran out of memory (limit 2,611 MB of JavaScript heap, sized from nnlab.limits.maxDataValues): use a smaller data set or model. ' +
        'The kernel was restarted: declarations from earlier cells are gone; run them again.',
      stack: expect.any(String),
      restarted: true,
    });
    const second = await k.run(1, 'data moons').outcome;
    expect(second).toEqual({ kind: 'result', result: { status: 'ok', problems: [], outputs: [] } });
    expect(started).toHaveLength(2);
    k.dispose();
  });
});
