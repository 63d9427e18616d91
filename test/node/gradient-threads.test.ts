import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localShards, type CreateGradientShards } from '../../src/engine/parallel/shards';
import type { RunConfig } from '../../src/engine/train/config';
import { TrainingRun } from '../../src/engine/train/run';
import { Sequential } from '../../src/engine/model';
import { Rng } from '../../src/engine/rng';
import { Control } from '../../src/node/gradient-protocol';
import { GradientThreads, gradientThreads } from '../../src/node/gradient-threads';
import { CLASSIFIER, bytes, fiveClasses, layers, runConfig, spec, type Net } from '../engine/parallel-fixtures';
import { buildForNode } from '../worker/harness';

/** The classifier with dropout, so the per-shard seeds are exercised too. */
const NET: Net = { ...CLASSIFIER, layers: [{ units: 64, activation: 'relu' }, { dropout: 0.2 }, ...CLASSIFIER.layers.slice(1)] };
const train = fiveClasses(300, 1);

/** Wraps a shard factory to keep every GradientThreads it makes, so a test can wait for their threads to exit. */
function keeping(create: CreateGradientShards, made: GradientThreads[]): CreateGradientShards {
  return (limits) => {
    const shards = create(limits);
    made.push(shards as GradientThreads);
    return shards;
  };
}

function trainWith(config: RunConfig): { weights: number[]; losses: number[] } {
  const run = new TrainingRun(config, { train });
  const result = run.run();
  expect(result.status).toBe('completed');
  return { weights: bytes(run.model.stateDict()), losses: run.telemetry.recentSteps().map((s) => s.loss) };
}

describe('gradientThreads', () => {
  let script: string;
  beforeAll(async () => {
    script = await buildForNode('src/node/gradient-thread.ts');
  });

  it.each([
    // batches of 151 split 76 + 75 over 2 threads; of 202, 68 + 67 + 67 over 3
    { threads: 2, batchSize: 151 },
    { threads: 3, batchSize: 202 },
  ])('trains bit-identically to the in-process shards over 20 steps ($threads threads)', async ({ threads, batchSize }) => {
    const made: GradientThreads[] = [];
    const threaded = trainWith(runConfig(NET, { steps: 20, batchSize, createShards: keeping(gradientThreads(spec(NET), threads, script), made) }));
    const local = trainWith(runConfig(NET, { steps: 20, batchSize, createShards: localShards(spec(NET), threads - 1) }));
    expect(threaded.losses).toHaveLength(20);
    expect(threaded.losses).toEqual(local.losses);
    expect(threaded.weights).toEqual(local.weights);
    expect(made).toHaveLength(1);
    expect(made[0].count).toBe(threads - 1);
    await made[0].stopped;
  });

  it('turns a thread that cannot start into a clear error, and leaves no thread running', async () => {
    const made: GradientThreads[] = [];
    const broken = { ...spec(NET), loss: { name: 'sparse_categorical_crossentropyy', options: {} } };
    const run = new TrainingRun(runConfig(NET, { createShards: keeping(gradientThreads(broken, 3, script), made) }), { train });
    expect(() => run.run()).toThrow(/^gradient thread 1 could not start: unknown loss 'sparse_categorical_crossentropyy' \(did you mean 'sparse_categorical_crossentropy'\?\)$/);
    expect(made).toHaveLength(1);
    await made[0].stopped;
  });

  it('turns a failure inside a step into a clear error from end()', async () => {
    const limits = { rows: 37, inputWidth: 20, targetWidth: 1, parameterCount: 3_589 };
    const shards = gradientThreads(spec(NET), 2, script)(limits) as GradientThreads;
    shards.begin(0, 38, 0);
    expect(() => shards.end(0)).toThrow('gradient thread 1 failed: replica: a shard takes 1 to 37 rows, got 38');
    shards.dispose();
    shards.dispose();
    await shards.stopped;
  });

  it('reports a replica that does not match the model being trained', () => {
    const other: Net = { ...NET, layers: [{ units: 63, activation: 'relu' }, ...NET.layers.slice(1)] };
    const run = new TrainingRun(runConfig(NET, { createShards: gradientThreads(spec(other), 2, script) }), { train });
    expect(() => run.run()).toThrow('gradient thread 1 could not start: replica: the spec describes a model of 3536 parameters, the one being trained has 3589');
  });

  it('continues a cancelled run to the weights of an uninterrupted one, with new threads per run() call', async () => {
    const made: GradientThreads[] = [];
    const create = keeping(gradientThreads(spec(NET), 2, script), made);
    const uninterrupted = trainWith(runConfig(NET, { createShards: localShards(spec(NET)) }));
    const run = new TrainingRun(runConfig(NET, { createShards: create }), { train });
    const signal = { aborted: false };
    const first = run.run({ signal, progressIntervalMs: 0, onProgress: (p) => (signal.aborted = p.step === 9) });
    expect(first).toMatchObject({ status: 'cancelled', steps: 9 });
    await made[0].stopped;
    signal.aborted = false;
    expect(run.run({ signal }).status).toBe('completed');
    expect(made).toHaveLength(2);
    expect(bytes(run.model.stateDict())).toEqual(uninterrupted.weights);
    await made[1].stopped;
  });

  it('computes a part the thread never takes on itself, with the same loss and gradient bits', () => {
    // A thread that builds nothing, says it is ready and never serves: every part is late.
    const idle = join(tmpdir(), `idle-gradient-thread-${process.pid}.js`);
    writeFileSync(
      idle,
      `const c = new Int32Array(require('node:worker_threads').workerData.control); Atomics.store(c, ${Control.ready}, 1); Atomics.notify(c, ${Control.ready});`,
    );
    const limits = { rows: 37, inputWidth: 20, targetWidth: 1, parameterCount: 3_589 };
    const late = gradientThreads(spec(CLASSIFIER), 2, idle)(limits);
    const local = localShards(spec(CLASSIFIER))(limits);
    const model = new Sequential(20, layers(CLASSIFIER), new Rng(4));
    const rows = fiveClasses(37, 2);
    for (const shards of [late, local]) {
      shards.weights.set(model.parameters().map((p) => [...p.value]).flat());
      shards.inputs[0].set(rows.x);
      shards.targets[0].set(rows.y);
    }
    local.begin(0, 37, 0);
    late.begin(0, 37, 0);
    expect(late.end(0)).toBe(local.end(0));
    expect([...late.gradients[0]]).toEqual([...local.gradients[0]]);
    late.dispose();
    unlinkSync(idle);
  });

  it('names a missing thread script and a bad thread count', () => {
    const missing = join(__dirname, 'no-such-thread.js');
    expect(() => new TrainingRun(runConfig(NET, { createShards: gradientThreads(spec(NET), 2, missing) }), { train }).run()).toThrow(
      `gradient threads: the thread script ${missing} is missing`,
    );
    expect(() => gradientThreads(spec(NET), 0, script)).toThrow('threads must be a whole number ≥ 1, got 0');
  });
});
