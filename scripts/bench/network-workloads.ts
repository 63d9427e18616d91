// The image and sequence workloads of the speed benchmark — a small CNN on
// MNIST-sized images and an LSTM regressor — and our engine's side of them:
// the model, one fixed batch, and the training step that is timed.
import { createActivation } from '../../src/engine/activations';
import { createInitializer } from '../../src/engine/initializers';
import { createLoss } from '../../src/engine/losses';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import { Rng } from '../../src/engine/rng';
import { TrainingStep } from '../../src/engine/train/step';
import { SEED } from './workloads';

/** Which network: the other frameworks build it from this name. */
export type NetworkKind = 'cnn' | 'lstm';

/** A network trained with Adam (lr 1e-3) on one fixed batch. */
export interface NetworkWorkload {
  /** Short key, after (a)–(e) of the earlier workloads. */
  readonly key: string;
  readonly kind: NetworkKind;
  readonly name: string;
  /** One sample's input shape: [channels, height, width] or [timesteps, features]. */
  readonly inputShape: readonly number[];
  readonly batch: number;
  /** The output of one step's forward pass, batch first: every framework must make this shape. */
  readonly outputShape: readonly number[];
  /** Matrix-product FLOPs of one step (see flopsOf), the same in every framework. */
  readonly flops: number;
}

/** Batch of the CNN: conv 8 (3×3, relu) → maxpool 2 → conv 16 (3×3, relu) → maxpool 2 → flatten → dense 10 softmax. */
const CNN_BATCH = 64;
/** The LSTM's sequences, hidden size and batch. */
const LSTM = { steps: 50, features: 1, units: 64, batch: 32 };

export const NETWORK_WORKLOADS: readonly NetworkWorkload[] = [
  {
    key: 'f',
    kind: 'cnn',
    name: 'cnn 1×28×28 conv8-pool-conv16-pool-dense10',
    inputShape: [1, 28, 28],
    batch: CNN_BATCH,
    outputShape: [CNN_BATCH, 10],
    flops: cnnFlops(CNN_BATCH),
  },
  {
    key: 'g',
    kind: 'lstm',
    name: `lstm ${LSTM.units} × ${LSTM.steps} steps → dense 1`,
    inputShape: [LSTM.steps, LSTM.features],
    batch: LSTM.batch,
    outputShape: [LSTM.batch, 1],
    flops: lstmFlops(),
  },
];

/**
 * Matrix-product FLOPs of one CNN step (a multiply-add counts two): each
 * convolution's forward W·im2col(x) and backward dW, plus dX for all but the
 * first layer; the dense layer likewise. Pooling, activations, loss and Adam
 * are left out.
 */
function cnnFlops(batch: number): number {
  const conv = (filters: number, taps: number, positions: number) => 2 * batch * filters * taps * positions;
  const first = conv(8, 9, 26 * 26);
  const second = conv(16, 8 * 9, 11 * 11);
  const dense = 2 * batch * 16 * 5 * 5 * 10;
  return 2 * first + 3 * second + 3 * dense;
}

/** The same for the LSTM: input projection forward and dW (no dx at the first layer), recurrent product forward, dW and dh, the dense head. */
function lstmFlops(): number {
  const { steps, features, units, batch } = LSTM;
  const input = 2 * steps * batch * features * 4 * units;
  const recurrent = 2 * steps * batch * units * 4 * units;
  const head = 2 * batch * units;
  return 2 * input + 3 * recurrent + 3 * head;
}

/** The layers of a workload as our engine declares them: He init under ReLU, the engine's defaults otherwise. */
function layersOf(kind: NetworkKind): LayerConfig[] {
  const relu = createActivation('relu');
  const he = createInitializer('he_normal');
  if (kind === 'cnn') {
    return [
      { kind: 'conv2d', filters: 8, kernel: 3, activation: relu, kernelInitializer: he },
      { kind: 'maxpool', size: 2 },
      { kind: 'conv2d', filters: 16, kernel: 3, activation: relu, kernelInitializer: he },
      { kind: 'maxpool', size: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 10, activation: createActivation('softmax'), kernelInitializer: createInitializer('glorot_uniform'), biasInitializer: createInitializer('zeros') },
    ];
  }
  return [
    { kind: 'lstm', units: LSTM.units },
    { kind: 'dense', units: 1, activation: createActivation('linear'), kernelInitializer: createInitializer('glorot_uniform'), biasInitializer: createInitializer('zeros') },
  ];
}

/** One fixed batch: standard-normal inputs; class indices (CNN) or standard-normal targets (LSTM). */
export interface NetworkBatch {
  readonly x: Float32Array;
  readonly targets: Float32Array;
}

export function networkBatchOf({ kind, inputShape, batch }: NetworkWorkload): NetworkBatch {
  const rng = new Rng(SEED + 1);
  const x = new Float32Array(batch * inputShape.reduce((a, b) => a * b, 1)).map(() => rng.normal());
  const targets = kind === 'cnn' ? new Float32Array(batch).map(() => rng.int(10)) : new Float32Array(batch).map(() => rng.normal());
  return { x, targets };
}

/** A parameter's initial values by its PyTorch state-dict name (`0.weight`, `0.weight_ih_l0`), in PyTorch's layout. */
export interface NamedWeights {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
}

/** Something timed per round: `round` trains for about `seconds` and returns the milliseconds of each step it took. */
export interface NetworkTrainer {
  /** The first step's loss and the forward output's shape (batch first), taken before any timing. */
  first(): Promise<{ loss: number; outputShape: number[] }>;
  round(seconds: number): Promise<number[]>;
  dispose(): Promise<void>;
}

/** Fewest steps a round times, however slow the engine. */
export const MIN_STEPS_PER_ROUND = 3;

/** Steps one after another for at least `seconds` and MIN_STEPS_PER_ROUND steps; each step's milliseconds. */
export function timeSteps(step: () => void, seconds: number): number[] {
  const times: number[] = [];
  const budget = seconds * 1000;
  const start = performance.now();
  let last = start;
  while (last - start < budget || times.length < MIN_STEPS_PER_ROUND) {
    step();
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return times;
}

/** Our engine on a workload (one thread: the engine splits only dense networks over threads), and the initial weights it drew. */
export function ourNetworkTrainer(workload: NetworkWorkload): { trainer: NetworkTrainer; initial: NamedWeights[] } {
  const rng = new Rng(SEED);
  const model = new Sequential(workload.inputShape, layersOf(workload.kind), rng);
  const initial = model.parameters().map(({ name, shape, value }) => ({ name, shape, value: value.slice() }));
  const { x, targets } = networkBatchOf(workload);
  const trainStep = new TrainingStep({
    model,
    loss: createLoss(workload.kind === 'cnn' ? 'sparse_categorical_crossentropy' : 'mse'),
    optimizer: createOptimizer('adam', model.parameters(), { lr: 1e-3 }),
    rng,
  });
  const step = () => trainStep.run(x, targets, workload.batch).loss;
  const trainer: NetworkTrainer = {
    first: async () => ({ loss: step(), outputShape: [workload.batch, ...model.outputShape] }),
    round: async (seconds) => timeSteps(step, seconds),
    dispose: async () => undefined,
  };
  return { trainer, initial };
}
