// TensorFlow.js's side of the speed benchmark: the same network, initial
// weights, batch and optimizer, trained with tfjs-core on its cpu and wasm
// backends. TensorFlow.js (devDependencies) is loaded at run time from
// dist/bench-tensorflow.js (see ./tensorflow.ts), so it never enters the
// extension's bundles.
import { dirname, join } from 'node:path';
import type * as Tf from './tensorflow';
import { batchOf, type DenseWeights, type Trainer, type Workload } from './workloads';

export type TfjsBackend = 'cpu' | 'wasm';

export type TensorFlow = typeof Tf;

/** What the wasm backend runs on: which of its three .wasm builds it chose. */
export interface WasmFeatures {
  readonly simd: boolean;
  readonly threads: boolean;
}

/**
 * tfjs-core with both backends registered. The wasm backend is pointed at
 * the .wasm files inside its npm package (node_modules/…/dist/), so nothing
 * is fetched.
 */
export async function loadTensorFlow(): Promise<{ tf: TensorFlow; version: string; wasm: WasmFeatures }> {
  // A file beside this bundle, found at run time: esbuild leaves a computed require alone.
  const tf = require(join(__dirname, 'bench-tensorflow.js')) as TensorFlow;
  const packageFolder = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  tf.setWasmPaths(join(packageFolder, 'dist') + '/');
  // tfjs advises installing tfjs-node, once, on first use; the comparison here is deliberately with the portable backends.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    for (const backend of ['wasm', 'cpu'] as const) {
      if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not start its ${backend} backend`);
      tf.tidy(() => tf.scalar(1).dataSync());
    }
  } finally {
    console.warn = warn;
  }
  const wasm = {
    simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    threads: Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')),
  };
  return { tf, version: tf.version_core, wasm };
}

/**
 * The workload in tfjs-core, started from our engine's initial weights
 * (transposed to tfjs's [inputs, units] kernels) so both frameworks train
 * the same numbers. Each hidden layer is tfjs's fused matMul+bias(+relu), the
 * op tfjs-layers' Dense uses; tanh follows as its own op because the fused
 * op has no tanh gradient. Loss is tf.losses.softmaxCrossEntropy on one-hot
 * labels (mean over the batch); Adam has PyTorch's ε = 1e-8, as ours. Each
 * step reads its loss back, as ours returns it.
 */
export async function tfjsTrainer(tf: TensorFlow, backend: TfjsBackend, workload: Workload, initial: readonly DenseWeights[]): Promise<Trainer> {
  await tf.setBackend(backend);
  const { widths, batch, activation } = workload;
  const layers = initial.map(({ kernel, bias, units, inputs }) => ({
    kernel: tf.variable(tf.tensor2d(transpose(kernel, units, inputs), [inputs, units])),
    bias: tf.variable(tf.tensor1d(bias)),
  }));
  const data = batchOf(workload);
  const x = tf.tensor2d(data.x, [batch, widths[0]]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.labels, 'int32'), widths[widths.length - 1]), 'float32'));
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const last = layers.length - 1;
  const loss = (): Tf.Scalar => {
    let h: Tf.Tensor2D = x;
    layers.forEach(({ kernel, bias }, i) => {
      if (i === last) h = tf.fused.matMul({ a: h, b: kernel, bias }) as Tf.Tensor2D;
      else if (activation === 'relu') h = tf.fused.matMul({ a: h, b: kernel, bias, activation: 'relu' }) as Tf.Tensor2D;
      else h = tf.tanh(tf.fused.matMul({ a: h, b: kernel, bias })) as Tf.Tensor2D;
    });
    return tf.losses.softmaxCrossEntropy(y, h);
  };
  return {
    activate: async () => {
      await tf.setBackend(backend);
    },
    step: () => {
      const cost = optimizer.minimize(loss, true)!;
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    dispose: () => {
      optimizer.dispose();
      for (const { kernel, bias } of layers) {
        kernel.dispose();
        bias.dispose();
      }
      x.dispose();
      y.dispose();
    },
  };
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  }
  return out;
}
