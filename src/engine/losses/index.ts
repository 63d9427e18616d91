import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { hingeLosses } from './hinge';
import type { Loss, LossEntry } from './loss';
import { probabilisticLosses } from './probabilistic';
import { regressionLosses } from './regression';

/**
 * Losses: the objective a model trains on, its gradient with respect to the
 * predictions, and — for cross-entropy on a softmax or sigmoid output — the
 * fused gradient with respect to the pre-activation, (p − y)/batch.
 *
 * Names follow Keras (`categorical_crossentropy`), PyTorch class names are
 * aliases where the semantics match (`MSELoss`, `BCELoss`); where PyTorch's
 * loss takes different inputs it is its own entry (`cross_entropy` =
 * CrossEntropyLoss on logits, `nll` on log-probabilities). Reduction is the
 * mean over the batch, and over elements for the element-wise losses.
 */

export { PROBABILITY_EPSILON, type Loss, type LossEntry } from './loss';
export { argmaxRow, checkBatch, targetAt, targetClass, targetLayout, type TargetLayout } from './targets';
export { CosineSimilarity, Huber, MeanAbsoluteError, MeanSquaredError, type HuberOptions } from './regression';
export {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  KLDivergence,
  NegativeLogLikelihood,
  type CrossentropyOptions,
} from './probabilistic';
export { Hinge } from './hinge';

/** Every loss by name (Keras spelling; PyTorch class names as aliases). */
export const losses = new Registry<LossEntry>('loss', [...regressionLosses, ...probabilisticLosses, ...hingeLosses]);

/** A loss by name, e.g. createLoss('binary_crossentropy', { from_logits: true }). */
export function createLoss(name: string, options?: Readonly<Record<string, ParamValue>>): Loss {
  return losses.get(name).create(options);
}
