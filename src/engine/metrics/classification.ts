import { ConfigError } from '../errors';
import { argmaxRow, checkBatch, targetClass, type TargetLayout } from '../losses/targets';
import { number, ParamSchema, type Options } from '../params';
import { metricEntry, type MetricEntry, type Values } from './metric';

/**
 * Classification metrics. Width 1 is binary: the prediction is a probability
 * of class 1, positive when p > threshold (strictly, as Keras and torchmetrics),
 * and a target is positive when y ≥ 0.5. Width > 1 is multi-class: the
 * predicted class is the argmax of the row, the true class is the class index
 * or the argmax of the dense target row.
 */

function thresholdSchema(name: string) {
  return new ParamSchema(`metric ${name}`, {
    threshold: number({ default: 0.5, min: 0, max: 1, doc: 'a width-1 prediction above this counts as class 1' }),
  });
}

const accuracySchema = thresholdSchema('accuracy');
const precisionSchema = thresholdSchema('precision');
const recallSchema = thresholdSchema('recall');
const f1Schema = thresholdSchema('f1');
const confusionSchema = thresholdSchema('confusion_matrix');

/** Options of the thresholded classification metrics. */
export type ThresholdOptions = Options<typeof accuracySchema.specs>;

/** Class 0/1 by threshold for width 1, else the argmax of the row. */
function predictedClass(predictions: Values, sample: number, width: number, threshold: number): number {
  return width === 1 ? (predictions[sample] > threshold ? 1 : 0) : argmaxRow(predictions, sample, width);
}

function trueClass(targets: Values, layout: TargetLayout, sample: number, width: number): number {
  return width === 1 ? (targets[sample] >= 0.5 ? 1 : 0) : targetClass(targets, layout, sample, width);
}

/** Counts of (true class, predicted class) pairs. */
export interface ConfusionMatrix {
  /** 2 for width 1 (classes 0 and 1), otherwise the width. */
  readonly classes: number;
  /** classes×classes, row-major: row = true class, column = predicted class (sklearn's layout). */
  readonly counts: Int32Array;
}

function confusionOf(owner: string, predictions: Values, targets: Values, batch: number, width: number, threshold: number): ConfusionMatrix {
  const layout = checkBatch(owner, predictions, targets, batch, width);
  const classes = width === 1 ? 2 : width;
  const counts = new Int32Array(classes * classes);
  for (let i = 0; i < batch; i++) {
    counts[trueClass(targets, layout, i, width) * classes + predictedClass(predictions, i, width, threshold)]++;
  }
  return { classes, counts };
}

/** The confusion matrix of a batch: counts[true × classes + predicted]. */
export function confusionMatrix(predictions: Values, targets: Values, batch: number, width: number, options: ThresholdOptions = {}): ConfusionMatrix {
  return confusionOf('metric confusion_matrix', predictions, targets, batch, width, confusionSchema.resolve(options).threshold);
}

function accuracyOf(predictions: Values, targets: Values, batch: number, width: number, threshold: number): number {
  const layout = checkBatch('metric accuracy', predictions, targets, batch, width);
  let correct = 0;
  for (let i = 0; i < batch; i++) {
    if (predictedClass(predictions, i, width, threshold) === trueClass(targets, layout, i, width)) correct++;
  }
  return correct / batch;
}

/**
 * Accuracy: the fraction of samples whose predicted class is the true class.
 * Covers Keras `binary_accuracy` (width 1), `categorical_accuracy` and
 * `sparse_categorical_accuracy` (width > 1, dense or index targets).
 */
export function accuracy(predictions: Values, targets: Values, batch: number, width: number, options: ThresholdOptions = {}): number {
  return accuracyOf(predictions, targets, batch, width, accuracySchema.resolve(options).threshold);
}

/** TP, FP, FN of one class read off a confusion matrix. */
function classCounts(matrix: ConfusionMatrix, c: number): { truePositives: number; falsePositives: number; falseNegatives: number } {
  const { classes, counts } = matrix;
  let predicted = 0;
  let actual = 0;
  for (let k = 0; k < classes; k++) {
    predicted += counts[k * classes + c];
    actual += counts[c * classes + k];
  }
  const truePositives = counts[c * classes + c];
  return { truePositives, falsePositives: predicted - truePositives, falseNegatives: actual - truePositives };
}

/** n/d, or 0 when d = 0 (sklearn's zero_division default: it warns and scores 0). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

type PerClass = (tp: number, fp: number, fn: number) => number;

const precisionOfClass: PerClass = (tp, fp) => ratio(tp, tp + fp);
const recallOfClass: PerClass = (tp, _fp, fn) => ratio(tp, tp + fn);
const f1OfClass: PerClass = (tp, fp, fn) => ratio(2 * tp, 2 * tp + fp + fn);

/**
 * A per-class score for class 1 (width 1), or its macro average for width > 1:
 * the unweighted mean over the classes that occur among the targets or the
 * predictions of the batch (sklearn's default label set), so a class absent
 * from both does not drag the mean to 0.
 */
function averaged(matrix: ConfusionMatrix, binary: boolean, score: PerClass): number {
  if (binary) {
    const { truePositives, falsePositives, falseNegatives } = classCounts(matrix, 1);
    return score(truePositives, falsePositives, falseNegatives);
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < matrix.classes; c++) {
    const { truePositives, falsePositives, falseNegatives } = classCounts(matrix, c);
    if (truePositives + falsePositives + falseNegatives === 0) continue;
    sum += score(truePositives, falsePositives, falseNegatives);
    present++;
  }
  return ratio(sum, present);
}

function scoreOf(name: string, score: PerClass) {
  return (predictions: Values, targets: Values, batch: number, width: number, threshold: number): number =>
    averaged(confusionOf(`metric ${name}`, predictions, targets, batch, width, threshold), width === 1, score);
}

const precisionOf = scoreOf('precision', precisionOfClass);
const recallOf = scoreOf('recall', recallOfClass);
const f1Of = scoreOf('f1', f1OfClass);

/** Precision (./classification.entry.ts); 0 when nothing is predicted positive. */
export function precision(predictions: Values, targets: Values, batch: number, width: number, options: ThresholdOptions = {}): number {
  return precisionOf(predictions, targets, batch, width, precisionSchema.resolve(options).threshold);
}

/** Recall (./classification.entry.ts); 0 when there are no positives. */
export function recall(predictions: Values, targets: Values, batch: number, width: number, options: ThresholdOptions = {}): number {
  return recallOf(predictions, targets, batch, width, recallSchema.resolve(options).threshold);
}

/**
 * F1 score (./classification.entry.ts). Macro F1 is the mean of per-class F1s
 * (sklearn), not the F1 of macro precision and recall. 0 when TP + FP + FN = 0.
 */
export function f1(predictions: Values, targets: Values, batch: number, width: number, options: ThresholdOptions = {}): number {
  return f1Of(predictions, targets, batch, width, f1Schema.resolve(options).threshold);
}

const topKSchema = new ParamSchema('metric top_k_accuracy', {
  k: number({ default: 5, min: 1, integer: true, doc: 'a sample counts as correct when its true class is among the k highest scores' }),
});

/** Options of top-k accuracy. */
export type TopKOptions = Options<typeof topKSchema.specs>;

function topKOf(predictions: Values, targets: Values, batch: number, width: number, k: number): number {
  const owner = 'metric top_k_accuracy';
  const layout = checkBatch(owner, predictions, targets, batch, width);
  if (width === 1) throw new ConfigError(`${owner}: needs one score per class (width > 1), got width 1`);
  let hits = 0;
  for (let i = 0; i < batch; i++) {
    const row = i * width;
    const score = predictions[row + targetClass(targets, layout, i, width)];
    let above = 0;
    for (let j = 0; j < width; j++) if (predictions[row + j] > score) above++;
    if (above < k) hits++;
  }
  return hits / batch;
}

/**
 * Top-k accuracy: the share of samples whose true class has fewer than k
 * classes scoring strictly higher. Classes tied at the boundary all count as
 * in the top k, as TensorFlow's in_top_k (Keras `top_k_categorical_accuracy`).
 */
export function topKAccuracy(predictions: Values, targets: Values, batch: number, width: number, options: TopKOptions = {}): number {
  return topKOf(predictions, targets, batch, width, topKSchema.resolve(options).k);
}

/** Registry entries for the classification metrics. */
export const classificationMetrics: MetricEntry[] = [
  metricEntry('accuracy', ['acc', 'binary_accuracy', 'categorical_accuracy', 'sparse_categorical_accuracy'], accuracySchema,
    (p, t, batch, width, o) => accuracyOf(p, t, batch, width, o.threshold)),
  metricEntry('precision', [], precisionSchema, (p, t, batch, width, o) => precisionOf(p, t, batch, width, o.threshold)),
  metricEntry('recall', [], recallSchema, (p, t, batch, width, o) => recallOf(p, t, batch, width, o.threshold)),
  metricEntry('f1', ['f1_score'], f1Schema, (p, t, batch, width, o) => f1Of(p, t, batch, width, o.threshold)),
  metricEntry('top_k_accuracy', ['top_k_categorical_accuracy', 'sparse_top_k_categorical_accuracy'], topKSchema,
    (p, t, batch, width, o) => topKOf(p, t, batch, width, o.k)),
];
