import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import { createMetric } from '../../../src/engine/metrics';
import type { LayerConfig } from '../../../src/engine/model';
import { createClipper } from '../../../src/engine/optim/clipping';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { Rng } from '../../../src/engine/rng';
import { createDataset, type Dataset } from '../../../src/engine/data/dataset';
import type { RunConfig } from '../../../src/engine/train/config';

/** Three classes by the angle of (x₀, x₁): learnable by a small net in a few epochs. */
export function sectors(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const x = new Float32Array(count * 2);
  const y = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const angle = rng.uniformIn(0, 2 * Math.PI);
    const radius = rng.uniformIn(0.5, 1.5);
    x[2 * i] = radius * Math.cos(angle);
    x[2 * i + 1] = radius * Math.sin(angle);
    y[i] = Math.floor((angle / (2 * Math.PI)) * 3);
  }
  return createDataset({ name: 'sectors', x, y, task: 'classification', features: 2, classes: ['0', '1', '2'] });
}

export function dense(units: number, activation: string, init = 'he_normal'): LayerConfig {
  return { kind: 'dense', units, activation: createActivation(activation), kernelInitializer: createInitializer(init) };
}

/** A 2-16-16-3 classifier with Adam; override any field. */
export function classifierConfig(overrides: Partial<RunConfig> = {}, optimizer = 'adam', lr = 0.01, clip?: { method: string; options: Record<string, number> }): RunConfig {
  return {
    layers: [dense(16, 'relu'), dense(16, 'relu'), dense(3, 'softmax', 'glorot_uniform')],
    loss: createLoss('sparse_categorical_crossentropy'),
    createOptimizer: (params) => createOptimizer(optimizer, params, { lr }),
    ...(clip ? { createClipper: () => createClipper(clip.method, clip.options) } : {}),
    metrics: [createMetric('accuracy')],
    epochs: 5,
    batchSize: 16,
    seed: 1,
    ...overrides,
  };
}

/** A regression data set: y = 3·x₀ on the same inputs. */
export function regressionOf(data: Dataset): Dataset {
  const y = Float32Array.from({ length: data.count }, (_, i) => data.x[i * data.features] * 3);
  return createDataset({ name: 'regression', x: data.x, y, task: 'regression', features: data.features });
}

/** The bytes of every tensor of a model's state, for bit-exact comparisons. */
export function weightBytes(tensors: readonly { value: Float32Array }[]): number[] {
  return tensors.flatMap((t) => [...new Uint8Array(t.value.buffer, t.value.byteOffset, t.value.byteLength)]);
}
