/**
 * The training worker: one notebook's session, off the extension host's main
 * thread, so the editor stays responsive however long a cell trains.
 *
 * Requests arrive as messages (src/protocol/worker-messages.ts) and run one
 * at a time. A running cell blocks this thread, so its cancellation is read
 * from shared memory before every training step rather than from a message.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Throttle } from '../engine/train/throttle';
import { createNodeHost } from '../node/host';
import {
  progressInterval,
  type RunCellRequest,
  type SchedulePreviewRequest,
  type WeightsRequest,
  type WorkerEvent,
  type WorkerRequest,
  type WorkerStartData,
} from '../protocol/worker-messages';
import { NotebookSession, type SessionOptions } from '../session/session';
import type { SessionHost } from '../session/host';
import { boundResult, LiveSnapshot } from './live';
import { previewSchedule } from './schedule-preview';

/** What the worker's message handling needs from its surroundings; tests pass their own port. */
export interface WorkerPort {
  postMessage(event: WorkerEvent): void;
  on(event: 'message', listener: (request: WorkerRequest) => void): void;
  close(): void;
}

/**
 * Progress events the run sends per live update. The run's events come only
 * between steps, so with one per update the worker's throttle would often find
 * its slot just missed and wait a whole interval; four per update let every
 * slot go out within a quarter interval of its time. An event only passes a
 * reference: the snapshot is built when one goes out.
 */
const PROGRESS_EVENTS_PER_UPDATE = 4;

/** How a refused path says to allow its folder, in the editor. */
const WIDEN_HINT = 'allow another folder, add it to the setting nnlab.files.allowedFolders';

/** Serves one notebook's requests on `port` until a `dispose` request. */
export function serve(port: WorkerPort, start: WorkerStartData, host: SessionHost = createNodeHost(start.notebookFolder, { roots: start.allowedFolders, widenHint: WIDEN_HINT })): void {
  const { seed, threads, thresholds, limits } = start;
  const options: SessionOptions = { seed, threads, thresholds, limits };
  const session = new NotebookSession(host, options);
  const cancel = new Int32Array(start.cancel);

  const run = (request: RunCellRequest) => {
    const live = new LiveSnapshot();
    const interval = progressInterval(request.updateRate);
    const throttle = new Throttle(interval);
    // Read before every training step: the kernel writes the id of the request it wants stopped.
    const signal = {
      get aborted() {
        return Atomics.load(cancel, 0) === request.id;
      },
    };
    const result = session.runCell(request.cell, request.source, {
      signal,
      progressIntervalMs: interval / PROGRESS_EVENTS_PER_UPDATE,
      onProgress: (progress) => {
        live.observe(progress);
        if (throttle.ready()) port.postMessage({ type: 'progress', id: request.id, payload: live.payload() });
      },
    });
    port.postMessage({ type: 'result', id: request.id, result: boundResult(result) });
  };

  const weights = (request: WeightsRequest) => {
    const file = session.weightFile(request.format);
    port.postMessage({ type: 'weights', id: request.id, ...(file ? { bytes: file.bytes, tensors: file.tensors } : { tensors: [] }) });
  };

  const schedule = (request: SchedulePreviewRequest) => {
    port.postMessage({ type: 'schedule', id: request.id, preview: previewSchedule(host, options, request.cells, request.target) });
  };

  port.on('message', (request) => {
    if (request.type === 'dispose') {
      port.close();
      return;
    }
    try {
      if (request.type === 'run') run(request);
      else if (request.type === 'weights') weights(request);
      else schedule(request);
    } catch (error) {
      // A defect, not a mistake in the cell (those come back as problems): report it and keep serving.
      const failure = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'failed', id: request.id, message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) });
    }
  });
}

/**
 * Training is background work: it must never take the CPU from the editor.
 * On Linux a thread has its own scheduling priority, so the worker's thread
 * lowers its own (nice 10); when the cores are busy, the extension host's
 * main thread and the editor then run first. Elsewhere this is skipped.
 */
export function lowerThreadPriority(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread > 0) setPriority(thread, 10);
  } catch {
    // Not Linux, or not permitted: the thread keeps the process's priority.
  }
}

if (parentPort) {
  lowerThreadPriority();
  serve(parentPort as unknown as WorkerPort, workerData as WorkerStartData);
}
