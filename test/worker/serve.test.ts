import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { WorkerEvent, WorkerRequest } from '../../src/protocol/worker-messages';
import { serve, type WorkerPort } from '../../src/worker/worker';
import { DECLARATIONS } from './harness';

/** The worker's message handling in this thread, with a port that records what it is sent. */
function servedPort() {
  const events: WorkerEvent[] = [];
  let listener: ((request: WorkerRequest) => void) | undefined;
  let closed = false;
  const port: WorkerPort = {
    postMessage: (event) => events.push(event),
    on: (_event, handler) => (listener = handler),
    close: () => (closed = true),
  };
  const cancel = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  serve(port, { notebookFolder: tmpdir(), cancel });
  return { events, send: (request: WorkerRequest) => listener!(request), flag: new Int32Array(cancel), closed: () => closed };
}

describe('worker message handling', () => {
  it('stops only the request whose id is in the cancel flag', () => {
    const worker = servedPort();
    worker.send({ type: 'run', id: 1, cell: 0, source: DECLARATIONS, updateRate: 10 });
    // A cancel written for request 1 (already answered) must not stop request 2.
    worker.flag[0] = 1;
    worker.send({ type: 'run', id: 2, cell: 1, source: 'train epochs=2 batch=50 seed=1', updateRate: 10 });
    worker.flag[0] = 3;
    worker.send({ type: 'run', id: 3, cell: 2, source: 'train epochs=2 batch=50 seed=1', updateRate: 10 });
    const results = worker.events.filter((e) => e.type === 'result');
    expect(results.map((e) => [e.id, e.type === 'result' && e.result.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'cancelled'],
    ]);
    const stopped = results[2].type === 'result' ? results[2].result.outputs.find((o) => o.kind === 'train') : undefined;
    // Cancelled before its first step: nothing was learned, and the run says so.
    expect(stopped?.kind === 'train' && [stopped.run.status, stopped.run.steps]).toEqual(['cancelled', 0]);
  });

  it('answers a weights request before any training with no bytes, and closes on dispose', () => {
    const worker = servedPort();
    worker.send({ type: 'weights', id: 7, format: 'safetensors' });
    expect(worker.events).toEqual([{ type: 'weights', id: 7, tensors: [] }]);
    worker.send({ type: 'dispose' });
    expect(worker.closed()).toBe(true);
  });
});
