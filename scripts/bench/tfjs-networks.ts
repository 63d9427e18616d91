// TensorFlow.js's side of the CNN and LSTM workloads: the same network,
// initial weights, batch and optimizer as ours, in tfjs-core ops (the
// benchmark loads tfjs-core, not tfjs-layers; see ./tensorflow.ts).
import { networkBatchOf, timeSteps, type NamedWeights, type NetworkTrainer, type NetworkWorkload } from './network-workloads';
import type * as Tf from './tensorflow';
import type { TensorFlow, TfjsBackend } from './tfjs';

/**
 * The workload in tfjs-core on `backend`, started from our initial weights
 * rearranged to tfjs's layouts. Adam has PyTorch's ε = 1e-8, as ours; each
 * step reads its loss back, as ours returns it.
 */
export async function tfjsNetworkTrainer(tf: TensorFlow, backend: TfjsBackend, workload: NetworkWorkload, initial: readonly NamedWeights[]): Promise<NetworkTrainer> {
  await tf.setBackend(backend);
  const weights = new Map(initial.map((w) => [w.name, w]));
  const model = workload.kind === 'cnn' ? cnnModel(tf, backend, workload, weights) : lstmModel(tf, workload, weights);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const step = () => {
    const cost = optimizer.minimize(model.loss, true)!;
    const value = cost.dataSync()[0];
    cost.dispose();
    return value;
  };
  return {
    first: async () => {
      await tf.setBackend(backend);
      const outputShape = tf.tidy(() => model.predict().shape);
      return { loss: step(), outputShape };
    },
    round: async (seconds) => {
      await tf.setBackend(backend);
      return timeSteps(step, seconds);
    },
    dispose: async () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}

interface TfjsModel {
  predict(): Tf.Tensor;
  loss(): Tf.Scalar;
  dispose(): void;
}

function weight(weights: ReadonlyMap<string, NamedWeights>, name: string): NamedWeights {
  const found = weights.get(name);
  if (!found) throw new Error(`bench: our model has no parameter ${name}`);
  return found;
}

/**
 * conv → pool → conv → pool → flatten → dense in NHWC, tfjs's layout. Our
 * [F, C, kh, kw] kernels become [kh·kw·C, F] matrices (tfjs's filter layout
 * flattened), and the dense kernel's rows are reordered from our flatten
 * order (c, h, w) to NHWC's (h, w, c), so both compute the same numbers.
 *
 * On the cpu backend each convolution is tfjs's fused conv2d+bias+ReLU. The
 * wasm backend has no Conv2DBackpropFilter kernel (tfjs 4.22 registers only
 * the input gradient), so there a convolution is im2col written in tfjs ops
 * — kh·kw shifted slices concatenated along channels, then one fused
 * matMul+bias+ReLU — the same product our engine does, with gradients
 * through slice, concat and matMul, which wasm has.
 */
function cnnModel(tf: TensorFlow, backend: TfjsBackend, workload: NetworkWorkload, weights: ReadonlyMap<string, NamedWeights>): TfjsModel {
  const { batch, inputShape } = workload;
  const [channels, height, width] = inputShape;
  const data = networkBatchOf(workload);
  // One channel: NCHW and NHWC hold the same numbers in the same order.
  if (channels !== 1) throw new Error('bench: the CNN workload expects one input channel');
  const x = tf.tensor4d(data.x, [batch, height, width, channels]);
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(data.targets, 'int32'), 10), 'float32'));
  const conv = (name: string) => {
    const { shape, value } = weight(weights, `${name}.weight`);
    const [filters, inputs, kh, kw] = shape;
    const kernel = new Float32Array(value.length);
    for (let f = 0; f < filters; f++) {
      for (let c = 0; c < inputs; c++) {
        for (let u = 0; u < kh; u++) {
          for (let v = 0; v < kw; v++) kernel[((u * kw + v) * inputs + c) * filters + f] = value[((f * inputs + c) * kh + u) * kw + v];
        }
      }
    }
    return {
      kernel: tf.variable(backend === 'cpu' ? tf.tensor4d(kernel, [kh, kw, inputs, filters]) : tf.tensor2d(kernel, [kh * kw * inputs, filters])),
      bias: tf.variable(tf.tensor1d(weight(weights, `${name}.bias`).value)),
      size: kh,
    };
  };
  const first = conv('0');
  const second = conv('2');
  const denseWeight = weight(weights, '5.weight');
  const [units, inputs] = denseWeight.shape;
  const planes = second.kernel.shape[second.kernel.shape.length - 1];
  const side = Math.sqrt(inputs / planes);
  const denseKernel = new Float32Array(inputs * units);
  for (let u = 0; u < units; u++) {
    for (let c = 0; c < planes; c++) {
      for (let h = 0; h < side; h++) {
        for (let w = 0; w < side; w++) denseKernel[((h * side + w) * planes + c) * units + u] = denseWeight.value[u * inputs + (c * side + h) * side + w];
      }
    }
  }
  const dense = { kernel: tf.variable(tf.tensor2d(denseKernel, [inputs, units])), bias: tf.variable(tf.tensor1d(weight(weights, '5.bias').value)) };

  const convolve = (input: Tf.Tensor4D, { kernel, bias, size }: ReturnType<typeof conv>): Tf.Tensor4D => {
    if (backend === 'cpu') return tf.fused.conv2d({ x: input, filter: kernel as Tf.Tensor4D, strides: 1, pad: 'valid', bias, activation: 'relu' });
    const [n, h, w, c] = input.shape;
    const outHeight = h - size + 1;
    const outWidth = w - size + 1;
    const slices: Tf.Tensor4D[] = [];
    for (let u = 0; u < size; u++) {
      for (let v = 0; v < size; v++) slices.push(tf.slice(input, [0, u, v, 0], [n, outHeight, outWidth, c]));
    }
    const patches = tf.reshape(tf.concat(slices, 3), [n * outHeight * outWidth, size * size * c]);
    const out = tf.fused.matMul({ a: patches as Tf.Tensor2D, b: kernel as Tf.Tensor2D, bias, activation: 'relu' });
    return tf.reshape(out, [n, outHeight, outWidth, kernel.shape[1]!]);
  };
  const predict = (): Tf.Tensor2D => {
    let h = tf.maxPool(convolve(x, first), 2, 2, 'valid');
    h = tf.maxPool(convolve(h, second), 2, 2, 'valid');
    return tf.fused.matMul({ a: tf.reshape(h, [batch, inputs]) as Tf.Tensor2D, b: dense.kernel, bias: dense.bias }) as Tf.Tensor2D;
  };
  return {
    predict,
    loss: () => tf.losses.softmaxCrossEntropy(y, predict()) as Tf.Scalar,
    dispose: () => tf.dispose([x, y, first.kernel, first.bias, second.kernel, second.bias, dense.kernel, dense.bias]),
  };
}

/**
 * The LSTM as tfjs-layers' LSTMCell computes it, in PyTorch's gate order
 * i, f, g, o: the input projection of every step is one matMul over the
 * time-major [T·B, F] input (as ours), then per step one [B, H]×[H, 4H]
 * product, a split into the four gates, and the cell update. PyTorch's two
 * biases are added as one (their sum acts the same). Loss is
 * tf.losses.meanSquaredError, the mean over the batch.
 */
function lstmModel(tf: TensorFlow, workload: NetworkWorkload, weights: ReadonlyMap<string, NamedWeights>): TfjsModel {
  const { batch, inputShape } = workload;
  const [steps, features] = inputShape;
  const data = networkBatchOf(workload);
  const ih = weight(weights, '0.weight_ih_l0');
  const hh = weight(weights, '0.weight_hh_l0');
  const units = hh.shape[1];
  const biasSum = weight(weights, '0.bias_ih_l0').value.map((b, i) => b + weight(weights, '0.bias_hh_l0').value[i]);
  const kernelIh = tf.variable(tf.transpose(tf.tensor2d(ih.value, [4 * units, features])) as Tf.Tensor2D);
  const kernelHh = tf.variable(tf.transpose(tf.tensor2d(hh.value, [4 * units, units])) as Tf.Tensor2D);
  const bias = tf.variable(tf.tensor1d(biasSum));
  const head = weight(weights, '1.weight');
  const headKernel = tf.variable(tf.tensor2d(head.value, [units, 1]));
  const headBias = tf.variable(tf.tensor1d(weight(weights, '1.bias').value));
  const x = tf.tidy(() => tf.reshape(tf.transpose(tf.tensor3d(data.x, [batch, steps, features]), [1, 0, 2]), [steps * batch, features]) as Tf.Tensor2D);
  const y = tf.tensor2d(data.targets, [batch, 1]);
  const zeros = tf.zeros([batch, units]) as Tf.Tensor2D;

  const predict = (): Tf.Tensor2D => {
    const projected = tf.unstack(tf.reshape(tf.fused.matMul({ a: x, b: kernelIh, bias }), [steps, batch, 4 * units])) as Tf.Tensor2D[];
    let h = zeros;
    let c = zeros;
    for (let t = 0; t < steps; t++) {
      const z = tf.add(projected[t], tf.matMul(h, kernelHh));
      const [i, f, g, o] = tf.split(z, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    }
    return tf.fused.matMul({ a: h, b: headKernel, bias: headBias }) as Tf.Tensor2D;
  };
  return {
    predict,
    loss: () => tf.losses.meanSquaredError(y, predict()) as Tf.Scalar,
    dispose: () => tf.dispose([kernelIh, kernelHh, bias, headKernel, headBias, x, y, zeros]),
  };
}
