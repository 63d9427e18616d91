// The first thing a new user runs: the same network trained on XOR from four
// initializers with one seed, loss and accuracy per epoch side by side.
import { createActivation } from '../src/engine/activations';
import { createInitializer } from '../src/engine/initializers';
import { createLoss } from '../src/engine/losses';
import { accuracy } from '../src/engine/metrics';
import { Sequential } from '../src/engine/model';
import { createOptimizer } from '../src/engine/optim/optimizers';
import { Rng } from '../src/engine/rng';
import { TrainingStep } from '../src/engine/train-step';

const SEED = 7;
const SAMPLES = 256;
const BATCH = 32;
const EPOCHS = 30;
const INITIALIZERS = ['zeros', 'small_random', 'glorot_uniform', 'he_normal'];

/** Points in [−1, 1]²; label 1 where x₀ and x₁ share a sign. */
function xorData(rng: Rng): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(SAMPLES * 2);
  const y = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    x[2 * i] = rng.uniformIn(-1, 1);
    x[2 * i + 1] = rng.uniformIn(-1, 1);
    y[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
  }
  return { x, y };
}

interface Curve {
  readonly init: string;
  readonly loss: number[];
  readonly accuracy: number[];
}

function train(init: string, x: Float32Array, y: Float32Array): Curve {
  const rng = new Rng(SEED);
  const hidden = (units: number) => ({
    kind: 'dense' as const,
    units,
    activation: createActivation('relu'),
    kernelInitializer: createInitializer(init),
    biasInitializer: createInitializer('zeros'),
  });
  const model = new Sequential(2, [
    hidden(16),
    hidden(16),
    { kind: 'dense', units: 1, activation: createActivation('sigmoid'), kernelInitializer: createInitializer(init), biasInitializer: createInitializer('zeros') },
  ], rng);
  const step = new TrainingStep({
    model,
    loss: createLoss('binary_crossentropy'),
    optimizer: createOptimizer('adam', model.parameters(), { lr: 0.01 }),
    rng,
  });
  const curve: Curve = { init, loss: [], accuracy: [] };
  const order = Array.from({ length: SAMPLES }, (_, i) => i);
  const batchX = new Float32Array(BATCH * 2);
  const batchY = new Float32Array(BATCH);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    rng.shuffle(order);
    let total = 0;
    for (let start = 0; start < SAMPLES; start += BATCH) {
      for (let i = 0; i < BATCH; i++) {
        const sample = order[start + i];
        batchX[2 * i] = x[2 * sample];
        batchX[2 * i + 1] = x[2 * sample + 1];
        batchY[i] = y[sample];
      }
      total += step.run(batchX, batchY, BATCH).loss;
    }
    curve.loss.push(total / (SAMPLES / BATCH));
    const predictions = model.forward(x, SAMPLES, { training: false, rng });
    curve.accuracy.push(accuracy(predictions, y, SAMPLES, 1));
  }
  return curve;
}

const { x, y } = xorData(new Rng(SEED));
const curves = INITIALIZERS.map((init) => train(init, x, y));
const column = (text: string) => text.padStart(22);
console.log(`XOR, ${SAMPLES} points, 2-16-16-1 ReLU net, Adam lr 0.01, batch ${BATCH}, seed ${SEED}`);
console.log('loss / accuracy per epoch for each kernel initializer\n');
console.log(`epoch${curves.map((c) => column(c.init)).join('')}`);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  if (epoch > 4 && epoch % 5 !== 4) continue;
  const cells = curves.map((c) => column(`${c.loss[epoch].toFixed(4)} / ${(100 * c.accuracy[epoch]).toFixed(1)}%`));
  console.log(`${String(epoch + 1).padStart(5)}${cells.join('')}`);
}
console.log('\nzeros: all units of a layer start identical and get identical gradients (here zero, since ReLU has slope 0 at 0),\nso the net never leaves its starting point; small random starts slowly; Glorot and He learn at once.');
