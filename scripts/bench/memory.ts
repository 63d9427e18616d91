// Workload (d): a long run of the playground net through TrainingRun, with
// its telemetry and progress events as a notebook cell has them, weighing the
// heap early and at the end. Run in a process of its own (see bench.ts), so
// TensorFlow.js and the speed workloads are not in the heap being weighed.
import { deserialize, serialize } from 'node:v8';
import { createLoss } from '../../src/engine/losses';
import { createMetric } from '../../src/engine/metrics';
import { makeSpirals } from '../../src/engine/data/generators';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import type { EpochRecord } from '../../src/engine/train/records';
import { TrainingRun, type RunProgress } from '../../src/engine/train/run';
import { layersOf, SEED, WORKLOADS } from './workloads';

/** The steps at which the heap is weighed, and how many samples the training set has. */
export interface MemoryPlan {
  readonly earlySteps: number;
  readonly totalSteps: number;
  readonly samples: number;
}

export interface MemoryResult {
  readonly earlySteps: number;
  readonly totalSteps: number;
  /** Heap in use after a full collection, in bytes. */
  readonly heapEarly: number;
  readonly heapFinal: number;
  /** (final − early) / early. */
  readonly growth: number;
  /** The same two weighings with the run's epoch records set aside: what the per-step machinery and its downsampled series hold. */
  readonly heapEarlyWithoutEpochs: number;
  readonly heapFinalWithoutEpochs: number;
  readonly samples: number;
  readonly batch: number;
  /** Epoch records the run kept (one per pass over the training set, each with per-layer statistics). */
  readonly epochRecords: number;
  /** Points the downsampled loss series kept. */
  readonly seriesPoints: number;
  readonly stepsPerSecond: number;
  readonly progressEvents: number;
}

/** Heap in use after two full collections (the second frees what the first's finalizers released). */
function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory workload needs node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Workload (a)'s network (2-8-8-2 tanh, batch 10, Adam lr 1e-3) on two-arm
 * spirals, for `totalSteps` steps. The heap is weighed once the run has
 * taken `earlySteps` (a cancelled run continues where it stopped) and again
 * at the end, with the run and its telemetry still held.
 */
export function measureMemory(plan: MemoryPlan): MemoryResult {
  const playground = WORKLOADS[0];
  const train = makeSpirals({ n: plan.samples, classes: 2, seed: SEED });
  const run = new TrainingRun(
    {
      layers: layersOf(playground),
      loss: createLoss('sparse_categorical_crossentropy'),
      createOptimizer: (params) => createOptimizer('adam', params, { lr: 1e-3 }),
      metrics: [createMetric('accuracy')],
      steps: plan.totalSteps,
      batchSize: playground.batch,
      seed: SEED,
    },
    { train },
  );
  let progressEvents = 0;
  let lastStep = 0;
  const onProgress = (progress: RunProgress) => {
    progressEvents += 1;
    lastStep = progress.step;
  };
  const earlyStatus = run.run({ signal: { get aborted() { return run.stepsDone >= plan.earlySteps; } }, onProgress }).status;
  const heapEarly = settledHeap();
  const heapEarlyWithoutEpochs = withoutEpochRecords(run, settledHeap);
  const started = performance.now();
  // Only the status is kept: a result holds a copy of the epoch records, which would hide their weight.
  const finalStatus = run.run({ onProgress }).status;
  const seconds = (performance.now() - started) / 1000;
  const heapFinal = settledHeap();
  const heapFinalWithoutEpochs = withoutEpochRecords(run, settledHeap);
  if (earlyStatus !== 'cancelled' || finalStatus !== 'completed' || lastStep !== plan.totalSteps) {
    throw new Error(`the memory run ended ${earlyStatus} then ${finalStatus} at step ${lastStep}`);
  }
  return {
    earlySteps: plan.earlySteps,
    totalSteps: plan.totalSteps,
    heapEarly,
    heapFinal,
    growth: (heapFinal - heapEarly) / heapEarly,
    heapEarlyWithoutEpochs,
    heapFinalWithoutEpochs,
    samples: plan.samples,
    batch: playground.batch,
    epochRecords: run.telemetry.epochs.length,
    seriesPoints: run.telemetry.loss.points().length,
    stepsPerSecond: (plan.totalSteps - plan.earlySteps) / seconds,
    progressEvents,
  };
}

/**
 * `measure` called with the run's epoch records out of the JS heap: they wait
 * serialised in a Buffer (memory outside the heap `heapUsed` counts) and are
 * put back as equal objects afterwards.
 */
function withoutEpochRecords<T>(run: TrainingRun, measure: () => T): T {
  const epochs = run.telemetry.epochs;
  const stored = takeOut(epochs);
  try {
    return measure();
  } finally {
    for (const record of deserialize(stored) as EpochRecord[]) epochs.push(record);
  }
}

/** Empties `epochs` into a Buffer. Its own function, so no register of the caller's frame still holds the records. */
function takeOut(epochs: EpochRecord[]): Buffer {
  return serialize(epochs.splice(0));
}
