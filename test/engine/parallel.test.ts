import { describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import { createLoss } from '../../src/engine/losses';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import { GradientReplica, buildReplica, checkReplicaSpec, type ReplicaSpec } from '../../src/engine/parallel/replica';
import { parametersIn } from '../../src/engine/parameter';
import { LossGradient } from '../../src/engine/train/loss-gradient';
import {
  MIN_ROWS_PER_PART,
  MIN_WORK_PER_PART,
  localShards,
  shardLimits,
  splitParts,
  type CreateGradientShards,
  type GradientShards,
  type ShardLimits,
} from '../../src/engine/parallel/shards';
import { Rng } from '../../src/engine/rng';
import { TrainingStep } from '../../src/engine/train/step';
import { TrainingRun } from '../../src/engine/train/run';
import { CLASSIFIER, bytes, dataset, fiveClasses, layers, runConfig, spec, type Net } from './parallel-fixtures';

/** 20-64-32-3 regression on three linear targets (3 523 parameters). */
const REGRESSION: Net = {
  inputSize: 20,
  layers: [
    { units: 64, activation: 'relu' },
    { units: 32, activation: 'gelu' },
    { units: 3, activation: 'linear' },
  ],
  loss: 'mse',
};

/** 20-64-32-1 with a sigmoid output and binary cross-entropy (the fused gradient), 3 457 parameters. */
const BINARY: Net = {
  inputSize: 20,
  layers: [
    { units: 64, activation: 'leaky_relu', options: { alpha: 0.2 } },
    { units: 32, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'binary_crossentropy',
};

const regressionData = dataset(202, 20, 5, 'regression', (row) => [row[0] + row[1], row[2] - row[3], 0.5 * row[4]]);
const binaryData = dataset(202, 20, 6, 'regression', (row) => [row[0] + row[1] > 0 ? 1 : 0]);
const classData = fiveClasses(202, 7);

/** A model of `net` with seeded weights and a step over it, optionally with shards. */
function stepOf(net: Net, batch: number, targetWidth: number, createShards?: CreateGradientShards): TrainingStep {
  const model = new Sequential(net.inputSize, layers(net), new Rng(11));
  const shards = createShards?.(shardLimits(model, batch, targetWidth));
  return new TrainingStep({
    model,
    loss: createLoss(net.loss),
    optimizer: createOptimizer('sgd', model.parameters(), { lr: 0.1 }),
    rng: new Rng(12),
    ...(shards ? { shards } : {}),
  });
}

/**
 * |split − whole| ≤ 1e-5 · (largest |whole| of that tensor): float32 rounding
 * of a sum over rows done in another order, measured against the tensor's
 * scale so gradients that cancel to almost zero do not fail on noise.
 */
function expectClose(split: TrainingStep, whole: TrainingStep): void {
  const wholeParams = whole.setup.model.parameters();
  split.setup.model.parameters().forEach((parameter, p) => {
    const reference = wholeParams[p].grad;
    const scale = reference.reduce((max, g) => Math.max(max, Math.abs(g)), 0);
    expect(scale).toBeGreaterThan(0);
    for (let i = 0; i < reference.length; i++) expect(Math.abs(parameter.grad[i] - reference[i])).toBeLessThanOrEqual(1e-5 * scale);
  });
}

/** A stand-in for shards that only counts how often it is asked to compute. */
function countingShards(limits: ShardLimits, count = 1): GradientShards & { begun: number } {
  const buffer = () => new Float32Array(limits.parameterCount);
  return {
    count,
    begun: 0,
    weights: buffer(),
    inputs: [new Float32Array(limits.rows * limits.inputWidth)],
    targets: [new Float32Array(limits.rows * limits.targetWidth)],
    gradients: [buffer()],
    begin() {
      this.begun += 1;
    },
    end: () => 0,
    dispose: () => undefined,
  };
}

/** Shards that delegate to `inner` except where `changes` says otherwise. */
function wrapped(inner: GradientShards, changes: Partial<Pick<GradientShards, 'end' | 'dispose'>>): GradientShards {
  return {
    count: inner.count,
    weights: inner.weights,
    inputs: inner.inputs,
    targets: inner.targets,
    gradients: inner.gradients,
    begin: (shard, rows, seed) => inner.begin(shard, rows, seed),
    end: changes.end ?? ((shard) => inner.end(shard)),
    dispose: changes.dispose ?? (() => inner.dispose()),
  };
}

describe('splitParts', () => {
  it.each([
    // batch, parameters, helpers → parts (min of helpers + 1, ⌊batch/64⌋, ⌊batch·parameters/100 000⌋, at least 1)
    [10, 114, 1, 1], // 2-8-8-2 at batch 10: ⌊10/64⌋ = 0 → 1
    [2048, 114, 1, 2], // min(2, 32, ⌊233 472 / 100 000⌋ = 2)
    [128, 235_146, 1, 2], // 784-256-128-10 at 128: min(2, 2, 300)
    [64, 41_600, 1, 1], // ten 64-unit layers at 64: ⌊64/64⌋ = 1, parts of 32 rows do not pay
    [128, 235_146, 3, 2], // min(4, 2, 300)
    [150, 3_589, 2, 2], // min(3, 2, ⌊538 350 / 100 000⌋ = 5)
    [202, 3_589, 2, 3], // min(3, 3, ⌊724 978 / 100 000⌋ = 7)
    [127, 1_000_000, 1, 1], // ⌊127/64⌋ = 1: too few rows for two parts
    [256, 300, 3, 1], // ⌊256·300/100 000⌋ = 0: too little work
  ])('a batch of %i over %i parameters with %i helpers → %i parts', (batch, parameters, helpers, parts) => {
    expect(splitParts(batch, parameters, helpers)).toBe(parts);
  });

  it('uses the constants it documents', () => {
    expect(splitParts(2 * MIN_ROWS_PER_PART, MIN_WORK_PER_PART, 1)).toBe(2);
    expect(splitParts(2 * MIN_ROWS_PER_PART - 1, MIN_WORK_PER_PART, 1)).toBe(1);
  });
});

describe('a split training step', () => {
  const cases: { name: string; net: Net; data: typeof classData; batch: number; helpers: number; ownRows: number }[] = [
    // 151 = 76 + 75; 202 = 68 + 67 + 67: the first (largest) share stays on the calling thread
    { name: 'softmax + cross-entropy, two parts', net: CLASSIFIER, data: classData, batch: 151, helpers: 1, ownRows: 76 },
    { name: 'softmax + cross-entropy, three parts', net: CLASSIFIER, data: classData, batch: 202, helpers: 2, ownRows: 68 },
    { name: 'MSE regression on three targets, two parts', net: REGRESSION, data: regressionData, batch: 151, helpers: 1, ownRows: 76 },
    { name: 'MSE regression on three targets, three parts', net: REGRESSION, data: regressionData, batch: 202, helpers: 2, ownRows: 68 },
    { name: 'sigmoid + binary cross-entropy, two parts', net: BINARY, data: binaryData, batch: 151, helpers: 1, ownRows: 76 },
    { name: 'sigmoid + binary cross-entropy, three parts', net: BINARY, data: binaryData, batch: 202, helpers: 2, ownRows: 68 },
  ];

  it.each(cases)('equals the whole step to float32 rounding: $name', ({ net, data, batch, helpers, ownRows }) => {
    const x = data.x.subarray(0, batch * data.features);
    const y = data.y.subarray(0, batch * data.targetWidth);
    const whole = stepOf(net, batch, data.targetWidth);
    const split = stepOf(net, batch, data.targetWidth, localShards(spec(net), helpers));
    const wholeLoss = whole.measure(x, y, batch);
    const splitLoss = split.measure(x, y, batch);
    expect(whole.forwardRows).toBe(batch);
    expect(split.forwardRows).toBe(ownRows);
    expect(Math.abs(splitLoss - wholeLoss)).toBeLessThanOrEqual(1e-5 * Math.abs(wholeLoss));
    expectClose(split, whole);
  });

  it('trains 30 Adam steps to the same weights as an unsplit run, to 1e-4', () => {
    const train = fiveClasses(300, 1);
    const whole = new TrainingRun(runConfig(CLASSIFIER), { train });
    const split = new TrainingRun(runConfig(CLASSIFIER, { createShards: localShards(spec(CLASSIFIER)) }), { train });
    const wholeResult = whole.run();
    const splitResult = split.run();
    expect(splitResult.steps).toBe(30);
    const reference = whole.model.stateDict();
    split.model.stateDict().forEach((tensor, t) => {
      tensor.value.forEach((value, i) => expect(Math.abs(value - reference[t].value[i])).toBeLessThanOrEqual(1e-4));
    });
    expect(splitResult.epochs.at(-1)!.trainLoss).toBeCloseTo(wholeResult.epochs.at(-1)!.trainLoss, 4);
    // Activation statistics sample the calling thread's rows: still finite numbers.
    expect(splitResult.epochs.at(-1)!.layers.every((layer) => Number.isFinite(layer.activationVariance))).toBe(true);
  });

  it('replays bit-identically with the same seed and split, dropout included', () => {
    const net: Net = { ...CLASSIFIER, layers: [{ units: 64, activation: 'relu' }, { dropout: 0.3 }, ...CLASSIFIER.layers.slice(1)] };
    const train = fiveClasses(300, 2);
    const trainOnce = (seed: number) => {
      const run = new TrainingRun(runConfig(net, { seed, createShards: localShards(spec(net), 2), batchSize: 202 }), { train });
      const losses = run.run().epochs.map((e) => e.trainLoss);
      return { weights: bytes(run.model.stateDict()), losses };
    };
    const first = trainOnce(4);
    expect(trainOnce(4)).toEqual(first);
    expect(trainOnce(5).weights).not.toEqual(first.weights);
  });

  it('never splits a model with batch norm: its statistics need the whole batch', () => {
    const net = CLASSIFIER;
    const withNorm: LayerConfig[] = [...layers(net).slice(0, 1), { kind: 'batchnorm' }, ...layers(net).slice(1)];
    const model = new Sequential(20, withNorm, new Rng(1));
    const shards = countingShards(shardLimits(model, 128, 1), 3);
    const step = new TrainingStep({ model, loss: createLoss(net.loss), optimizer: createOptimizer('sgd', model.parameters()), rng: new Rng(2), shards });
    const data = fiveClasses(128, 3);
    step.run(data.x, data.y, 128);
    expect(shards.begun).toBe(0);
    expect(step.forwardRows).toBe(128);

    let created = 0;
    const config = runConfig(net, { layers: withNorm, batchSize: 128, steps: 2, createShards: (limits) => (created++, countingShards(limits)) });
    expect(new TrainingRun(config, { train: data }).run().status).toBe('completed');
    expect(created).toBe(0);
  });

  it('never splits the 2-8-8-2 net at batch 10, and a run of it makes no shards', () => {
    const tiny: Net = { inputSize: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }, { units: 2, activation: 'softmax' }], loss: 'sparse_categorical_crossentropy' };
    const data = dataset(40, 2, 9, 'classification', (row) => [row[0] > 0 ? 1 : 0]);
    const model = new Sequential(2, layers(tiny), new Rng(1));
    const shards = countingShards(shardLimits(model, 10, 1));
    const step = new TrainingStep({ model, loss: createLoss(tiny.loss), optimizer: createOptimizer('sgd', model.parameters()), rng: new Rng(2), shards });
    step.run(data.x.subarray(0, 20), data.y.subarray(0, 10), 10);
    expect(shards.begun).toBe(0);

    let created = 0;
    const config = runConfig(tiny, { batchSize: 10, steps: 5, createShards: (limits) => (created++, countingShards(limits)) });
    new TrainingRun(config, { train: data }).run();
    expect(created).toBe(0);
  });

  it('makes shards at every run() call and disposes them when it returns or throws', () => {
    const train = fiveClasses(300, 1);
    const events: string[] = [];
    const local = localShards(spec(CLASSIFIER));
    const createShards: CreateGradientShards = (limits) => {
      // 150-row batches: a helper gets at most ⌊150/2⌋ = 75 rows
      expect(limits).toEqual({ rows: 75, inputWidth: 20, targetWidth: 1, parameterCount: 3_589 });
      events.push('create');
      return wrapped(local(limits), { dispose: () => events.push('dispose') });
    };
    const run = new TrainingRun(runConfig(CLASSIFIER, { createShards }), { train });
    const signal = { aborted: false };
    run.run({ signal, progressIntervalMs: 0, onProgress: (p) => (signal.aborted = p.step === 7) });
    expect(events).toEqual(['create', 'dispose']);
    signal.aborted = false;
    expect(run.run({ signal }).steps).toBe(30);
    expect(events).toEqual(['create', 'dispose', 'create', 'dispose']);

    const failing: CreateGradientShards = (limits) =>
      wrapped(local(limits), {
        end: () => {
          throw new Error('shard lost');
        },
        dispose: () => events.push('dispose after failure'),
      });
    expect(() => new TrainingRun(runConfig(CLASSIFIER, { createShards: failing }), { train }).run()).toThrow('shard lost');
    expect(events.at(-1)).toBe('dispose after failure');
  });

  it('rejects shards made for another model', () => {
    const other: Net = { ...CLASSIFIER, layers: [{ units: 63, activation: 'relu' }, ...CLASSIFIER.layers.slice(1)] };
    const model = new Sequential(20, layers(CLASSIFIER), new Rng(1));
    const limits = shardLimits(model, 150, 1);
    // 20·63 + 63 + 63·32 + 32 + 32·5 + 5 = 3 536 parameters against the model's 3 589
    expect(() => localShards(spec(other))(limits)).toThrow('replica: the spec describes a model of 3536 parameters, the one being trained has 3589');
  });
});

describe('buildReplica', () => {
  const replicaSpec: ReplicaSpec = {
    inputSize: 6,
    layers: [
      { kind: 'dense', units: 8, activation: { name: 'leaky_relu', options: { alpha: 0.2 } }, useBias: true },
      { kind: 'dropout', rate: 0.25 },
      { kind: 'dense', units: 5, activation: { name: 'gelu', options: { approximate: 'tanh' } }, useBias: false },
      { kind: 'dense', units: 3, activation: { name: 'softmax', options: {} }, useBias: true },
    ],
    loss: { name: 'categorical_crossentropy', options: { from_logits: false } },
  };

  it('survives a structured clone and rebuilds the model: same outputs once the weights are copied', () => {
    const original = new Sequential(
      6,
      [
        { kind: 'dense', units: 8, activation: createActivation('leaky_relu', { alpha: 0.2 }) },
        { kind: 'dropout', rate: 0.25 },
        { kind: 'dense', units: 5, activation: createActivation('gelu', { approximate: 'tanh' }), useBias: false },
        { kind: 'dense', units: 3, activation: createActivation('softmax') },
      ],
      new Rng(1),
    );
    const { model, loss } = buildReplica(structuredClone(replicaSpec));
    model.loadStateDict(original.stateDict());
    const rng = new Rng(2);
    const x = new Float32Array(4 * 6).map(() => rng.normal());
    const context = { training: false, rng };
    expect([...model.forward(x, 4, context)]).toEqual([...original.forward(x, 4, context)]);
    const predictions = original.forward(x, 4, context);
    const targets = new Float32Array([0, 1, 2, 1]);
    expect(loss.value(predictions, targets, 4, 3)).toBe(createLoss('categorical_crossentropy', { from_logits: false }).value(predictions, targets, 4, 3));
  });

  it('checks a spec against the model it should describe', () => {
    const model = new Sequential(20, layers(CLASSIFIER), new Rng(1));
    expect(() => checkReplicaSpec(spec(CLASSIFIER), model)).not.toThrow();
    const table: [Partial<ReplicaSpec>, string][] = [
      [{ inputSize: 21 }, "replica: the spec's input size is 21, the model's 20"],
      [{ layers: spec(CLASSIFIER).layers.slice(1) }, 'replica: the spec has 2 layers, the model 3'],
      [{ layers: [{ kind: 'dense', units: 64, activation: { name: 'ReLU', options: {} }, useBias: false }, ...spec(CLASSIFIER).layers.slice(1)] }, 'replica: layer 0: the spec says use_bias false, the model has true'],
      [{ layers: [{ kind: 'dense', units: 64, activation: { name: 'elu', options: {} }, useBias: true }, ...spec(CLASSIFIER).layers.slice(1)] }, 'replica: layer 0: the spec says activation elu, the model has relu'],
      [{ layers: [{ kind: 'dropout', rate: 0.5 }, ...spec(CLASSIFIER).layers.slice(1)] }, 'replica: layer 0: the spec says kind dropout, the model has dense'],
    ];
    for (const [change, message] of table) expect(() => checkReplicaSpec({ ...spec(CLASSIFIER), ...change }, model)).toThrow(message);
  });

  it('fails with the registry message for an unknown name', () => {
    expect(() => buildReplica({ ...replicaSpec, loss: { name: 'categorical_crossentropyy', options: {} } })).toThrow("unknown loss 'categorical_crossentropyy'");
    expect(() => buildReplica({ ...replicaSpec, layers: [{ kind: 'batchnorm' } as never] })).toThrow("replica: layer 0 has kind 'batchnorm'");
  });
});

describe('parametersIn', () => {
  it('stores every parameter a build creates in the given arrays, one after the other in parameters() order', () => {
    const values = new Float32Array(3_589 + 5);
    const grads = new Float32Array(3_589 + 5);
    const model = parametersIn(values, grads, () => new Sequential(20, layers(CLASSIFIER), new Rng(1)));
    let offset = 0;
    for (const parameter of model.parameters()) {
      expect(parameter.value.buffer).toBe(values.buffer);
      expect(parameter.grad.buffer).toBe(grads.buffer);
      expect(parameter.value.byteOffset).toBe(offset * 4);
      expect(parameter.grad.byteOffset).toBe(offset * 4);
      offset += parameter.value.length;
    }
    expect(offset).toBe(3_589);
    // The build's initial draw landed in the arrays, and nothing past the parameters.
    expect(values.subarray(0, 64 * 20).some((v) => v !== 0)).toBe(true);
    expect([...values.subarray(3_589)]).toEqual([0, 0, 0, 0, 0]);
    // Outside the call, parameters get arrays of their own again.
    expect(new Sequential(20, layers(CLASSIFIER), new Rng(1)).parameters()[0].value.buffer).not.toBe(values.buffer);
  });

  it('refuses storage too small and nested calls, and leaves later builds unaffected', () => {
    const small = new Float32Array(100);
    expect(() => parametersIn(small, small, () => new Sequential(20, layers(CLASSIFIER), new Rng(1)))).toThrow('parameters: 1280 floats do not fit a storage of 100');
    const room = new Float32Array(4_000);
    expect(() => parametersIn(room, room, () => parametersIn(room, room, () => 0))).toThrow('parametersIn: calls do not nest');
    expect(new Sequential(20, layers(CLASSIFIER), new Rng(1)).parameters()[0].value.buffer).not.toBe(room.buffer);
  });
});

describe('GradientReplica', () => {
  it('computes from the weights in the shared buffer and leaves its gradient there, as the unsplit model computes them', () => {
    const limits = shardLimits(new Sequential(20, layers(CLASSIFIER), new Rng(1)), 16, 1);
    const buffers = {
      weights: new Float32Array(limits.parameterCount),
      inputs: new Float32Array(limits.rows * limits.inputWidth).map((_, i) => Math.sin(i)),
      targets: new Float32Array(limits.rows).map((_, i) => i % 5),
      gradients: new Float32Array(limits.parameterCount),
    };
    const replica = new GradientReplica(spec(CLASSIFIER), limits, buffers);
    const reference = new Sequential(20, layers(CLASSIFIER), new Rng(3));
    const flat = reference.parameters().map((p) => [...p.value]).flat();
    buffers.weights.set(flat);
    const loss = replica.compute(limits.rows, 0);
    const gradient = new LossGradient(reference, createLoss(CLASSIFIER.loss));
    const expected = gradient.compute(buffers.inputs, buffers.targets, limits.rows, { training: true, rng: new Rng(0) });
    expect(loss).toBe(expected);
    expect([...buffers.gradients]).toEqual(reference.parameters().map((p) => [...p.grad]).flat());
  });
});
