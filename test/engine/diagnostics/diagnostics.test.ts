import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  DIAGNOSTIC_CODES,
  diagnose,
  resolveThresholds,
  type Diagnostic,
  type DiagnosticCode,
  type RunSnapshot,
} from '../../../src/engine/diagnostics';
import { ConfigError } from '../../../src/engine/errors';
import type { EpochRecord, LayerStats, StepRecord } from '../../../src/engine/train/records';

// ── Factories ────────────────────────────────────────────────────────────────
// A healthy run: dense 32 relu (he_normal) → batchnorm → dense 32 relu
// (he_normal) → dropout → dense 3 softmax (glorot_uniform), 8 epochs of 25
// steps, adam lr 0.01, clip norm 1.0. Every diagnostic case below is this run
// with one thing broken.

const STEPS_PER_EPOCH = 25;
const TRAIN_LOSS = [1.0, 0.7, 0.55, 0.45, 0.38, 0.33, 0.3, 0.28, 0.26];
const VALIDATION_LOSS = [1.0, 0.72, 0.58, 0.49, 0.43, 0.39, 0.37, 0.36, 0.35];

function dense(layer: string, overrides: Partial<LayerStats> = {}): LayerStats {
  return {
    layer,
    kind: 'dense',
    activation: 'relu',
    initializer: 'he_normal',
    units: 32,
    weightMean: 0,
    weightStd: 0.3,
    unitSpread: 1.7,
    activationMean: 0.4,
    activationVariance: 0.5,
    preactivationVariance: 1,
    deadFraction: 0.06,
    saturatedFraction: null,
    gradientNorm: 0.1,
    updateRatio: 2e-3,
    distanceFromStart: 0.4,
    ...overrides,
  };
}

/** Layers without a weight matrix or activation: every dense-only statistic is NaN, as the engine records it. */
function other(layer: string, kind: 'batchnorm' | 'dropout', gradientNorm: number): LayerStats {
  return {
    layer,
    kind,
    units: 32,
    weightMean: kind === 'batchnorm' ? 1 : Number.NaN,
    weightStd: kind === 'batchnorm' ? 0.01 : Number.NaN,
    unitSpread: Number.NaN,
    activationMean: 0,
    activationVariance: 1,
    preactivationVariance: Number.NaN,
    deadFraction: null,
    saturatedFraction: null,
    gradientNorm,
    updateRatio: Number.NaN,
    distanceFromStart: Number.NaN,
  };
}

function healthyLayers(): LayerStats[] {
  return [
    dense('0', { gradientNorm: 0.08 }),
    other('1', 'batchnorm', 0.02),
    dense('2', { gradientNorm: 0.12 }),
    other('3', 'dropout', Number.NaN),
    dense('4', { activation: 'softmax', initializer: 'glorot_uniform', units: 3, deadFraction: null, gradientNorm: 0.2 }),
  ];
}

function epochRecord(epoch: number, trainLoss: number, validationLoss: number, accuracy: number): EpochRecord {
  return {
    epoch,
    step: epoch * STEPS_PER_EPOCH,
    trainLoss,
    validationLoss,
    metrics: { accuracy },
    validationMetrics: { accuracy: accuracy - 0.02 },
    learningRate: 0.01,
    layers: healthyLayers(),
  };
}

function steps(count: number, make: (i: number) => Partial<StepRecord>): StepRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const step = i + 1;
    return {
      step,
      epoch: Math.ceil(step / STEPS_PER_EPOCH),
      loss: 0.3,
      learningRate: 0.01,
      gradNormBefore: 0.6,
      gradNormAfter: 0.6,
      clipped: false,
      ...make(i),
    };
  });
}

/** 200 steps: loss falling from 1 to 0.26 with ±0.05 batch noise; every 10th step clipped (10 %). */
function healthySteps(): StepRecord[] {
  return steps(200, (i) => {
    const clipped = i % 10 === 0;
    return {
      loss: 1 - (0.74 * i) / 199 + 0.05 * Math.sin(i),
      gradNormBefore: clipped ? 1.4 : 0.6,
      gradNormAfter: clipped ? 1 : 0.6,
      clipped,
    };
  });
}

function healthy(): RunSnapshot {
  return {
    settings: { optimizer: 'adam', learningRate: 0.01, loss: 'categorical_crossentropy', clip: { method: 'norm', threshold: 1 }, batchSize: 32 },
    epochs: TRAIN_LOSS.map((loss, epoch) => epochRecord(epoch, loss, VALIDATION_LOSS[epoch], 0.5 + epoch * 0.05)),
    recentSteps: healthySteps(),
    classCounts: [100, 100, 100],
  };
}

/** The healthy run with the named layer changed in every epoch (or only where `patch` returns something). */
function withLayer(
  run: RunSnapshot,
  name: string,
  patch: (epoch: EpochRecord) => Partial<LayerStats> | undefined,
): RunSnapshot {
  return {
    ...run,
    epochs: run.epochs.map((epoch) => ({
      ...epoch,
      layers: epoch.layers.map((layer) => (layer.layer === name ? { ...layer, ...patch(epoch) } : layer)),
    })),
  };
}

/** The healthy run with each named layer's gradient norm given per epoch (undefined keeps the healthy one). */
function withGradientNorms(norms: Readonly<Record<string, (epoch: number) => number | undefined>>): RunSnapshot {
  return Object.entries(norms).reduce(
    (run, [name, norm]) =>
      withLayer(run, name, (e) => {
        const gradientNorm = norm(e.epoch);
        return gradientNorm === undefined ? undefined : { gradientNorm };
      }),
    healthy(),
  );
}

function withLosses(run: RunSnapshot, train: readonly number[], validation: readonly number[] = train): RunSnapshot {
  return { ...run, epochs: run.epochs.map((epoch, i) => ({ ...epoch, trainLoss: train[i], validationLoss: validation[i] })) };
}

/** The healthy run with these training losses, 0.34 training and 0.33 validation accuracy, and step losses near ln 3: a network that guesses. */
function atChance(run: RunSnapshot, train: readonly number[]): RunSnapshot {
  const guessing = withLosses(run, train);
  return {
    ...guessing,
    epochs: guessing.epochs.map((epoch) => ({ ...epoch, metrics: { accuracy: 0.34 }, validationMetrics: { accuracy: 0.33 } })),
    recentSteps: healthySteps().map((step, i) => ({ ...step, loss: Math.log(3) + 0.05 * Math.sin(i) })),
  };
}

/** The healthy run with a recurrent layer '0' whose gradient norms through time (10 steps) are `norms(epoch)` (undefined: none recorded that epoch). */
function withThroughTime(norms: (epoch: number) => readonly number[] | undefined, settings: Partial<RunSnapshot['settings']> = {}): RunSnapshot {
  const run = healthy();
  return {
    ...run,
    settings: { ...run.settings, ...settings },
    epochs: run.epochs.map((epoch) => {
      const found = norms(epoch.epoch);
      return found === undefined ? epoch : { ...epoch, throughTime: [{ layer: '0', kind: 'rnn', steps: found.length, norms: found }] };
    }),
  };
}

/** Ten norms falling (or growing) by `factor` per step going back from `last` at the final timestep. */
function geometric(last: number, factor: number): number[] {
  return Array.from({ length: 10 }, (_, t) => last * factor ** (9 - t));
}

const LAST = { step: 200, epoch: 8 } as const;
const INIT = { step: 0, epoch: 0 } as const;

// ── Every code, triggered ───────────────────────────────────────────────────

interface Case {
  readonly name: string;
  readonly run: RunSnapshot;
  /** Every code the run produces, in order; the first is the one under test. */
  readonly codes: readonly DiagnosticCode[];
  readonly expected: Partial<Diagnostic>;
  /** Fragments (or, when `exact`, the whole) of the message. */
  readonly message: readonly string[] | { readonly exact: string };
}

const cases: Case[] = [
  {
    name: 'symmetry: zeros init, units still identical after training',
    // Epoch 0: all weights 0 → spread 0, RMS 0 → ratio 0. After training the
    // rows moved together: spread 0 over RMS √(0.02² + 0.01²) → 0.
    run: withLayer(healthy(), '2', (epoch) => ({
      initializer: 'zeros',
      unitSpread: 0,
      weightMean: epoch.epoch === 0 ? 0 : 0.02,
      weightStd: epoch.epoch === 0 ? 0 : 0.01,
    })),
    codes: ['symmetry'],
    expected: { severity: 'error', layer: '2', subject: 'layer', ...LAST, measured: 0, threshold: 1e-6, fixConcept: 'he_normal' },
    message: ['the 32 units of layer 2', 'at initialization (zeros)', 'after epoch 8', 'tolerance 1e-6'],
  },
  {
    name: 'symmetry: rows equal up to rounding, tanh layer',
    // spread 3e-8 over RMS √(0.3² + 0.4²) = 0.5 → 6e-8 ≤ 1e-6.
    run: withLayer(healthy(), '2', () => ({
      activation: 'tanh',
      initializer: 'constant',
      deadFraction: null,
      saturatedFraction: 0.01,
      unitSpread: 3e-8,
      weightMean: 0.3,
      weightStd: 0.4,
    })),
    codes: ['symmetry'],
    expected: { severity: 'error', layer: '2', measured: 6e-8, fixConcept: 'glorot_uniform' },
    message: ['unit spread ÷ weight RMS 6e-8, tolerance 1e-6'],
  },
  {
    name: 'vanishing-gradients: worst at initialization, ReLU already He',
    // Epoch 0: 1e-6 / 0.05 = 2e-5 < 1e-3, per layer √(2e-5) = 0.00447.
    // Epoch 8: 4e-5 / 0.1 = 4e-4, also below but less extreme.
    run: withGradientNorms({
      '0': (epoch) => (epoch === 0 ? 1e-6 : 4e-5),
      '2': (epoch) => (epoch === 0 ? 1e-4 : 1e-3),
      '4': (epoch) => (epoch === 0 ? 0.05 : 0.1),
    }),
    codes: ['vanishing-gradients'],
    expected: { severity: 'warning', layer: '0', subject: 'layer', ...INIT, measured: expect.closeTo(2e-5, 12), threshold: 1e-3, fixConcept: 'lsuv' },
    message: {
      exact:
        'at initialization the gradient norm falls from 0.05 in output layer 4 to 1e-6 in input layer 0: ratio 2e-5 ' +
        '(threshold 0.001), ×0.00447 per layer over 3 layers with weights; smallest in layer 0 (1e-6)',
    },
  },
  {
    name: 'exploding-gradients: latest epoch, run already clips',
    // 50 / 0.01 = 5000 > 1000, per layer √5000 = 70.7.
    run: withGradientNorms({
      '0': (epoch) => (epoch === 8 ? 50 : undefined),
      '2': (epoch) => (epoch === 8 ? 5 : undefined),
      '4': (epoch) => (epoch === 8 ? 0.01 : undefined),
    }),
    codes: ['exploding-gradients'],
    expected: { severity: 'warning', layer: '0', ...LAST, measured: 5000, threshold: 1000, fixConcept: 'batchnorm' },
    message: ['in epoch 8 the gradient norm grows from 0.01 in output layer 4 to 50 in input layer 0', 'ratio 5000 (threshold 1000)', '×70.7 per layer', 'largest in layer 0 (50)'],
  },
  {
    name: 'vanishing-through-time: an rnn whose gradient halves every step back, worst after training',
    // Epoch 0: ×0.3 per step → 0.3⁹ = 1.97e-5, not below 1e-7. Epoch 8: ×0.1 per step → 1e-9 < 1e-7.
    run: withThroughTime((epoch) => (epoch === 0 ? geometric(0.5, 0.3) : epoch === 8 ? geometric(0.2, 0.1) : undefined)),
    codes: ['vanishing-through-time'],
    expected: { severity: 'warning', layer: '0', subject: 'layer', ...LAST, measured: expect.closeTo(1e-9, 20), threshold: 1e-7, fixConcept: 'lstm' },
    message: {
      exact:
        'in epoch 8 the gradient through time of rnn layer 0 falls from ‖∂L/∂h_10‖ = 0.2 to ‖∂L/∂h_1‖ = 2e-10: ratio 1e-9 (threshold 1e-7), ×0.1 per step over 9 steps',
    },
  },
  {
    name: 'exploding-through-time: an rnn that does not clip, worst at initialization',
    // Epoch 0: ×3 per step → 3⁹ = 19 683 > 1000; epoch 8: ×2 → 512, below.
    run: withThroughTime((epoch) => (epoch === 0 ? geometric(0.5, 3) : epoch === 8 ? geometric(0.5, 2) : undefined), { clip: undefined }),
    codes: ['exploding-through-time'],
    expected: { severity: 'warning', layer: '0', subject: 'layer', ...INIT, measured: expect.closeTo(19683, 6), threshold: 1000, fixConcept: 'norm' },
    message: ['at initialization the gradient through time of rnn layer 0 grows from ‖∂L/∂h_10‖ = 0.5 to ‖∂L/∂h_1‖ = 9840', 'ratio 19700 (threshold 1000)', '×3 per step over 9 steps'],
  },
  {
    name: 'dying-relu: 20 of 32 units dead in the latest epoch',
    // 20/32 = 0.625 → 63 % > 50 %.
    run: withLayer(healthy(), '2', (e) => (e.epoch === 8 ? { deadFraction: 0.625 } : undefined)),
    codes: ['dying-relu'],
    expected: { severity: 'warning', layer: '2', subject: 'layer', ...LAST, measured: 0.625, threshold: 0.5, fixConcept: 'leaky_relu' },
    message: { exact: '20 of the 32 units in layer 2 (63 %) output 0 for every sample of epoch 8 (threshold 50 %)' },
  },
  {
    name: 'saturation: tanh hidden layer, Glorot already',
    run: withLayer(healthy(), '2', (e) => ({
      activation: 'tanh',
      initializer: 'glorot_uniform',
      deadFraction: null,
      saturatedFraction: e.epoch === 8 ? 0.45 : 0.05,
    })),
    codes: ['saturation'],
    expected: { severity: 'warning', layer: '2', ...LAST, measured: 0.45, threshold: 0.3, fixConcept: 'batchnorm' },
    message: {
      exact:
        '45 % of the outputs of tanh layer 2 lie in its flat tails (within 1 % of an asymptote) over epoch 8 (threshold 30 %): their gradient is nearly 0',
    },
  },
  {
    name: 'frequent-clipping: τ far below the typical norm',
    // 184 of 200 steps clipped = 92 %; gradNormBefore is 0.8 on 150 steps, so the median is 0.8.
    run: {
      ...healthy(),
      settings: { ...healthy().settings, clip: { method: 'clip_grad_norm_', threshold: 0.01 } },
      recentSteps: healthySteps().map((step, i) => ({ ...step, clipped: i < 184, gradNormBefore: i < 150 ? 0.8 : 2, gradNormAfter: 0.01 })),
    },
    codes: ['frequent-clipping'],
    expected: { severity: 'warning', subject: 'clip', ...LAST, measured: 0.92, threshold: 0.5, fixConcept: 'norm' },
    message: { exact: 'clipping in 92 % of the last 200 steps — τ=0.01 is below the typical gradient norm 0.8 (flagged above 50 % of steps)' },
  },
  {
    name: 'divergence: gradients of layer 2 went infinite, run clips already',
    run: { ...healthy(), divergence: { step: 212, epoch: 9, quantity: 'gradients', layer: '2', value: Number.POSITIVE_INFINITY } },
    codes: ['divergence'],
    expected: { severity: 'error', layer: '2', subject: 'layer', step: 212, epoch: 9, measured: Number.POSITIVE_INFINITY, fixConcept: 'warmup' },
    message: ['training diverged at step 212 of epoch 9: the gradients became Infinity, first in layer 2', '|x| ≤ 3.4e38', 'learning rate 0.01'],
  },
  {
    name: 'divergence: the loss went NaN, no clipping',
    run: {
      ...healthy(),
      settings: { ...healthy().settings, clip: undefined },
      divergence: { step: 30, epoch: 2, quantity: 'loss', value: Number.NaN },
    },
    codes: ['divergence'],
    expected: { severity: 'error', subject: 'optimizer', step: 30, epoch: 2, fixConcept: 'norm' },
    message: ['at step 30 of epoch 2: the loss became NaN ('],
  },
  {
    name: 'lr-too-high: an epoch ends worse than the start',
    // Worst epoch 2: 2.5 / 1.0 = 2.5 > 1.5. Validation follows the training loss.
    run: withLosses(healthy(), [1.0, 1.8, 2.5, 2.2, 2.0, 1.9, 1.95, 2.0, 2.1]),
    codes: ['lr-too-high'],
    expected: { severity: 'warning', subject: 'optimizer', step: 50, epoch: 2, measured: 2.5, threshold: 1.5, fixConcept: 'warmup' },
    message: { exact: 'the training loss in epoch 2 was 2.5, 2.5× the loss at initialization 1 (threshold 1.5×), at learning rate 0.01' },
  },
  {
    name: 'lr-too-high: step losses swing above the start',
    // Half the steps at 0.2, half at 2.4: upper quartile 2.4 = 2.4 × ℓ₀.
    run: { ...healthy(), recentSteps: healthySteps().map((step, i) => ({ ...step, loss: i % 2 === 0 ? 0.2 : 2.4 })) },
    codes: ['lr-too-high'],
    expected: { severity: 'warning', ...LAST, measured: 2.4, threshold: 1.5 },
    message: ['a quarter of the last 200 steps had a loss above 2.4, 2.4× the loss at initialization 1 (threshold 1.5×)'],
  },
  {
    name: 'lr-too-high: recent loss trend rising',
    // Straight line 0.3 → 0.6 over 200 steps: the fit rises 0.3 = 30 % of ℓ₀ = 1 > 25 %;
    // upper quartile 0.3 + 0.3·0.75 = 0.525 stays below 1.5.
    run: { ...healthy(), recentSteps: healthySteps().map((step, i) => ({ ...step, loss: 0.3 + (0.3 * i) / 199 })) },
    codes: ['lr-too-high'],
    expected: { severity: 'warning', ...LAST, threshold: 0.25 },
    message: { exact: 'the loss trend rose by 0.3 over the last 200 steps (least-squares line), 30 % of the loss at initialization 1 (threshold 25 %), at learning rate 0.01' },
  },
  {
    name: 'plateau: the loss stands at ln 2',
    // Epochs 3–8: max 0.6932, min 0.6931, mean 0.69312 → 1e-4 / 0.69312 = 0.014 % < 0.1 %.
    run: withLosses(healthy(), [1.0, 0.8, 0.7, 0.6931, 0.6931, 0.6932, 0.6931, 0.6931, 0.6931], [1.0, 0.81, 0.71, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]),
    codes: ['plateau'],
    expected: { severity: 'info', subject: 'optimizer', ...LAST, threshold: 1e-3, fixConcept: 'reduce_on_plateau' },
    message: { exact: 'the training loss stayed at 0.693 from epoch 3 to epoch 8: it moved by 0.014 % over those 5 epochs (threshold 0.1 %)' },
  },
  {
    name: 'chance-level: the loss sits at ln 3 and the accuracy at 1/3',
    // Last three epochs 1.1, 1.097, 1.099 against ln 3 = 1.0986: at most |1.097 − 1.0986| / 1.0986 = 0.15 % < 10 %;
    // every trained epoch is within 10 % (1.2 is 9.2 % above); validation accuracy 0.33 < 1/3 + 0.1.
    run: atChance(healthy(), [1.3, 1.2, 1.15, 1.11, 1.1, 1.099, 1.1, 1.097, 1.099]),
    codes: ['chance-level'],
    expected: { severity: 'warning', subject: 'optimizer', ...LAST, measured: expect.closeTo(Math.abs(1.097 - Math.log(3)) / Math.log(3), 12), threshold: 0.1, fixConcept: 'warmup' },
    message: {
      exact:
        'the training loss has stayed near 1.1 for 8 epochs (epochs 1–8, 1.1 in epoch 8), the cross-entropy of guessing each of the 3 classes with probability 1/3 (ln 3 = 1.1): ' +
        'within 0.15 % of it over the last 3 epochs (threshold 10 %); validation accuracy 0.33 against 0.333 for the guess (margin 0.1); the network predicts the same distribution whatever the input',
    },
  },
  {
    name: 'init-mismatch: Glorot with ReLU, He (by its PyTorch alias) with tanh',
    run: withLayer(withLayer(healthy(), '0', () => ({ initializer: 'glorot_uniform' })), '2', () => ({
      activation: 'Tanh',
      initializer: 'kaiming_normal',
      deadFraction: null,
      saturatedFraction: 0.02,
    })),
    codes: ['init-mismatch', 'init-mismatch'],
    expected: { severity: 'info', layer: '0', subject: 'layer', ...INIT, measured: 1, threshold: 2, fixConcept: 'he_normal' },
    message: { exact: 'layer 0 uses glorot_uniform (Var(W) = 2/(n_in + n_out), scale 1) with relu, which needs scale 2 (Var(W) = 2/n_in): the signal variance roughly halves at each ReLU layer, so activations and gradients shrink with depth' },
  },
  {
    name: 'overfitting: validation loss rising since epoch 3',
    // Best validation 0.5 at epoch 3; epochs 6–8 (0.6, 0.65, 0.7) all stay ≥ 0.1 above it = 10 % of ℓ₀ = 1 > 5 %; training fell 0.45 → 0.26.
    run: withLosses(healthy(), TRAIN_LOSS, [1.0, 0.7, 0.55, 0.5, 0.52, 0.56, 0.6, 0.65, 0.7]),
    codes: ['overfitting'],
    expected: { severity: 'warning', subject: 'train', ...LAST, measured: expect.closeTo(0.1, 12), threshold: 0.05, fixConcept: 'dropout' },
    message: [
      'the validation loss rose from 0.5 at epoch 3 to 0.7 at epoch 8, at least 0.1 above it in each of epochs 6–8',
      '(10 % of the initial loss 1; threshold 5 % over 3 epochs) while the training loss fell from 0.45 to 0.26',
    ],
  },
  {
    name: 'overfitting: validation loss far above training loss',
    // Epochs 6–8: 0.62/0.3 = 2.07, 0.6/0.28 = 2.14, 0.58/0.26 = 2.23, all > 2; the smallest difference 0.32 > 0.05 · 1.
    run: withLosses(healthy(), TRAIN_LOSS, [1.0, 0.8, 0.7, 0.66, 0.63, 0.64, 0.62, 0.6, 0.58]),
    codes: ['overfitting'],
    expected: { severity: 'warning', ...LAST, threshold: 2 },
    message: { exact: 'in each of epochs 6–8 the validation loss was at least 2.07× the training loss (0.58 against 0.26 at epoch 8; threshold 2× over 3 epochs)' },
  },
  {
    name: 'update-ratio: every step rewrites a third of a layer',
    // ‖ΔW‖/‖W‖ = 0.35 in the last epoch > 0.1; earlier epochs do not count.
    run: withLayer(healthy(), '2', (epoch) => (epoch.epoch === 8 ? { updateRatio: 0.35 } : { updateRatio: 5 })),
    codes: ['update-ratio'],
    expected: { severity: 'warning', subject: 'layer', layer: '2', ...LAST, measured: 0.35, threshold: 0.1, fixConcept: 'warmup' },
    message: {
      exact: "layer 2's weights moved by 0.35 of their norm per step in epoch 8 (‖ΔW‖ / ‖W‖, above 0.1; about 1e-3 is healthy): each step rewrites much of what the layer learned",
    },
  },
  {
    name: 'update-ratio: a layer that never moved much',
    // Largest ratio over epochs 1–8 is epoch 4's 8e-7 < 1e-5.
    run: withLayer(healthy(), '0', (epoch) => ({ updateRatio: epoch.epoch === 4 ? 8e-7 : 2e-7 })),
    codes: ['update-ratio'],
    expected: { severity: 'info', layer: '0', step: 100, epoch: 4, measured: 8e-7, threshold: 1e-5, fixConcept: 'adam' },
    message: { exact: "layer 0's weights moved by at most 8e-7 of their norm per step (largest in epoch 4; ‖ΔW‖ / ‖W‖, below 1e-5; about 1e-3 is healthy): the layer barely learns" },
  },
];

describe('diagnose', () => {
  it('finds nothing wrong with a healthy run', () => {
    expect(diagnose(healthy())).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = diagnose(c.run);
    expect(found.map((d) => d.code)).toEqual(c.codes);
    const diagnostic = found[0];
    expect(diagnostic).toMatchObject({ code: c.codes[0], ...c.expected });
    if ('exact' in c.message) {
      expect(diagnostic.message).toBe(c.message.exact);
    } else {
      for (const fragment of c.message) expect(diagnostic.message).toContain(fragment);
    }
    expect(diagnostic.fix.length).toBeGreaterThan(0);
  });

  it('covers every code with a case', () => {
    const covered = new Set(cases.map((c) => c.codes[0]));
    expect(DIAGNOSTIC_CODES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('reports the measured figures to full precision', () => {
    const [trend] = diagnose(cases.find((c) => c.name.includes('trend rising'))!.run);
    expect(trend.measured).toBeCloseTo(0.3, 12);
    const [plateau] = diagnose(cases.find((c) => c.name.startsWith('plateau'))!.run);
    expect(plateau.measured).toBeCloseTo(1e-4 / ((0.6931 * 5 + 0.6932) / 6), 9);
    const [gap] = diagnose(cases.find((c) => c.name.includes('far above'))!.run);
    expect(gap.measured).toBeCloseTo(0.62 / 0.3, 12);
  });
});

// ── Each rule's edges ───────────────────────────────────────────────────────

/** The codes `run` produces. */
const codesOf = (run: RunSnapshot, thresholds = {}) => diagnose(run, thresholds).map((d) => d.code);

describe('symmetry', () => {
  it.each([
    ['dropout broke the tie', (e: EpochRecord) => ({ initializer: 'zeros', unitSpread: e.epoch === 0 ? 0 : 0.4, weightStd: e.epoch === 0 ? 0 : 0.1 })],
    ['a single unit is trivially "identical"', () => ({ initializer: 'zeros', units: 1, unitSpread: 0, weightStd: 0 })],
    ['random rows: spread 1.7 over RMS 0.3', () => ({})],
  ])('is silent when %s', (_name, patch) => {
    expect(codesOf(withLayer(healthy(), '2', patch))).not.toContain('symmetry');
  });

  it('needs a trained epoch to say the units stay identical', () => {
    const atInit = withLayer(healthy(), '2', () => ({ initializer: 'zeros', unitSpread: 0, weightStd: 0 }));
    expect(codesOf({ ...atInit, epochs: atInit.epochs.slice(0, 1) })).toEqual([]);
  });
});

describe('vanishing and exploding gradients', () => {
  it.each([
    ['relu with Glorot: He is the fix', { activation: 'relu', initializer: 'glorot_uniform' }, 'he_normal'],
    ['sigmoid: batch normalization is the fix', { activation: 'sigmoid', initializer: 'glorot_uniform', deadFraction: null, saturatedFraction: 0 }, 'batchnorm'],
  ] as const)('vanishing, %s', (_name, hidden, fixConcept) => {
    let run = withLayer(healthy(), '0', () => ({ ...hidden, gradientNorm: 1e-7 }));
    run = withLayer(run, '2', () => ({ ...hidden }));
    const found = diagnose(run).find((d) => d.code === 'vanishing-gradients');
    expect(found?.fixConcept).toBe(fixConcept);
  });

  it('exploding without clipping suggests clipping the norm', () => {
    const run = withLayer({ ...healthy(), settings: { ...healthy().settings, clip: undefined } }, '0', () => ({ gradientNorm: 500 }));
    expect(diagnose(run).find((d) => d.code === 'exploding-gradients')?.fixConcept).toBe('norm');
  });

  it('reads a first-layer norm of 0 as vanished, and skips an output norm of 0', () => {
    expect(codesOf(withLayer(healthy(), '0', () => ({ gradientNorm: 0 })))).toEqual(['vanishing-gradients']);
    expect(codesOf(withLayer(healthy(), '4', () => ({ gradientNorm: 0 })))).toEqual([]);
  });
});

describe('dying-relu and saturation', () => {
  it('flags only above the threshold (50 % exactly is not)', () => {
    expect(codesOf(withLayer(healthy(), '2', () => ({ deadFraction: 0.5 })))).toEqual([]);
  });

  it('calls never-positive leaky units nearly idle only when their slope is shallow, and never dead', () => {
    const neverPositive = (patch: Partial<LayerStats>) => diagnose(withLayer(healthy(), '0', () => ({ ...patch, deadFraction: 0.9 }))).filter((d) => d.code === 'dying-relu');
    // Slope 0.01: the units learn from a hundredth of their gradient.
    const [shallow] = neverPositive({ activation: 'leaky_relu', negativeSlope: 0.01 });
    expect(shallow).toMatchObject({ severity: 'info', fixConcept: 'leaky_relu' });
    expect(shallow.message).toBe(
      '29 of the 32 units in layer 0 (90 %) were below 0 for every sample of epoch 8 (threshold 50 %): with the leaky slope 0.01 they still learn, but from 0.01 of their gradient',
    );
    expect(shallow.fix).toContain('use a steeper leaky slope in layer 0, such as leaky_relu(0.1)');
    // Slope 0.2 (units alive, as a leaky_relu(0.2) layer at 99 % accuracy is), elu, and a leaky record that does not say its slope: nothing.
    expect(neverPositive({ activation: 'leaky_relu', negativeSlope: 0.2 })).toEqual([]);
    expect(neverPositive({ activation: 'elu' })).toEqual([]);
    expect(neverPositive({ activation: 'leaky_relu' })).toEqual([]);
    // Plain ReLU: dead, a warning, and leaky_relu is the fix.
    const [dead] = neverPositive({ activation: 'relu', negativeSlope: 0 });
    expect(dead).toMatchObject({ severity: 'warning', fixConcept: 'leaky_relu' });
    expect(dead.message).toBe('29 of the 32 units in layer 0 (90 %) output 0 for every sample of epoch 8 (threshold 50 %)');
  });

  it('ignores a saturated sigmoid output under cross-entropy, not under MSE', () => {
    const run = withLayer(healthy(), '4', () => ({ activation: 'sigmoid', units: 1, saturatedFraction: 0.9 }));
    expect(codesOf(run)).toEqual([]);
    const found = diagnose({ ...run, settings: { ...run.settings, loss: 'mse' } });
    expect(found.map((d) => [d.code, d.layer, d.fixConcept])).toEqual([['saturation', '4', 'batchnorm']]);
  });

  it('one diagnostic per layer, ordered by layer position', () => {
    let run = healthy();
    const layers = ['10', '2', '0'].map((name) => dense(name, { deadFraction: 0.8 }));
    run = { ...run, epochs: run.epochs.map((e) => ({ ...e, layers: [...layers, dense('11', { activation: 'softmax', units: 3, initializer: 'glorot_uniform', deadFraction: null })] })) };
    expect(diagnose(run).map((d) => `${d.code}@${d.layer}`)).toEqual(['dying-relu@0', 'dying-relu@2', 'dying-relu@10']);
  });
});

describe('frequent-clipping', () => {
  const allClipped = (count: number) => ({ ...healthy(), recentSteps: healthySteps().slice(0, count).map((s) => ({ ...s, clipped: true })) });

  it('needs at least minWindowSteps steps', () => {
    expect(codesOf(allClipped(49))).toEqual([]);
    expect(codesOf(allClipped(50))).toEqual(['frequent-clipping']);
    expect(codesOf(allClipped(49), { minWindowSteps: 40 })).toEqual(['frequent-clipping']);
  });

  it('flags only above the fraction (half the steps is not)', () => {
    const half = { ...healthy(), recentSteps: healthySteps().map((s, i) => ({ ...s, clipped: i % 2 === 0 })) };
    expect(codesOf(half)).toEqual([]);
  });

  it('compares τ with ‖g‖ only for global-norm clipping', () => {
    const run = { ...allClipped(100), settings: { ...healthy().settings, clip: { method: 'value', threshold: 0.5 } } };
    const [found] = diagnose(run);
    // Median of 100 steps: 90 at 0.6, 10 at 1.4 → 0.6.
    expect(found.message).toBe('clipping in 100 % of the last 100 steps — typical gradient norm 0.6, value τ=0.5 (flagged above 50 % of steps)');
    expect(found.fixConcept).toBe('value');
  });
});

describe('divergence and lr-too-high', () => {
  it('names no layer when only the loss went non-finite', () => {
    const [found] = diagnose({ ...healthy(), divergence: { step: 30, epoch: 2, quantity: 'loss', value: Number.NaN } });
    expect(found.layer).toBeUndefined();
    expect(found.measured).toBeNaN();
  });

  it('reports only divergence once the run went non-finite', () => {
    const rising = withLosses(healthy(), [1.0, 1.8, 2.5, 2.2, 2.0, 1.9, 1.95, 2.0, 2.1]);
    expect(codesOf({ ...rising, divergence: { step: 201, epoch: 9, quantity: 'loss', value: Number.NaN } })).toEqual(['divergence']);
  });

  it('judges step losses only with a full enough window', () => {
    const swinging = { ...healthy(), recentSteps: healthySteps().slice(0, 49).map((s, i) => ({ ...s, loss: i % 2 ? 2.4 : 0.2 })) };
    expect(codesOf(swinging)).toEqual([]);
  });

  it('judges a continued run against the untrained network, not against its already trained start', () => {
    // A second `train` starts at 0.05, the first run's end; epoch losses 0.05 → 0.09 look like a rise
    // of 1.8× its own start (> 1.5×) but stay far below the untrained network's 1.0.
    const continued = withLosses(healthy(), [0.05, 0.06, 0.09, 0.08, 0.07, 0.07, 0.06, 0.06, 0.06]);
    expect(codesOf(continued)).toContain('lr-too-high');
    expect(codesOf({ ...continued, initialLoss: 1.0 })).not.toContain('lr-too-high');
    // Still flagged, and said so, when the continued run really does end worse than the untrained network.
    const [rising] = diagnose({ ...withLosses(healthy(), [0.05, 1.8, 2.5, 2.2, 2.0, 1.9, 1.95, 2.0, 2.1]), initialLoss: 1.0 });
    expect(rising.message).toBe(
      "the training loss in epoch 2 was 2.5, 2.5× the untrained network's loss 1 (before the earlier runs it continues) (threshold 1.5×), at learning rate 0.01",
    );
  });

  it('names the optimizer when the run already warms up', () => {
    const run = withLosses({ ...healthy(), settings: { ...healthy().settings, schedule: 'linear_warmup' } }, [1.0, 1.8, 2.5, 2.2, 2.0, 1.9, 1.95, 2.0, 2.1]);
    expect(diagnose(run)[0].fixConcept).toBe('adam');
  });
});

describe('update-ratio', () => {
  it('judges neither epoch 0, nor a ratio that could not be measured, nor a diverged run', () => {
    const onlyInit = { ...healthy(), epochs: healthy().epochs.slice(0, 1) };
    expect(codesOf(withLayer(onlyInit, '0', () => ({ updateRatio: 5 })))).toEqual([]);
    expect(codesOf(withLayer(healthy(), '0', () => ({ updateRatio: Number.NaN })))).toEqual([]);
    const diverged = { ...withLayer(healthy(), '0', () => ({ updateRatio: 5 })), divergence: { step: 201, epoch: 9, quantity: 'loss' as const, value: Number.NaN } };
    expect(codesOf(diverged)).toEqual(['divergence']);
  });

  it('does not mistake a schedule annealed to a tiny rate for a layer that never learned', () => {
    const annealed = withLayer(healthy(), '0', (epoch) => ({ updateRatio: epoch.epoch < 8 ? 1e-3 : 1e-7 }));
    expect(codesOf(annealed)).toEqual([]);
  });

  it('reads its thresholds from the settings', () => {
    const brisk = withLayer(healthy(), '0', () => ({ updateRatio: 0.05 }));
    expect(codesOf(brisk)).toEqual([]);
    expect(codesOf(brisk, { updateRatioHigh: 0.01 })).toEqual(['update-ratio']);
  });
});

describe('plateau', () => {
  const flat = withLosses(healthy(), [1.0, 0.8, 0.7, 0.6931, 0.6931, 0.6932, 0.6931, 0.6931, 0.6931], [1.0, 0.81, 0.71, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]);

  it.each([
    ['the accuracy is perfect', { ...flat, epochs: flat.epochs.map((e) => ({ ...e, metrics: { acc: 1 } })) }],
    ['the loss is near zero (below 1 % of ℓ₀)', withLosses(healthy(), [1, 0.5, 0.1, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005])],
    ['fewer than plateauEpochs + 1 epochs', { ...flat, epochs: flat.epochs.slice(3, 8) }],
  ])('is silent when %s', (_name, run) => {
    expect(codesOf(run)).not.toContain('plateau');
  });

  it('catches a network that never learned, from epoch 0 on', () => {
    const stuck = withLosses(healthy(), Array(9).fill(1.0986), Array(9).fill(1.0986));
    expect(codesOf({ ...stuck, epochs: stuck.epochs.slice(0, 6) })).toEqual(['plateau']);
  });

  it('suggests adam when reduce_on_plateau is already on and the optimizer is plain SGD', () => {
    const run = { ...flat, settings: { ...flat.settings, optimizer: 'sgd', schedule: 'ReduceLROnPlateau' } };
    expect(diagnose(run)[0]).toMatchObject({ subject: 'schedule', fixConcept: 'adam' });
  });
});

describe('chance-level', () => {
  const stuck = atChance(healthy(), Array(9).fill(Math.log(3)));
  const chance = (run: RunSnapshot, thresholds = {}) => diagnose(run, thresholds).find((d) => d.code === 'chance-level');

  it.each([
    // ln 3 until epoch 5, then 0.6, 0.4, 0.3: the last three epochs are 45–73 % below the guess
    ['the run starts at chance and then learns', atChance(healthy(), [1.0986, 1.0986, 1.0986, 1.0986, 1.0986, 1.0986, 0.6, 0.4, 0.3])],
    // 0.44 > 1/3 + 0.1: the loss is the guess's but the predictions are not
    ['the accuracy is above chance by more than the margin', { ...stuck, epochs: stuck.epochs.map((e) => ({ ...e, validationMetrics: { accuracy: 0.44 } })) }],
    ['fewer than chanceEpochs trained epochs', { ...stuck, epochs: stuck.epochs.slice(0, 3) }],
    ['the labels are unknown', { ...stuck, classCounts: undefined }],
    ['the loss is not a cross-entropy', { ...stuck, settings: { ...stuck.settings, loss: 'mse' } }],
    ['the run diverged', { ...stuck, divergence: { step: 200, epoch: 8, quantity: 'loss', value: Number.NaN } } as RunSnapshot],
    // 1.22 is 11 % above ln 3 in epoch 8
    ['the last epoch leaves the margin', atChance(healthy(), [...Array(8).fill(Math.log(3)), 1.22])],
  ])('is silent when %s', (_name, run) => {
    expect(codesOf(run)).not.toContain('chance-level');
  });

  it('stands in for plateau when the flat loss is the guess', () => {
    // ln 3 in every epoch: a spread of 0 (plateau) at the loss of the guess (chance-level), which is the one reported
    expect(codesOf(stuck)).toEqual(['chance-level']);
    expect(codesOf(stuck, { chanceAccuracyMargin: 0 })).toEqual(['chance-level']);
    // 0.44 > 1/3 + 0.1: not a guess, so plateau is back
    expect(codesOf({ ...stuck, epochs: stuck.epochs.map((e) => ({ ...e, validationMetrics: { accuracy: 0.44 } })) })).toEqual(['plateau']);
  });

  it('judges the training accuracy when there is no validation split', () => {
    const trainOnly = { ...stuck, epochs: stuck.epochs.map((e) => ({ ...e, validationLoss: undefined, validationMetrics: {} })) };
    expect(chance(trainOnly)?.message).toContain('training accuracy 0.34 against 0.333 for the guess');
  });

  it('measures a binary classifier against the class prior, −p ln p − (1−p) ln(1−p)', () => {
    // p = 100/400 = 0.25: 0.25·ln 4 + 0.75·ln(4/3) = 0.5623; the guess's accuracy is 0.75
    const prior = -0.25 * Math.log(0.25) - 0.75 * Math.log(0.75);
    const binary = atChance({ ...healthy(), classCounts: [300, 100], settings: { ...healthy().settings, loss: 'binary_crossentropy' } }, Array(9).fill(prior));
    const found = chance({ ...binary, epochs: binary.epochs.map((e) => ({ ...e, validationMetrics: { accuracy: 0.75 } })) });
    expect(found?.message).toContain('guessing the positive class with its frequency p = 0.25 (−p ln p − (1−p) ln(1−p) = 0.562)');
    expect(found?.message).toContain('validation accuracy 0.75 against 0.75 for the guess');
    // the uniform 1/2 would be ln 2 = 0.693, 23 % above: a binary run at ln 2 is worse than the guess, not at it
    expect(codesOf(atChance({ ...binary }, Array(9).fill(Math.log(2))))).not.toContain('chance-level');
  });

  it('counts the classes that occur: sequence labels that never use class 0 guess among the other 8', () => {
    const reversal = atChance({ ...healthy(), classCounts: [0, ...Array(8).fill(1000)] }, Array(9).fill(Math.log(8)));
    const found = chance({ ...reversal, epochs: reversal.epochs.map((e) => ({ ...e, validationMetrics: { accuracy: 0.2 } })) });
    expect(found?.message).toContain('guessing each of the 8 classes with probability 1/8 (ln 8 = 2.08)');
  });

  it('points to the cause another diagnostic found instead of repeating its fix', () => {
    const vanishing = withLayer(stuck, '0', () => ({ initializer: 'glorot_uniform', gradientNorm: 1e-7 }));
    const found = diagnose(vanishing);
    expect(found.map((d) => d.code)).toEqual(expect.arrayContaining(['vanishing-gradients', 'chance-level']));
    expect(chance(vanishing)).toMatchObject({ fixConcept: 'he_normal', fix: expect.stringContaining('follow the fix of vanishing-gradients') });
  });

  it('suggests warmup for attention blocks started at the full rate, and the optimizer once they warm up', () => {
    const attention = withLayer(stuck, '2', () => ({ kind: 'attention', activation: undefined }));
    expect(chance(attention)).toMatchObject({ fixConcept: 'warmup', fix: expect.stringContaining('norm=post') });
    const warmed = { ...attention, settings: { ...attention.settings, schedule: 'warmup' } };
    expect(chance(warmed)).toMatchObject({ fixConcept: 'adam', fix: expect.stringContaining('lower the learning rate (now 0.01), for example to 0.001') });
  });

  it('suggests a higher learning rate when the weights barely move', () => {
    // ‖ΔW‖/‖W‖ = 2e-5 per step: below the 1e-3 rule of thumb, above update-ratio's 1e-5
    const slow = ['0', '2', '4'].reduce((run, layer) => withLayer(run, layer, () => ({ updateRatio: 2e-5 })), stuck);
    expect(chance(slow)).toMatchObject({ fixConcept: 'adam', fix: expect.stringContaining('raise the learning rate (now 0.01') });
  });

  it('suggests comparing rates around the current one when no update ratio was measured', () => {
    const unmeasured = ['0', '2', '4'].reduce((run, layer) => withLayer(run, layer, () => ({ updateRatio: Number.NaN })), stuck);
    expect(chance(unmeasured)).toMatchObject({ fixConcept: 'adam', fix: expect.stringContaining('compare lr=[0.001, 0.01, 0.1]') });
  });

  it('reads its thresholds', () => {
    expect(codesOf(stuck, { chanceEpochs: 9 })).not.toContain('chance-level');
    expect(codesOf(atChance(healthy(), Array(9).fill(1.0)), { chanceLossMargin: 0.05 })).not.toContain('chance-level');
    expect(codesOf(atChance(healthy(), Array(9).fill(1.0)))).toContain('chance-level');
    expect(codesOf(stuck, { chanceAccuracyMargin: 0 })).toContain('chance-level');
  });
});

describe('init-mismatch', () => {
  it('reports He under tanh with the scale it needs', () => {
    const found = diagnose(cases.find((c) => c.name.startsWith('init-mismatch'))!.run)[1];
    expect(found).toMatchObject({ layer: '2', measured: 2, threshold: 1, fixConcept: 'glorot_uniform' });
    expect(found.message).toContain('layer 2 uses he_normal (Var(W) = 2/n_in, scale 2) with tanh, which needs scale 1 (Var(W) = 2/(n_in + n_out))');
  });

  it('needs only epoch 0 and ignores initializers whose variance the name does not tell', () => {
    const run = withLayer(withLayer(healthy(), '0', () => ({ initializer: 'lecun_normal' })), '2', () => ({ initializer: 'orthogonal' }));
    expect(codesOf({ ...run, epochs: run.epochs.slice(0, 1), recentSteps: [] }).filter((c) => c === 'init-mismatch')).toHaveLength(1);
  });
});

describe('overfitting', () => {
  it('ignores a gap that is small next to the initial loss', () => {
    // val/train = 0.03/0.01 = 3 > 2, but 0.03 − 0.01 = 0.02 < 0.05 · 1.
    const run = withLosses(healthy(), [1, 0.5, 0.2, 0.1, 0.05, 0.03, 0.02, 0.015, 0.01], [1, 0.5, 0.21, 0.11, 0.06, 0.04, 0.03, 0.03, 0.03]);
    expect(codesOf(run)).toEqual([]);
  });

  it('leaves a diverged run to the divergence diagnostic', () => {
    // the same rising validation curve as the case above that is flagged, but the run blew up
    const run = withLosses(healthy(), [1, 0.5, 0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.05], [1, 0.5, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(codesOf(run)).toContain('overfitting');
    const diverged = { ...run, divergence: { step: 80, epoch: 8, quantity: 'loss' as const, value: Number.NaN } };
    expect(codesOf(diverged)).not.toContain('overfitting');
  });

  it('takes a spike in the last epoch for noise: both rules need the last 3 epochs', () => {
    // Rule 2: 0.9 / 0.26 = 3.5 in epoch 8 alone (epoch 7: 0.36 / 0.28 = 1.3).
    expect(codesOf(withLosses(healthy(), TRAIN_LOSS, [...VALIDATION_LOSS.slice(0, 8), 0.9]))).not.toContain('overfitting');
    // Rule 1: 0.8 in epoch 8 is 0.3 above the best 0.5 of epoch 3, but epochs 6 and 7 are within 0.02 of it.
    const spike = withLosses(healthy(), TRAIN_LOSS, [1.0, 0.7, 0.55, 0.5, 0.52, 0.51, 0.52, 0.51, 0.8]);
    expect(codesOf(spike)).not.toContain('overfitting');
    // The same rise held over epochs 6–8 is overfitting.
    expect(codesOf(withLosses(healthy(), TRAIN_LOSS, [1.0, 0.7, 0.55, 0.5, 0.52, 0.51, 0.8, 0.8, 0.8]))).toContain('overfitting');
    // With overfittingEpochs 1 the last epoch alone decides, as a single spike then counts.
    expect(codesOf(spike, { overfittingEpochs: 1 })).toContain('overfitting');
  });

  it('needs the training loss still falling for a rising validation loss', () => {
    const run = withLosses(healthy(), [1, 0.7, 0.5, 0.45, 0.46, 0.47, 0.48, 0.49, 0.5], [1, 0.72, 0.6, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]);
    expect(codesOf(run)).not.toContain('overfitting');
  });
});

// ── Partial and odd runs ────────────────────────────────────────────────────

describe('partial runs', () => {
  it.each([
    ['nothing recorded yet', { ...healthy(), epochs: [], recentSteps: [] }],
    ['only epoch 0', { ...healthy(), epochs: healthy().epochs.slice(0, 1), recentSteps: [] }],
    ['a run without validation split', { ...healthy(), epochs: healthy().epochs.map(({ validationLoss: _v, ...e }) => e) }],
    [
      'NaN statistics everywhere',
      withLayer(withLayer(healthy(), '0', () => ({ gradientNorm: Number.NaN, unitSpread: Number.NaN, deadFraction: Number.NaN })), '2', () => ({ weightStd: Number.NaN })),
    ],
    ['a zero initial loss', withLosses(healthy(), [0, 0, 0, 0, 0, 0, 0, 0, 0])],
  ])('%s: no diagnostics, no exception', (_name, run) => {
    expect(diagnose(run)).toEqual([]);
  });
});

describe('ordering', () => {
  it('sorts by code order, then layer', () => {
    let run = withLayer(healthy(), '0', () => ({ initializer: 'glorot_uniform', deadFraction: 0.9 }));
    run = withLayer(run, '2', () => ({ deadFraction: 0.7 }));
    run = { ...run, divergence: { step: 201, epoch: 9, quantity: 'weights', layer: '0', value: Number.NaN } };
    expect(diagnose(run).map((d) => `${d.code}@${d.layer ?? '-'}`)).toEqual(['dying-relu@0', 'dying-relu@2', 'divergence@0', 'init-mismatch@0']);
  });
});

// ── Thresholds ──────────────────────────────────────────────────────────────

describe('thresholds', () => {
  it('defaults are the documented ones', () => {
    expect(resolveThresholds()).toEqual(DEFAULT_THRESHOLDS);
    expect(DEFAULT_THRESHOLDS).toMatchObject({ deadFraction: 0.5, saturatedFraction: 0.3, clippingFraction: 0.5, minWindowSteps: 50, plateauEpochs: 5, plateauChange: 1e-3 });
    expect(Object.isFrozen(DEFAULT_THRESHOLDS)).toBe(true);
  });

  it('an override moves the line', () => {
    const someDead = withLayer(healthy(), '2', () => ({ deadFraction: 0.4 }));
    expect(codesOf(someDead)).toEqual([]);
    const [found] = diagnose(someDead, { deadFraction: 0.3 });
    expect(found).toMatchObject({ code: 'dying-relu', measured: 0.4, threshold: 0.3 });
    expect(found.message).toContain('(threshold 30 %)');
    expect(codesOf(withLayer(healthy(), '2', () => ({ deadFraction: 0.625 })), { deadFraction: 0.7 })).toEqual([]);
  });

  it.each([
    [{ deadFraction: 1.5 }, 'diagnostics: dead_fraction must be in [0, 1), got 1.5'],
    [{ vanishingRatio: 0 }, 'diagnostics: vanishing_ratio must be in (0, 1), got 0'],
    [{ explodingRatio: 1 }, 'diagnostics: exploding_ratio must be > 1, got 1'],
    [{ plateauEpochs: 2.5 }, 'diagnostics: plateau_epochs must be a whole number, got 2.5'],
    [{ minWindowSteps: 1 }, 'diagnostics: min_window_steps must be ≥ 2, got 1'],
    [{ lossRiseFactor: Number.NaN }, 'diagnostics: loss_rise_factor must be a finite number, got NaN'],
    [{ deadFractoin: 0.2 }, "diagnostics: unknown parameter 'deadFractoin' (did you mean 'deadFraction'?)"],
  ])('rejects %o', (thresholds, message) => {
    expect(() => diagnose(healthy(), thresholds as never)).toThrow(ConfigError);
    expect(() => diagnose(healthy(), thresholds as never)).toThrow(message);
  });
});
