import { createActivation } from '../../src/engine/activations';
import { createDataset, type Dataset } from '../../src/engine/data/dataset';
import { createInitializer } from '../../src/engine/initializers';
import { createLoss } from '../../src/engine/losses';
import type { LayerConfig } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import type { ReplicaLayerSpec, ReplicaSpec } from '../../src/engine/parallel/replica';
import type { ParamValue } from '../../src/engine/params';
import { Rng } from '../../src/engine/rng';
import type { RunConfig } from '../../src/engine/train/config';

/** A network described once, from which both the engine's layers and the replica spec are made. */
export interface Net {
  readonly inputSize: number;
  readonly layers: readonly (
    | { readonly units: number; readonly activation: string; readonly options?: Record<string, ParamValue> }
    | { readonly dropout: number }
  )[];
  readonly loss: string;
}

/** 20-64-32-5 softmax classifier: 3 589 parameters, so a batch of 202 splits three ways (⌊202/64⌋ = 3 and 68 rows × 3 589 ≥ 100 k). */
export const CLASSIFIER: Net = {
  inputSize: 20,
  layers: [
    { units: 64, activation: 'relu' },
    { units: 32, activation: 'tanh' },
    { units: 5, activation: 'softmax' },
  ],
  loss: 'sparse_categorical_crossentropy',
};

export function spec(net: Net): ReplicaSpec {
  const layers = net.layers.map((layer): ReplicaLayerSpec =>
    'dropout' in layer
      ? { kind: 'dropout', rate: layer.dropout }
      : { kind: 'dense', units: layer.units, activation: { name: layer.activation, options: layer.options ?? {} }, useBias: true },
  );
  return { inputSize: net.inputSize, layers, loss: { name: net.loss, options: {} } };
}

export function layers(net: Net): LayerConfig[] {
  return net.layers.map((layer): LayerConfig =>
    'dropout' in layer
      ? { kind: 'dropout', rate: layer.dropout }
      : { kind: 'dense', units: layer.units, activation: createActivation(layer.activation, layer.options), kernelInitializer: createInitializer('he_normal') },
  );
}

/** `count` standard-normal rows of `features`; `width` targets per row from `target(row)`. */
export function dataset(count: number, features: number, seed: number, task: 'classification' | 'regression', target: (row: Float32Array) => number[]): Dataset {
  const rng = new Rng(seed);
  const x = new Float32Array(count * features).map(() => rng.normal());
  const y = Array.from({ length: count }, (_, i) => target(x.subarray(i * features, (i + 1) * features))).flat();
  const targetWidth = y.length / count;
  return task === 'classification'
    ? createDataset({ name: 'parallel', x, y: Float32Array.from(y), task, features, classes: ['0', '1', '2', '3', '4'] })
    : createDataset({ name: 'parallel', x, y: Float32Array.from(y), task, features, targetWidth });
}

/** Five classes by which of the first five features is largest. */
export function fiveClasses(count: number, seed: number): Dataset {
  return dataset(count, 20, seed, 'classification', (row) => {
    let best = 0;
    for (let j = 1; j < 5; j++) if (row[j] > row[best]) best = j;
    return [best];
  });
}

/** A run of `net` with Adam on batches of 150 (two parts of 75). */
export function runConfig(net: Net, overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    layers: layers(net),
    loss: createLoss(net.loss),
    createOptimizer: (params) => createOptimizer('adam', params, { lr: 0.01 }),
    steps: 30,
    batchSize: 150,
    seed: 3,
    ...overrides,
  };
}

/** The bytes of every tensor, for bit-exact comparisons. */
export function bytes(tensors: readonly { value: Float32Array }[]): number[] {
  return tensors.flatMap((t) => [...new Uint8Array(t.value.buffer, t.value.byteOffset, t.value.byteLength)]);
}
