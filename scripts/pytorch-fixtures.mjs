// Writes the PyTorch and Keras weight-file fixtures of test/fixtures/pytorch
// without PyTorch: `node scripts/pytorch-fixtures.mjs [folder]`.
//
// Each file is laid out as `safetensors.torch.save_file` lays it out (the
// reference writer's rules, followed here independently of NN Lab's own
// writer so a test can hold one against the other):
//   - bytes 0–7: the header length N, unsigned 64-bit little-endian;
//   - N bytes of compact JSON: {"name":{"dtype":…,"shape":[…],"data_offsets":[b,e]},…},
//     entries in data order, padded with spaces so N is a multiple of 8;
//   - the data: tensors ordered by descending dtype alignment (I64 before
//     F32), then by name in byte order, each raw little-endian.
// The expected outputs are the models' evaluation-mode forward pass on a
// fixed input, worked in float64 here (PyTorch's float32 agrees to ~1e-6).
// scripts/pytorch-fixtures.py writes the same files with real PyTorch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'pytorch');

/** Weights every fixture shares the recipe of: value i of the k-th tensor, a multiple of 1/16 (exact in float32). */
const weight = (k, i) => (((i * 7 + k * 5 + 3) % 17) - 8) / 16;
/** Running variances must be positive: 0.5 … 1.5 in steps of 1/4. */
const variance = (k, i) => 0.5 + ((i * 3 + k) % 5) / 4;
/** The input every model is run on: 5 samples × 3 features. */
const INPUT = Array.from({ length: 5 }, (_, r) => Array.from({ length: 3 }, (_, c) => ((((r * 3 + c) * 5) % 11) - 5) / 4));
const BATCHES_TRACKED = 7;

/** A Linear's weight [out, in] and bias [out], drawn as tensors k and k + 1. */
function linear(k, inputs, outputs) {
  const w = Array.from({ length: outputs }, (_, o) => Array.from({ length: inputs }, (_, i) => weight(k, o * inputs + i)));
  const b = Array.from({ length: outputs }, (_, o) => weight(k + 1, o));
  return { w, b };
}

/** A BatchNorm1d's γ, β, running mean and running variance, drawn as tensors k … k + 3. */
function batchNorm(k, width, eps) {
  const at = (fill) => Array.from({ length: width }, (_, i) => fill(i));
  return { gamma: at((i) => weight(k, i)), beta: at((i) => weight(k + 1, i)), mean: at((i) => weight(k + 2, i)), variance: at((i) => variance(k + 3, i)), eps };
}

const applyLinear = ({ w, b }) => (x) => w.map((row, o) => row.reduce((sum, wi, i) => sum + wi * x[i], b[o]));
const applyBatchNorm = ({ gamma, beta, mean, variance: v, eps }) => (x) => x.map((xi, i) => ((xi - mean[i]) / Math.sqrt(v[i] + eps)) * gamma[i] + beta[i]);
const tanh = (x) => x.map(Math.tanh);
const relu = (x) => x.map((xi) => Math.max(0, xi));

const f32 = (values) => ({ dtype: 'F32', values: values.flat() });

function tanhCase() {
  const first = linear(0, 3, 4);
  const second = linear(2, 4, 2);
  return {
    name: 'linear-tanh-linear',
    description: 'nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2))',
    model: 'model\n  dense 4 tanh\n  dense 2',
    tensors: {
      '0.weight': { shape: [4, 3], ...f32(first.w) },
      '0.bias': { shape: [4], ...f32(first.b) },
      '2.weight': { shape: [2, 4], ...f32(second.w) },
      '2.bias': { shape: [2], ...f32(second.b) },
    },
    forward: [applyLinear(first), tanh, applyLinear(second)],
  };
}

function batchNormCase() {
  const first = linear(0, 3, 4);
  const norm = batchNorm(2, 4, 1e-5);
  const last = linear(6, 4, 2);
  return {
    name: 'linear-relu-dropout-batchnorm-linear',
    description: 'nn.Sequential(Linear(3, 4), ReLU(), Dropout(0.5), BatchNorm1d(4), Linear(4, 2))',
    model: 'model\n  dense 4 relu\n  dropout 0.5\n  batchnorm\n  dense 2',
    tensors: {
      '0.weight': { shape: [4, 3], ...f32(first.w) },
      '0.bias': { shape: [4], ...f32(first.b) },
      '3.weight': { shape: [4], ...f32(norm.gamma) },
      '3.bias': { shape: [4], ...f32(norm.beta) },
      '3.running_mean': { shape: [4], ...f32(norm.mean) },
      '3.running_var': { shape: [4], ...f32(norm.variance) },
      '3.num_batches_tracked': { shape: [], dtype: 'I64', values: [BATCHES_TRACKED] },
      '4.weight': { shape: [2, 4], ...f32(last.w) },
      '4.bias': { shape: [2], ...f32(last.b) },
    },
    // Dropout is the identity in evaluation.
    forward: [applyLinear(first), relu, applyBatchNorm(norm), applyLinear(last)],
  };
}

/** Keras's names and layout: kernels are [inputs, units], the transpose of a Linear's weight. */
function kerasCase() {
  const first = linear(0, 3, 4);
  const norm = batchNorm(2, 4, 1e-3);
  const last = linear(6, 4, 2);
  const transpose = (w) => w[0].map((_, i) => w.map((row) => row[i]));
  return {
    name: 'keras-dense-batchnorm-dense',
    description: "keras.Sequential([Dense(4, activation='relu'), BatchNormalization(), Dense(2)]) on 3 inputs, saved by variable path",
    model: 'model\n  dense 4 relu\n  batchnorm eps=0.001\n  dense 2',
    tensors: {
      'dense/kernel': { shape: [3, 4], ...f32(transpose(first.w)) },
      'dense/bias': { shape: [4], ...f32(first.b) },
      'batch_normalization/gamma': { shape: [4], ...f32(norm.gamma) },
      'batch_normalization/beta': { shape: [4], ...f32(norm.beta) },
      'batch_normalization/moving_mean': { shape: [4], ...f32(norm.mean) },
      'batch_normalization/moving_variance': { shape: [4], ...f32(norm.variance) },
      'dense_1/kernel': { shape: [4, 2], ...f32(transpose(last.w)) },
      'dense_1/bias': { shape: [2], ...f32(last.b) },
    },
    forward: [applyLinear(first), relu, applyBatchNorm(norm), applyLinear(last)],
  };
}

/** The reference writer's dtype order (its enum, ascending alignment) for the dtypes used here. */
const DTYPE_RANK = { F32: 0, I64: 1 };
const DTYPE_BYTES = { F32: 4, I64: 8 };

/** Byte order of the UTF-8 names: for these ASCII names, plain code-unit order. */
const byteOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function safetensors(tensors) {
  const names = Object.keys(tensors).sort((a, b) => DTYPE_RANK[tensors[b].dtype] - DTYPE_RANK[tensors[a].dtype] || byteOrder(a, b));
  let offset = 0;
  const entries = names.map((name) => {
    const { dtype, shape, values } = tensors[name];
    const end = offset + values.length * DTYPE_BYTES[dtype];
    const text = `${JSON.stringify(name)}:{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${offset},${end}]}`;
    offset = end;
    return text;
  });
  let header = `{${entries.join(',')}}`;
  header += ' '.repeat((8 - (header.length % 8)) % 8);
  const bytes = Buffer.alloc(8 + header.length + offset);
  bytes.writeBigUInt64LE(BigInt(header.length), 0);
  bytes.write(header, 8, 'ascii');
  let position = 8 + header.length;
  for (const name of names) {
    const { dtype, values } = tensors[name];
    for (const value of values) {
      if (dtype === 'F32') bytes.writeFloatLE(value, position);
      else bytes.writeBigInt64LE(BigInt(value), position);
      position += DTYPE_BYTES[dtype];
    }
  }
  return bytes;
}

/** The expected-output file: one line per sample, so a diff shows which changed. */
function expectedJson(fixture, output) {
  const rows = (matrix) => `[\n    ${matrix.map((row) => JSON.stringify(row)).join(',\n    ')}\n  ]`;
  return `{\n  "description": ${JSON.stringify(fixture.description)},\n  "model": ${JSON.stringify(fixture.model)},\n  "input": ${rows(INPUT)},\n  "output": ${rows(output)}\n}\n`;
}

mkdirSync(folder, { recursive: true });
for (const fixture of [tanhCase(), batchNormCase(), kerasCase()]) {
  writeFileSync(join(folder, `${fixture.name}.safetensors`), safetensors(fixture.tensors));
  const output = INPUT.map((x) => fixture.forward.reduce((a, step) => step(a), x));
  writeFileSync(join(folder, `${fixture.name}.json`), expectedJson(fixture, output));
}
