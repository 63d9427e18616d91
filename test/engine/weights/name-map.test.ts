import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { Sequential, type LayerConfig, type NamedTensor } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';
import { mapWeightNames, pytorchModuleIndices, pytorchStateDict, type IntegerTensor } from '../../../src/engine/weights';

/** Matching PyTorch nn.Sequential and Keras names to a model's layers, and refusing what does not match. */

const dense = (units: number, activation = 'linear', useBias = true): LayerConfig => ({ kind: 'dense', units, activation: createActivation(activation), useBias });
const batchnorm: LayerConfig = { kind: 'batchnorm' };
const dropout: LayerConfig = { kind: 'dropout', rate: 0.5 };

function model(inputs: number, ...layers: LayerConfig[]): Sequential {
  return new Sequential(inputs, layers, new Rng(1));
}

/** A tensor whose values count up from `start`, so where each value lands can be checked. */
function tensor(name: string, shape: number[], start = 0): NamedTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return { name, shape, value: Float32Array.from({ length: size }, (_, i) => start + i) };
}

const counter = (name: string, value = 5, shape: number[] = []): IntegerTensor => ({ name, dtype: 'I64', shape, values: shape.length === 0 ? [value] : Array(shape[0]).fill(value) });

/** Tanh then linear, 3 → 2 → 1: nn.Sequential(Linear(3, 2), Tanh(), Linear(2, 1)). */
const tanhNet = () => model(3, dense(2, 'tanh'), dense(1));
const tanhFile = (prefix = ''): NamedTensor[] => [
  tensor(`${prefix}2.bias`, [1], 100),
  tensor(`${prefix}0.weight`, [2, 3], 10),
  tensor(`${prefix}2.weight`, [1, 2], 20),
  tensor(`${prefix}0.bias`, [2], 30),
];

describe('nn.Sequential indices', () => {
  it('count a module per activation (not linear), dropout and batch norm, as PyTorch numbers them', () => {
    const net = model(3, dense(4, 'relu'), dropout, batchnorm, dense(4), dense(2, 'softmax'));
    // Linear 0, ReLU 1, Dropout 2, BatchNorm1d 3, Linear 4, Linear 5, Softmax 6.
    expect(pytorchModuleIndices(net.layers)).toEqual(['0', '2', '3', '4', '5']);
  });

  it('rename a state dict and give each batch norm its counter', () => {
    const net = model(3, dense(4, 'relu'), batchnorm, dense(2));
    const { tensors, integers } = pytorchStateDict(net.stateDict(), pytorchModuleIndices(net.layers), 12);
    expect(tensors.map((t) => t.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '2.running_mean', '2.running_var', '3.weight', '3.bias']);
    expect(integers).toEqual([{ name: '2.num_batches_tracked', dtype: 'I64', shape: [], values: [12] }]);
  });
});

describe('mapWeightNames: nn.Sequential names', () => {
  it('matches the modules with tensors to the layers with weights in index order, whatever the file order', () => {
    const net = tanhNet();
    const mapping = mapWeightNames(net, { tensors: tanhFile() });
    expect(mapping.naming).toBe('pytorch');
    // Linear 0, Tanh 1, Linear 2: the names NN Lab itself writes for this model.
    expect(mapping.expected).toBe(true);
    expect(mapping.tensors.map((t) => [t.name, t.value[0]])).toEqual([
      ['0.weight', 10],
      ['0.bias', 30],
      ['1.weight', 20],
      ['1.bias', 100],
    ]);
    expect(mapping.lines).toEqual(['nn.Sequential names, matched in order to the layers with weights:', '  0.weight, 0.bias → layer 0 (dense)', '  2.weight, 2.bias → layer 1 (dense)']);
  });

  it("takes the model's layer positions as names too, and says there was nothing to report", () => {
    const net = tanhNet();
    const mapping = mapWeightNames(net, { tensors: net.stateDict() });
    expect(mapping.expected).toBe(true);
    expect(mapping.tensors.map((t) => t.name)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
  });

  it("accepts a common prefix (a module's `net` attribute) and orders 10 after 2", () => {
    const layers = Array.from({ length: 6 }, () => dense(2, 'relu'));
    const net = model(2, ...layers);
    // Linear at 0, 2, 4, 6, 8, 10: byte order would put 10 before 2.
    const file = [0, 2, 4, 6, 8, 10].flatMap((index, k) => [tensor(`net.${index}.weight`, [2, 2], k * 10), tensor(`net.${index}.bias`, [2], k * 10 + 5)]);
    const mapping = mapWeightNames(net, { tensors: file.reverse() });
    expect(mapping.expected).toBe(false);
    expect(mapping.tensors.filter((t) => t.name.endsWith('weight')).map((t) => [t.name, t.value[0]])).toEqual([0, 1, 2, 3, 4, 5].map((k) => [`${k}.weight`, k * 10]));
  });

  it('reads num_batches_tracked, and keeps the largest', () => {
    const net = model(2, dense(2, 'relu'), batchnorm, batchnorm);
    const file = [tensor('0.weight', [2, 2]), tensor('0.bias', [2]), ...['2', '3'].flatMap((i) => ['weight', 'bias', 'running_mean', 'running_var'].map((role) => tensor(`${i}.${role}`, [2])))];
    const mapping = mapWeightNames(net, { tensors: file, integers: [counter('2.num_batches_tracked', 40), counter('3.num_batches_tracked', 41)] });
    expect(mapping.batchesTracked).toBe(41);
    expect(mapWeightNames(net, { tensors: file }).batchesTracked).toBeUndefined();
  });

  it.each([
    [
      'a module out of order',
      model(3, dense(2, 'relu'), batchnorm, dense(1)),
      tanhFile(),
      "model: cannot load weights: in order, the file's modules with tensors are Linear 0, Linear 2; the model's layers with weights are dense 0, batchnorm 1, dense 2",
    ],
    ['one module too many', model(3, dense(2)), tanhFile(), "the file's modules with tensors are Linear 0, Linear 2; the model's layers with weights are dense 0"],
    ['a tensor its layer does not have', tanhNet(), [...tanhFile(), tensor('0.scale', [2])], "'0.scale' has no place in layer 0 (dense)"],
    ['names from two modules', tanhNet(), [...tanhFile('a.').slice(0, 2), ...tanhFile('b.').slice(2)], "the names come from 2 different modules ('a', 'b'); a file must hold one nn.Sequential"],
    ['too few modules', tanhNet(), [tensor('0.bias', [2])], "the file's modules with tensors are module 0; the model's layers with weights are dense 0, dense 1"],
    ['a batch norm without running statistics', model(2, batchnorm), [tensor('0.weight', [2]), tensor('0.bias', [2])], "layer 0 (batchnorm) needs its running_mean, the file's module 0 has none; layer 0 (batchnorm) needs its running_var, the file's module 0 has none"],
    ['a missing bias', tanhNet(), tanhFile().filter((t) => t.name !== '2.bias'), "layer 1 (dense) needs its bias, the file's module 2 has none"],
    ['a bias the layer does not have', model(3, dense(2, 'tanh'), dense(1, 'linear', false)), tanhFile(), "'2.bias' has no place in layer 1 (dense without a bias)"],
    ['a missing running variance', model(2, batchnorm), ['weight', 'bias', 'running_mean'].map((role) => tensor(`0.${role}`, [2])), "layer 0 (batchnorm) needs its running_var, the file's module 0 has none"],
    [
      'every misshapen tensor',
      model(3, dense(5, 'tanh'), dense(1)),
      tanhFile(),
      "model: cannot load weights: '0.weight' has shape [2, 3], layer 0 (dense) needs [5, 3]; '0.bias' has shape [2], layer 0 (dense) needs [5]; '2.weight' has shape [1, 2], layer 1 (dense) needs [1, 5]",
    ],
  ] as const)('refuses %s, naming it', (_, net, file, message) => {
    expect(() => mapWeightNames(net, { tensors: [...file] })).toThrow(message);
  });

  it('refuses integers where a weight belongs, and a counter that is not one number', () => {
    const net = model(2, batchnorm);
    const stats = ['weight', 'bias', 'running_mean', 'running_var'].map((role) => tensor(`0.${role}`, [2]));
    expect(() => mapWeightNames(net, { tensors: stats.slice(1), integers: [counter('0.weight', 1, [2])] })).toThrow("'0.weight' holds integers; layer 0 (batchnorm) needs a floating-point weight");
    expect(() => mapWeightNames(net, { tensors: stats, integers: [counter('0.num_batches_tracked', 1, [3])] })).toThrow("'0.num_batches_tracked' must be one whole number ≥ 0, it holds 3 values");
  });
});

describe('mapWeightNames: Keras names', () => {
  /** Dense(2, tanh) → BatchNormalization → Dense(1) on 3 inputs, saved by variable path. */
  const net = () => model(3, dense(2, 'tanh'), batchnorm, dense(1));
  const kerasFile = (scope = '', suffix = ''): NamedTensor[] => [
    tensor(`${scope}dense_1/kernel${suffix}`, [2, 1], 50),
    tensor(`${scope}dense/kernel${suffix}`, [3, 2], 0),
    tensor(`${scope}dense/bias${suffix}`, [2], 10),
    tensor(`${scope}dense_1/bias${suffix}`, [1], 60),
    ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((variable, k) => tensor(`${scope}batch_normalization/${variable}${suffix}`, [2], 20 + 2 * k)),
  ];

  it('matches each class in number order, and transposes kernels from [inputs, units]', () => {
    const mapping = mapWeightNames(net(), { tensors: kerasFile() });
    expect(mapping.naming).toBe('keras');
    const byName = Object.fromEntries(mapping.tensors.map((t) => [t.name, Array.from(t.value)]));
    // dense/kernel [3, 2] holds rows (0 1) (2 3) (4 5); our weight [2, 3] is its transpose.
    expect(byName['0.weight']).toEqual([0, 2, 4, 1, 3, 5]);
    expect(byName['0.bias']).toEqual([10, 11]);
    expect(byName['1.weight']).toEqual([20, 21]);
    expect(byName['1.running_var']).toEqual([26, 27]);
    expect(byName['2.weight']).toEqual([50, 51]);
    expect(mapping.lines).toEqual([
      'Keras names, matched by layer class and number:',
      '  dense/kernel (transposed), dense/bias → layer 0 (dense)',
      '  batch_normalization/gamma, batch_normalization/beta, batch_normalization/moving_mean, batch_normalization/moving_variance → layer 1 (batchnorm)',
      "    Keras's BatchNormalization adds ε = 0.001, this layer 0.00001: declare batchnorm eps=0.001 for Keras's outputs",
      '  dense_1/kernel (transposed), dense_1/bias → layer 2 (dense)',
    ]);
  });

  it("says nothing of ε when the batch norm already uses Keras's", () => {
    const keras = model(3, dense(2, 'tanh'), { kind: 'batchnorm', eps: 0.001 }, dense(1));
    expect(mapWeightNames(keras, { tensors: kerasFile() }).lines.some((line) => line.includes('ε'))).toBe(false);
  });

  it("accepts a model scope and TensorFlow's :0 suffix", () => {
    const mapping = mapWeightNames(net(), { tensors: kerasFile('sequential/', ':0') });
    expect(mapping.tensors.map((t) => t.name)).toEqual(['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '2.weight', '2.bias']);
  });

  it.each([
    ['a kernel of the wrong shape', net(), kerasFile().map((t) => (t.name === 'dense/kernel' ? tensor('dense/kernel', [2, 3]) : t)), "'dense/kernel' has shape [2, 3], layer 0 (dense) needs [3, 2] (a Keras kernel is [inputs, units])"],
    ['a missing batch norm', model(3, dense(2, 'tanh'), dense(1)), kerasFile(), 'the file holds 2 Dense and 1 BatchNormalization layers; the model\'s layers with weights are dense 0, dense 1 (2 dense, 0 batchnorm)'],
    [
      'names that do not say the order',
      model(3, dense(2, 'tanh'), dense(1)),
      [tensor('hidden/kernel', [3, 2]), tensor('hidden/bias', [2]), tensor('out/kernel', [2, 1]), tensor('out/bias', [1])],
      "the Dense layers are named 'hidden', 'out', which does not say their order; Keras's own names (dense, dense_1, …) do",
    ],
    ['an unknown variable', net(), [...kerasFile(), tensor('dense/scale', [2])], "'dense/scale' is not a Keras Dense or BatchNormalization variable"],
    ['a layer mixing kinds', net(), [...kerasFile(), tensor('dense/moving_mean', [2])], "'dense' holds kernel, bias, moving_mean: neither a Dense (kernel, bias) nor a BatchNormalization"],
    ['a variable twice', net(), [...kerasFile(), tensor('dense/kernel:0', [3, 2])], "'dense/kernel' and 'dense/kernel:0' both hold the layer's weight"],
  ] as const)('refuses %s, naming it', (_, target, file, message) => {
    expect(() => mapWeightNames(target, { tensors: [...file] })).toThrow(message);
  });
});

describe('nn.Sequential names of image and sequence layers', () => {
  const convNet = () =>
    new Sequential(
      [1, 8, 8],
      [
        { kind: 'conv2d', filters: 2, kernel: 3, activation: createActivation('relu') },
        { kind: 'batchnorm' },
        { kind: 'maxpool' },
        { kind: 'flatten' },
        { kind: 'dense', units: 3, activation: createActivation('softmax') },
      ],
      new Rng(1),
    );

  it('number a conv with its activation as two modules, as nn.Sequential(Conv2d, ReLU, BatchNorm2d, MaxPool2d, Flatten, Linear, Softmax)', () => {
    const net = convNet();
    expect(pytorchModuleIndices(net.layers)).toEqual(['0', '2', '3', '4', '5']);
    const { tensors } = pytorchStateDict(net.stateDict(), pytorchModuleIndices(net.layers), 0);
    expect(tensors.map((t) => `${t.name} [${t.shape.join(', ')}]`)).toEqual([
      '0.weight [2, 1, 3, 3]',
      '0.bias [2]',
      '2.weight [2]',
      '2.bias [2]',
      '2.running_mean [2]',
      '2.running_var [2]',
      '5.weight [3, 18]',
      '5.bias [3]',
    ]);
  });

  it('load back what they save, for conv, LSTM and attention layers, under their PyTorch names', () => {
    const lstmNet = new Sequential([5, 2], [{ kind: 'lstm', units: 4 }, { kind: 'dense', units: 1 }], new Rng(2));
    const attentionNet = new Sequential([4, 6], [{ kind: 'attention', heads: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 1 }], new Rng(3));
    for (const net of [convNet(), lstmNet, attentionNet]) {
      const { tensors, integers } = pytorchStateDict(net.stateDict(), pytorchModuleIndices(net.layers), 0);
      const mapping = mapWeightNames(net, { tensors, integers });
      expect(mapping.expected).toBe(true);
      expect(mapping.tensors.map((t) => t.name)).toEqual(net.stateDict().map((t) => t.name));
    }
    const lstmNames = pytorchStateDict(lstmNet.stateDict(), pytorchModuleIndices(lstmNet.layers), 0).tensors.map((t) => t.name);
    expect(lstmNames).toEqual(['0.weight_ih_l0', '0.weight_hh_l0', '0.bias_ih_l0', '0.bias_hh_l0', '1.weight', '1.bias']);
  });

  it('refuse an LSTM file for a GRU model, naming both sides', () => {
    const lstm = new Sequential([5, 2], [{ kind: 'lstm', units: 4 }], new Rng(2));
    const gru = new Sequential([5, 2], [{ kind: 'gru', units: 4 }], new Rng(2));
    expect(() => mapWeightNames(gru, { tensors: lstm.stateDict() })).toThrow("'0.weight_ih_l0' has shape [16, 2], layer 0 (gru) needs [12, 2]");
  });
});
