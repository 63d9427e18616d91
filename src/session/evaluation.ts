import { confusionMatrix } from '../engine/metrics';
import { rocAuc, rocCurve } from '../engine/metrics/roc';
import type { EvaluateOutput } from '../protocol/cell-output';

/** What `evaluate` shows of a classifier beyond loss and metrics: the confusion matrix and ROC curves. */
export function classOutputs(predictions: Float32Array, targets: Float32Array, count: number, width: number, classes: readonly string[]): Pick<EvaluateOutput, 'confusion' | 'roc'> {
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
