// Training speed of the engine on the reference workloads (float32, Adam
// lr 1e-3, softmax cross-entropy, fixed seed). Prints one row per workload.
import { createActivation } from '../src/engine/activations';
import { createInitializer } from '../src/engine/initializers';
import { createLoss } from '../src/engine/losses';
import { Sequential, type LayerConfig } from '../src/engine/model';
import { createOptimizer } from '../src/engine/optim/optimizers';
import { Rng } from '../src/engine/rng';
import { TrainingStep } from '../src/engine/train-step';

interface Workload {
  readonly name: string;
  readonly widths: readonly number[];
  readonly activation: string;
  readonly batch: number;
}

const workloads: Workload[] = [
  { name: 'playground 2-8-8-2 tanh', widths: [2, 8, 8, 2], activation: 'tanh', batch: 10 },
  { name: 'mnist-mlp 784-256-128-10 relu', widths: [784, 256, 128, 10], activation: 'relu', batch: 128 },
  { name: 'deep-narrow 10×64 relu', widths: [64, ...Array<number>(10).fill(64)], activation: 'relu', batch: 64 },
];

const SECONDS_PER_ROUND = 1.5;
const ROUNDS = 3;

function build(workload: Workload): { step: TrainingStep; x: Float32Array; y: Float32Array } {
  const rng = new Rng(1);
  const { widths, activation, batch } = workload;
  const layers: LayerConfig[] = widths.slice(1).map((units, i) => ({
    kind: 'dense',
    units,
    activation: createActivation(i === widths.length - 2 ? 'softmax' : activation),
    kernelInitializer: createInitializer(activation === 'relu' ? 'he_normal' : 'glorot_uniform'),
    biasInitializer: createInitializer('zeros'),
  }));
  const model = new Sequential(widths[0], layers, rng);
  const classes = widths[widths.length - 1];
  const x = new Float32Array(batch * widths[0]).map(() => rng.normal());
  const y = new Float32Array(batch).map(() => rng.int(classes));
  const step = new TrainingStep({
    model,
    loss: createLoss('sparse_categorical_crossentropy'),
    optimizer: createOptimizer('adam', model.parameters(), { lr: 1e-3 }),
    rng,
  });
  return { step, x, y };
}

/** Multiply-adds per step: forward xWᵀ, backward dW and dx (first layer skips dx). */
function flopsPerStep({ widths, batch }: Workload): number {
  let flops = 0;
  for (let i = 1; i < widths.length; i++) {
    const product = 2 * batch * widths[i - 1] * widths[i];
    flops += i === 1 ? 2 * product : 3 * product;
  }
  return flops;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`node ${process.version}, ${process.platform}-${process.arch}\n`);
console.log('| workload | steps/s | samples/s | GFLOP/s |');
console.log('| --- | ---: | ---: | ---: |');
for (const workload of workloads) {
  const { step, x, y } = build(workload);
  for (let i = 0; i < 20; i++) step.run(x, y, workload.batch);
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < SECONDS_PER_ROUND * 1000) {
      for (let i = 0; i < 10; i++) step.run(x, y, workload.batch);
      steps += 10;
      elapsed = performance.now() - start;
    }
    rates.push(steps / (elapsed / 1000));
  }
  const stepsPerSecond = median(rates);
  const gflops = (stepsPerSecond * flopsPerStep(workload)) / 1e9;
  console.log(
    `| ${workload.name} | ${stepsPerSecond.toFixed(0)} | ${(stepsPerSecond * workload.batch).toFixed(0)} | ${gflops.toFixed(2)} |`,
  );
}
