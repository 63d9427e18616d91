import type { CompareOutput, RunSummary } from '../../src/protocol/cell-output';
import { runData, type RunData } from '../../webview/run-data';

/**
 * Runs no example notebook records but a reader meets: many runs in one
 * comparison, and a run at a constant learning rate with clipping. Values
 * come from a seeded generator, so every test run draws the same pictures.
 */

/** A small deterministic generator (a linear congruential one): noise for the crafted curves. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

const bucket = (x: number, mean: number, spread = 0) => ({ x, mean, min: mean - spread, max: mean + spread, last: mean });

/** A completed run with only what a test sets. */
export function craftedRun(parts: Partial<RunSummary>): RunSummary {
  return {
    label: 'run',
    status: 'completed',
    steps: 100,
    totalSteps: 100,
    elapsedMs: 1000,
    threads: 1,
    settings: { optimizer: 'sgd', learningRate: 0.05, loss: 'mse', batchSize: 32 },
    concepts: [],
    epochs: [],
    series: { loss: [], learningRate: [], gradNormBefore: [], gradNormAfter: [], clipped: [] },
    schedulePreview: [],
    diagnostics: [],
    finalMetrics: {},
    ...parts,
  };
}

/** The tiny run the pure chart tests start from, as the renderer reads it: 4 steps of SGD at 0.1, batch 1, and what a test sets. */
export function smallRun(parts: Partial<RunSummary>): RunData {
  return runData(craftedRun({ label: 'r', steps: 4, totalSteps: 4, elapsedMs: 10, settings: { optimizer: 'sgd', learningRate: 0.1, loss: 'mse', batchSize: 1 }, ...parts }));
}

/**
 * `count` runs over `steps` steps whose noisy losses fall at different
 * rates from the same start, so their lines cross and tangle as in a
 * learning-rate sweep.
 */
export function fanOfRuns(count: number, steps: number): RunSummary[] {
  return Array.from({ length: count }, (_, i) => {
    const random = noise(17 + i);
    const rate = 0.005 + 0.006 * i;
    const loss = Array.from({ length: steps }, (_, s) => bucket(s + 1, 1.1 * Math.exp(-rate * s) + 0.1 + 0.12 * random(), 0.05));
    const epochs = Array.from({ length: 6 }, (_, e) => ({
      epoch: e,
      step: e * (steps / 5),
      trainLoss: 1.1 * Math.exp(-rate * e * (steps / 5)) + 0.1,
      validationLoss: 1.15 * Math.exp(-rate * e * (steps / 5)) + 0.12,
      metrics: {},
      validationMetrics: {},
      learningRate: 0.01 * (i + 1),
      layers: [],
    }));
    const lr = 0.01 * (i + 1);
    return craftedRun({
      label: `lr=${lr.toFixed(2)}`,
      steps,
      totalSteps: steps,
      settings: { optimizer: 'sgd', learningRate: lr, loss: 'mse', batchSize: 32 },
      epochs,
      series: {
        loss,
        learningRate: loss.map((p) => bucket(p.x, lr)),
        gradNormBefore: loss.map((p) => bucket(p.x, 2 * p.mean)),
        gradNormAfter: loss.map((p) => bucket(p.x, 2 * p.mean)),
        clipped: loss.map((p) => bucket(p.x, 0)),
      },
    });
  });
}

/** A `compare` output of `runs`, differing in `setting`. */
export function compareOutput(setting: string, runs: readonly RunSummary[]): CompareOutput {
  return { kind: 'compare', title: `compare ${setting}=[…]`, setting, runs };
}

/**
 * 48 steps at a constant learning rate of 0.05 (no schedule), clipped at
 * τ = 1 while the gradient is large: a flat learning-rate chart, and few
 * enough points that every one has a marker.
 */
export function constantRateRun(): RunSummary {
  const random = noise(5);
  const steps = 48;
  const before = Array.from({ length: steps }, (_, s) => bucket(s + 1, 3 * Math.exp(-s / 12) + 0.4 + 0.2 * random()));
  return craftedRun({
    label: 'train',
    steps,
    totalSteps: steps,
    settings: { optimizer: 'sgd', learningRate: 0.05, loss: 'mse', batchSize: 32, clip: { method: 'norm', threshold: 1 } },
    epochs: [0, 1, 2, 3].map((e) => ({ epoch: e, step: e * 16, trainLoss: 0.5 / (e + 1), validationLoss: 0.55 / (e + 1), metrics: { mae: 0.6 / (e + 1) }, validationMetrics: { mae: 0.62 / (e + 1) }, learningRate: 0.05, layers: [] })),
    series: {
      loss: before.map((p) => bucket(p.x, p.mean / 4, 0.05)),
      learningRate: before.map((p) => bucket(p.x, 0.05)),
      gradNormBefore: before,
      gradNormAfter: before.map((p) => bucket(p.x, Math.min(1, p.mean))),
      clipped: before.map((p) => bucket(p.x, p.mean > 1 ? 1 : 0)),
    },
  });
}
