import { logistic } from '../activations';
import { boolean, ParamSchema, type Options } from '../params';
import { defineEntry } from '../registry';
import { clamp, parameterlessLoss, PROBABILITY_EPSILON as EPS, type Loss, type LossEntry } from './loss';
import { checkBatch, targetAt, type TargetLayout } from './targets';

/**
 * Probabilistic losses: negative log-likelihoods of the targets under the
 * predicted distribution, and the KL divergence. Probabilities are clamped to
 * [ε, 1 − ε] before the log as Keras does; where a clamp is active the
 * gradient is 0, the derivative of the clamped value (TensorFlow's clip rule).
 * Training on softmax/sigmoid outputs avoids that flat region through the
 * fused gradient.
 */

function fromLogitsSchema(owner: string, fromLogits: boolean) {
  return new ParamSchema(owner, {
    fromLogits: boolean({
      default: fromLogits,
      doc: 'predictions are raw scores z (no activation on the output layer) rather than probabilities',
    }),
  });
}

const binarySchema = fromLogitsSchema('loss binary_crossentropy', false);

/** Options of the cross-entropy losses. */
export type CrossentropyOptions = Options<typeof binarySchema.specs>;

/**
 * Binary cross-entropy, with or without logits (./probabilistic.entry.ts):
 * dℓ/dp = (p − y)/(p(1 − p)); the logits form never exponentiates a positive
 * number. On a sigmoid output the fused gradient is dL/dz = (p − y)/(batch × width).
 */
export class BinaryCrossentropy implements Loss {
  readonly fusedActivation?: 'sigmoid';
  private readonly fromLogits: boolean;
  private readonly owner: string;

  /** `name` lets the PyTorch spelling report itself under its own name. */
  constructor(options: CrossentropyOptions = {}, readonly name = 'binary_crossentropy') {
    this.fromLogits = binarySchema.resolve(options).fromLogits;
    this.fusedActivation = this.fromLogits ? undefined : 'sigmoid';
    this.owner = `loss ${name}`;
  }

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const y = targetAt(targets, layout, i, j, width);
        const x = predictions[i * width + j];
        if (this.fromLogits) {
          sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
        } else {
          const p = clamp(x, EPS, 1 - EPS);
          sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
        }
      }
    }
    return sum / (batch * width);
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    const scale = 1 / (batch * width);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        const y = targetAt(targets, layout, i, j, width);
        const x = predictions[k];
        if (this.fromLogits) gradient[k] = scale * (logistic(x) - y);
        else gradient[k] = x >= EPS && x <= 1 - EPS ? (scale * (x - y)) / (x * (1 - x)) : 0;
      }
    }
  }

  /** dL/dz for p = σ(z): (p − y)/(batch × width). Meaningful only without `fromLogits`. */
  fusedGradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    const scale = 1 / (batch * width);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        gradient[k] = scale * (predictions[k] - targetAt(targets, layout, i, j, width));
      }
    }
  }
}

/**
 * Categorical cross-entropy over a softmax output (./probabilistic.entry.ts).
 * Targets may be one-hot/probability rows or class indices; Keras would
 * need the sparse name for indices, PyTorch's CrossEntropyLoss takes both.
 * Unlike Keras, rows are not renormalised to sum to 1 first (a softmax output
 * already does).
 *
 * `fromLogits`: log pᵢⱼ = zᵢⱼ − logsumexp(zᵢ), with the row maximum subtracted
 * so logits of ±1000 stay finite (PyTorch CrossEntropyLoss always works this way).
 * Gradient w.r.t. z, and the fused gradient on a softmax output:
 * dL/dzᵢⱼ = (pᵢⱼ·Σₖyᵢₖ − yᵢⱼ)/N, which is (p − y)/N for targets that sum to 1.
 */
export class CategoricalCrossentropy implements Loss {
  readonly fusedActivation?: 'softmax';
  private readonly fromLogits: boolean;
  private readonly owner: string;

  /** `name` lets the sparse spelling report itself under its own name. */
  constructor(options: CrossentropyOptions = {}, readonly name = 'categorical_crossentropy') {
    this.fromLogits = binarySchema.resolve(options).fromLogits;
    this.fusedActivation = this.fromLogits ? undefined : 'softmax';
    this.owner = `loss ${name}`;
  }

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      const row = i * width;
      if (this.fromLogits) {
        const logSumExp = rowLogSumExp(predictions, row, width);
        for (let j = 0; j < width; j++) {
          const y = targetAt(targets, layout, i, j, width);
          if (y !== 0) sum += y * (logSumExp - predictions[row + j]);
        }
      } else {
        for (let j = 0; j < width; j++) {
          const y = targetAt(targets, layout, i, j, width);
          if (y !== 0) sum -= y * Math.log(clamp(predictions[row + j], EPS, 1 - EPS));
        }
      }
    }
    return sum / batch;
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    if (this.fromLogits) {
      this.softmaxGradient(predictions, targets, gradient, batch, width, layout, true);
      return;
    }
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        const p = predictions[k];
        gradient[k] = p >= EPS && p <= 1 - EPS ? -targetAt(targets, layout, i, j, width) / (batch * p) : 0;
      }
    }
  }

  /** dL/dz for p = softmax(z): (p·Σy − y)/N. Meaningful only without `fromLogits`. */
  fusedGradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    this.softmaxGradient(predictions, targets, gradient, batch, width, layout, false);
  }

  /** (softmax·Σy − y)/N, with the softmax taken from logits or read as given. */
  private softmaxGradient(
    scores: Float32Array, targets: Float32Array, gradient: Float32Array,
    batch: number, width: number, layout: TargetLayout, logits: boolean,
  ): void {
    for (let i = 0; i < batch; i++) {
      const row = i * width;
      let targetSum = 0;
      for (let j = 0; j < width; j++) targetSum += targetAt(targets, layout, i, j, width);
      if (logits) {
        const logSumExp = rowLogSumExp(scores, row, width);
        for (let j = 0; j < width; j++) {
          const p = Math.exp(scores[row + j] - logSumExp);
          gradient[row + j] = (p * targetSum - targetAt(targets, layout, i, j, width)) / batch;
        }
      } else {
        for (let j = 0; j < width; j++) {
          gradient[row + j] = (scores[row + j] * targetSum - targetAt(targets, layout, i, j, width)) / batch;
        }
      }
    }
  }
}

/** log Σⱼ e^zⱼ over one row, computed as m + log Σⱼ e^(zⱼ − m) with m the row maximum. */
function rowLogSumExp(scores: Float32Array, row: number, width: number): number {
  let max = -Infinity;
  for (let j = 0; j < width; j++) if (scores[row + j] > max) max = scores[row + j];
  let sum = 0;
  for (let j = 0; j < width; j++) sum += Math.exp(scores[row + j] - max);
  return max + Math.log(sum);
}

/** Negative log-likelihood on log-probabilities (./probabilistic.entry.ts); dL/dx = −y/N. */
export class NegativeLogLikelihood implements Loss {
  readonly name = 'nll';
  private readonly owner = 'loss nll';

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) sum -= targetAt(targets, layout, i, j, width) * predictions[i * width + j];
    }
    return sum / batch;
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) gradient[i * width + j] = -targetAt(targets, layout, i, j, width) / batch;
    }
  }
}

/**
 * Kullback–Leibler divergence (Kullback & Leibler 1951) of the prediction from
 * the target distribution: L = (1/N) Σᵢ Σⱼ yᵢⱼ log(yᵢⱼ/pᵢⱼ), with y and p
 * clamped to [1e-7, 1] as Keras `kl_divergence` (so a 0 target still adds
 * ε·log(ε/p)); dL/dp = −y/(N·p). PyTorch `KLDivLoss` differs in its input:
 * it takes log-probabilities (and the target as probabilities unless
 * log_target), and matches this only with reduction='batchmean'.
 */
export class KLDivergence implements Loss {
  readonly name = 'kl_divergence';
  private readonly owner = 'loss kl_divergence';

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const y = clamp(targetAt(targets, layout, i, j, width), EPS, 1);
        sum += y * Math.log(y / clamp(predictions[i * width + j], EPS, 1));
      }
    }
    return sum / batch;
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        const p = predictions[k];
        const y = clamp(targetAt(targets, layout, i, j, width), EPS, 1);
        gradient[k] = p >= EPS && p <= 1 ? -y / (batch * p) : 0;
      }
    }
  }
}

const categoricalSchema = fromLogitsSchema('loss categorical_crossentropy', false);
const sparseSchema = fromLogitsSchema('loss sparse_categorical_crossentropy', false);
const torchCrossEntropySchema = fromLogitsSchema('loss cross_entropy', true);
const torchBinaryWithLogitsSchema = fromLogitsSchema('loss binary_cross_entropy_with_logits', true);

/**
 * Registry entries. PyTorch's CrossEntropyLoss and BCEWithLogitsLoss take raw
 * scores, so they are their own entries with `from_logits` defaulting to true
 * rather than aliases of the Keras names, which take probabilities.
 */
export const probabilisticLosses: LossEntry[] = [
  { ...defineEntry('binary_crossentropy', ['BCELoss', 'binary_cross_entropy'], binarySchema, (o) => new BinaryCrossentropy(o)), crossEntropy: true },
  { ...defineEntry('binary_cross_entropy_with_logits', ['BCEWithLogitsLoss'], torchBinaryWithLogitsSchema, (o) => new BinaryCrossentropy(o, 'binary_cross_entropy_with_logits')), crossEntropy: true },
  { ...defineEntry('categorical_crossentropy', [], categoricalSchema, (o) => new CategoricalCrossentropy(o)), crossEntropy: true, perClass: true },
  { ...defineEntry('sparse_categorical_crossentropy', [], sparseSchema, (o) => new CategoricalCrossentropy(o, 'sparse_categorical_crossentropy')), crossEntropy: true, perClass: true },
  { ...defineEntry('cross_entropy', ['CrossEntropyLoss'], torchCrossEntropySchema, (o) => new CategoricalCrossentropy(o, 'cross_entropy')), crossEntropy: true, perClass: true },
  { ...parameterlessLoss('nll', ['NLLLoss', 'nll_loss', 'negative_log_likelihood'], () => new NegativeLogLikelihood()), crossEntropy: true, perClass: true },
  { ...parameterlessLoss('kl_divergence', ['kld', 'kullback_leibler_divergence'], () => new KLDivergence()), perClass: true },
];
