import { imageAugmentSchema } from '../engine/data/augment';
import { ParamSchema, boolean, choice, number, optionalNumber } from '../engine/params';

/**
 * The parameters of the statements that are not engine concepts themselves;
 * like every concept's, they are written once, here, and the checker, the
 * completion and the docs read them.
 */

export const trainParams = new ParamSchema('train', {
  epochs: optionalNumber({ min: 1, integer: true, doc: 'Passes over the training set (give epochs, steps or both; the run ends at whichever comes first).' }),
  steps: optionalNumber({ min: 1, integer: true, doc: 'Optimizer steps in all.' }),
  batch: number({ default: 32, min: 1, integer: true, doc: 'Samples per step (Keras default 32): 1 is SGD, the training set size is full-batch gradient descent.' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seeds initialization, shuffling, dropout and noise: the same seed repeats the run exactly.' }),
  patience: optionalNumber({ min: 1, integer: true, doc: 'Early stopping: stop after this many epochs without improvement of the validation loss (training loss without a validation split).' }),
  minDelta: number({ default: 0, min: 0, doc: 'Early stopping: a smaller improvement does not count (Keras min_delta).' }),
  restoreBest: boolean({ default: false, doc: 'Early stopping: put back the weights of the best epoch (Keras restore_best_weights).' }),
});

export const augmentParams = new ParamSchema('augment', {
  noise: number({ default: 0, min: 0, doc: 'σ of Gaussian noise added to every input of every training batch.' }),
  ...imageAugmentSchema.specs,
});

export const evaluateParams = new ParamSchema('evaluate', {
  split: choice({ values: ['auto', 'test', 'validation', 'train'] as const, default: 'auto', doc: 'The split scored: auto is the test split if there is one, else validation, else train.' }),
});

export const normalizeParams = new ParamSchema('normalize', {
  method: choice({ values: ['standard', 'minmax', 'none'] as const, default: 'standard', doc: 'standard: (x − mean)/std; minmax: into [0, 1]; both fitted on the training split only.' }),
});

export const inspectParams = new ParamSchema('inspect', {
  what: choice({ values: ['init'] as const, default: 'init', doc: 'init: one batch forward and backward at initialization, variance and gradient norm per layer.' }),
});

/** Every statement keyword, in the order the docs present them. */
export const STATEMENT_KEYWORDS = [
  'data',
  'split',
  'normalize',
  'augment',
  'model',
  'loss',
  'optimizer',
  'clip',
  'schedule',
  'metrics',
  'train',
  'compare',
  'inspect',
  'find',
  'evaluate',
  'save',
  'load',
] as const;

export type StatementKeyword = (typeof STATEMENT_KEYWORDS)[number];
