// The reference workloads of the speed benchmark and our engine's side of
// them: the model, one fixed batch, and a training step that is timed.
import { createActivation } from '../../src/engine/activations';
import { createInitializer } from '../../src/engine/initializers';
import { createLoss } from '../../src/engine/losses';
import { Dense } from '../../src/engine/layers/dense';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import { Rng } from '../../src/engine/rng';
import { TrainingStep } from '../../src/engine/train/step';
import type { ReplicaSpec } from '../../src/engine/parallel/replica';
import { shardLimits, worthSplitting } from '../../src/engine/parallel/shards';
import { gradientThreads } from '../../src/node/gradient-threads';

/** A dense classifier trained with Adam (lr 1e-3) and softmax cross-entropy on one fixed batch. */
export interface Workload {
  /** Short key: a, b, c as the performance targets name them. */
  readonly key: string;
  readonly name: string;
  /** Input width, then every dense layer's units; the last layer is the softmax output. */
  readonly widths: readonly number[];
  readonly activation: 'tanh' | 'relu';
  readonly batch: number;
}

export const WORKLOADS: readonly Workload[] = [
  { key: 'a', name: 'playground 2-8-8-2 tanh', widths: [2, 8, 8, 2], activation: 'tanh', batch: 10 },
  { key: 'b', name: 'mnist-mlp 784-256-128-10 relu', widths: [784, 256, 128, 10], activation: 'relu', batch: 128 },
  { key: 'c', name: 'deep-narrow 10×64 relu', widths: [64, ...Array<number>(10).fill(64)], activation: 'relu', batch: 64 },
];

/** Every seed of the benchmark: initial weights and the batch. */
export const SEED = 1;

/** The activation of dense layer `i` (0-based): the workload's, softmax on the output layer. */
function activationOf({ widths, activation }: Workload, i: number): string {
  return i === widths.length - 2 ? 'softmax' : activation;
}

/** The layers of a workload as our engine declares them: He init under ReLU, Glorot under tanh (each's usual pairing). */
export function layersOf(workload: Workload): LayerConfig[] {
  const { widths, activation } = workload;
  return widths.slice(1).map((units, i) => ({
    kind: 'dense',
    units,
    activation: createActivation(activationOf(workload, i)),
    kernelInitializer: createInitializer(activation === 'relu' ? 'he_normal' : 'glorot_uniform'),
    biasInitializer: createInitializer('zeros'),
  }));
}

/** One fixed batch: standard-normal inputs and uniformly drawn class indices (random data of the workload's shape). */
export interface Batch {
  readonly x: Float32Array;
  /** One class index per sample, stored as a float (the engine's sparse labels). */
  readonly labels: Float32Array;
}

export function batchOf({ widths, batch }: Workload): Batch {
  const rng = new Rng(SEED + 1);
  const classes = widths[widths.length - 1];
  return {
    x: new Float32Array(batch * widths[0]).map(() => rng.normal()),
    labels: new Float32Array(batch).map(() => rng.int(classes)),
  };
}

/** A dense layer's initial weights as the engine made them: kernel [units, inputs] (PyTorch layout) and bias. */
export interface DenseWeights {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly units: number;
  readonly inputs: number;
}

/** Something the benchmark can time: one optimisation step on the fixed batch, returning its loss. */
export interface Trainer {
  /** Makes the trainer's framework state current (TensorFlow.js's active backend); called before each timed round. */
  activate(): Promise<void>;
  step(): number;
  dispose(): void;
}

/** The workload's model and loss as the helper threads rebuild them. */
function replicaOf(workload: Workload): ReplicaSpec {
  const { widths } = workload;
  return {
    inputSize: widths[0],
    layers: widths.slice(1).map((units, i) => ({ kind: 'dense', units, activation: { name: activationOf(workload, i), options: {} }, useBias: true })),
    loss: { name: 'sparse_categorical_crossentropy', options: {} },
  };
}

/**
 * Our engine on a workload, and the initial weights it drew (so another
 * framework can start from the same). With `threads` above one, the batch is
 * split across helper threads where the engine's rule says it pays (never
 * for (a), which then makes no thread, as a training run would not); the
 * threads run dist/gradient-thread.js beside the bench bundle.
 */
export function ourTrainer(workload: Workload, threads = 1): { trainer: Trainer; initial: DenseWeights[]; split: boolean } {
  const rng = new Rng(SEED);
  const model = new Sequential(workload.widths[0], layersOf(workload), rng);
  const initial = model.layers.filter((layer): layer is Dense => layer instanceof Dense).map(({ weight, bias, outputSize, inputSize }) => ({
    kernel: weight.value.slice(),
    bias: bias!.value.slice(),
    units: outputSize,
    inputs: inputSize,
  }));
  const { x, labels } = batchOf(workload);
  const shards = threads > 1 && worthSplitting(model, workload.batch) ? gradientThreads(replicaOf(workload), threads)(shardLimits(model, workload.batch, 1)) : undefined;
  const trainStep = new TrainingStep({
    model,
    loss: createLoss('sparse_categorical_crossentropy'),
    optimizer: createOptimizer('adam', model.parameters(), { lr: 1e-3 }),
    rng,
    ...(shards ? { shards } : {}),
  });
  const trainer: Trainer = {
    activate: async () => undefined,
    step: () => trainStep.run(x, labels, workload.batch).loss,
    dispose: () => shards?.dispose(),
  };
  return { trainer, initial, split: shards !== undefined };
}

/**
 * Floating-point operations of the matrix products in one step (a multiply-add
 * counts two): forward x·Wᵀ, backward dW = dyᵀ·x and dx = dy·W; the first layer
 * needs no dx. Activations, loss and the optimizer are left out, so this is
 * the GEMM work any framework must do, and GFLOP/s compares like with like.
 */
export function flopsPerStep({ widths, batch }: Workload): number {
  let flops = 0;
  for (let i = 1; i < widths.length; i++) {
    const product = 2 * batch * widths[i - 1] * widths[i];
    flops += i === 1 ? 2 * product : 3 * product;
  }
  return flops;
}
