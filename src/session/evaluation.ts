import { confusionMatrix } from '../engine/metrics';
import { rocAuc, rocCurve } from '../engine/metrics/roc';
import type { Sequential } from '../engine/model';
import { Rng } from '../engine/rng';
import { Evaluator } from '../engine/train/evaluate';
import type { EvaluateOutput, SourceLocation } from '../protocol/cell-output';
import { modelParts } from './build';
import { CellFailure, problem } from './checks';
import type { PreparedData } from './data';
import type { Declarations } from './declarations';

/** `evaluate`: the trained `model`'s loss and metrics on the split asked for (else test, validation, train in that order), and a classifier's confusion matrix and ROC curves. */
export function evaluate(model: Sequential, data: PreparedData, declarations: Declarations, requested: 'train' | 'validation' | 'test' | undefined, location: SourceLocation, title: string): EvaluateOutput {
  const split = requested ?? (data.test ? 'test' : data.validation ? 'validation' : 'train');
  const set = data[split];
  if (!set) throw new CellFailure([problem('missing-split', `evaluate: there is no ${split} split; declare one with split ${split === 'test' ? 'test' : 'val'}=0.2`, location)]);
  const { loss, metrics } = modelParts(declarations, data);
  const scores = new Evaluator(model, loss, metrics, new Rng(0)).evaluate(set.x, set.y, set.count);
  const classes = set.classes;
  return {
    kind: 'evaluate',
    title,
    split,
    count: set.count,
    loss: scores.loss,
    metrics: scores.metrics,
    ...(classes ? classOutputs(scores.predictions, set.y, set.count * model.outputSteps, model.outputWidth, classes) : {}),
  };
}

/** What `evaluate` shows of a classifier beyond loss and metrics: the confusion matrix and ROC curves. */
function classOutputs(predictions: Float32Array, targets: Float32Array, count: number, width: number, classes: readonly string[]): Pick<EvaluateOutput, 'confusion' | 'roc'> {
  const matrix = confusionMatrix(predictions, targets, count, width);
  const n = matrix.classes;
  const counts = Array.from({ length: n }, (_, row) => Array.from(matrix.counts.subarray(row * n, (row + 1) * n)));
  return { confusion: { classes, counts }, roc: rocOf(predictions, targets, count, width, classes) };
}

/** One-vs-rest ROC curves: one for a single sigmoid output, one per class otherwise. */
function rocOf(predictions: Float32Array, targets: Float32Array, count: number, width: number, classes: readonly string[]): NonNullable<EvaluateOutput['roc']> {
  const curves = width === 1 ? [1] : classes.map((_, k) => k);
  return curves.map((k) => {
    const scores = Float64Array.from({ length: count }, (_, i) => predictions[i * width + (width === 1 ? 0 : k)]);
    const labels = Float64Array.from({ length: count }, (_, i) => (targets[i] === k ? 1 : 0));
    return { label: classes[k], auc: rocAuc(scores, labels), points: rocCurve(scores, labels).map(({ fpr, tpr }) => ({ fpr, tpr })) };
  });
}
