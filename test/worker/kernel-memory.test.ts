import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kernel } from '../../src/extension/kernel';
import { buildWorker } from './harness';

/**
 * The real training worker dying of its heap limit: the cell fails with
 * "training ran out of memory" and the next cell runs in a fresh worker. The
 * heap here is made far smaller than the limits would size it, so a CSV file
 * the data limit allows is enough to exhaust it.
 */

let script = '';
let folder = '';

beforeAll(async () => {
  script = await buildWorker();
  folder = mkdtempSync(join(tmpdir(), 'nnlab-memory-'));
  // 40,000 rows of 20 cells: 800,000 cell objects, about 80 MB of heap while read.
  const header = Array.from({ length: 20 }, (_, j) => `c${j}`).join(',');
  const row = Array.from({ length: 20 }, (_, j) => j % 2).join(',');
  writeFileSync(join(folder, 'big.csv'), `${header}\n${`${row}\n`.repeat(40_000)}`);
}, 30_000);

afterAll(() => {
  rmSync(script, { force: true });
  rmSync(folder, { recursive: true, force: true });
});

describe('a training worker out of memory', () => {
  it('fails the cell with the heap limit, and the kernel runs the next cell afresh', async () => {
    const kernel = new Kernel({
      workerScript: script,
      notebookFolder: folder,
      createWorker: (file, workerData) => new Worker(file, { workerData, resourceLimits: { maxOldGenerationSizeMb: 48 } }),
    });
    try {
      const failed = await kernel.run(0, 'data csv "big.csv" target=c0').outcome;
      expect(failed).toMatchObject({ kind: 'failed', restarted: true });
      expect(failed.kind === 'failed' && failed.message).toMatch(/^training ran out of memory \(limit 2,611 MB of JavaScript heap, sized from nnlab\.limits\.maxDataValues\): use a smaller data set or model\. The kernel was restarted/);
      const next = await kernel.run(1, 'data moons').outcome;
      expect(next).toMatchObject({ kind: 'result', result: { status: 'ok' } });
    } finally {
      kernel.dispose();
    }
  }, 60_000);
});
