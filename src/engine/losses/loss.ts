import { ParamSchema } from '../params';
import { defineEntry, type OptionsEntry } from '../registry';

/**
 * A training objective over one batch. Predictions are a row-major
 * Float32Array of batch×width; targets follow `TargetLayout` (dense, or one
 * class index per sample when width > 1).
 */
export interface Loss {
  readonly name: string;
  /**
   * Activation the loss is designed to sit on; when the model's output layer
   * uses it, training uses fusedGradient (dL/dz) instead of chaining through
   * the activation — stabler and cheaper.
   */
  readonly fusedActivation?: 'softmax' | 'sigmoid';
  /** Mean loss over the batch (float64 accumulation). */
  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number;
  /** dL/dpredictions into `gradient` (batch×width); no allocation. */
  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void;
  /**
   * dL/dz where predictions = activation(z): softmax+CE and sigmoid+BCE give
   * (p − y)/batch (divided by batch×width for element-wise BCE on wider outputs).
   */
  fusedGradient?(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void;
}

/**
 * A registered loss: its names, its parameter schema, how to build it from
 * language spellings (`from_logits=true`), and facts the checks read.
 */
export type LossEntry = OptionsEntry<Loss> & {
  /** A cross-entropy, whose gradient at a sigmoid or softmax output is p − y. */
  readonly crossEntropy?: true;
  /** Compares numbers, so it suits regression targets and not class labels. */
  readonly regression?: true;
  /**
   * Takes a distribution across classes, one output per class: on a single
   * unit its softmax is always 1 (or the label 1 has no column), so training
   * runs but learns nothing. Keras and PyTorch refuse such labels.
   */
  readonly perClass?: true;
};

/**
 * ε that keeps probabilities inside [ε, 1 − ε] before a logarithm; 1e-7 is
 * Keras's `backend.epsilon()`. PyTorch instead clamps each log term at −100
 * (BCELoss), which allows probabilities down to e^−100.
 */
export const PROBABILITY_EPSILON = 1e-7;

/** x limited to [low, high]. */
export function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}

/** A registry entry for a loss that takes no parameters (a given one is rejected by name). */
export function parameterlessLoss(name: string, aliases: readonly string[], make: () => Loss): LossEntry {
  return defineEntry(name, aliases, new ParamSchema(`loss ${name}`, {}), make);
}
