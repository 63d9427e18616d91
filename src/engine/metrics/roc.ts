import { ConfigError } from '../errors';
import { checkBatch, targetClass } from '../losses/targets';
import { ParamSchema } from '../params';
import { metricEntry, type MetricEntry, type Values } from './metric';

/**
 * The receiver operating characteristic (ROC) and the area under it (AUC;
 * Hanley & McNeil 1982, "The meaning and use of the area under a ROC curve").
 * A label counts as positive when it is ≥ 0.5, so 0/1 and −1/1 labels both work.
 */

/** One operating point: predicting positive for every score ≥ threshold. */
export interface RocPoint {
  /** False-positive rate FP/N. */
  readonly fpr: number;
  /** True-positive rate TP/P (recall). */
  readonly tpr: number;
  /** The score cut-off; +∞ for the first point (nothing predicted positive). */
  readonly threshold: number;
}

function checkPairs(owner: string, scores: Values, labels: Values): void {
  if (scores.length !== labels.length) {
    throw new ConfigError(`${owner}: scores and labels must have the same length, got ${scores.length} and ${labels.length}`);
  }
}

/**
 * The ROC curve from (0, 0) to (1, 1), one point per distinct score in
 * descending order (sklearn's roc_curve with drop_intermediate=false), ready
 * to plot as fpr → tpr. Tied scores move the curve diagonally, which is what
 * makes its trapezoid area equal the rank statistic of `rocAuc`. With no
 * positives (or no negatives) the undefined rate is NaN, as in sklearn.
 */
export function rocCurve(scores: Values, labels: Values): RocPoint[] {
  checkPairs('roc_curve', scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0.5) positives++;
  const negatives = labels.length - positives;
  // 0/0 stays NaN on purpose: a rate over an empty class is undefined.
  const points: RocPoint[] = [{ fpr: 0 / negatives, tpr: 0 / positives, threshold: Infinity }];
  let truePositives = 0;
  let falsePositives = 0;
  for (let start = 0; start < order.length; ) {
    const threshold = scores[order[start]];
    let end = start;
    for (; end < order.length && scores[order[end]] === threshold; end++) {
      if (labels[order[end]] >= 0.5) truePositives++;
      else falsePositives++;
    }
    points.push({ fpr: falsePositives / negatives, tpr: truePositives / positives, threshold });
    start = end;
  }
  return points;
}

/**
 * Binary AUC by the Mann–Whitney rank statistic: AUC = (R₊ − P(P + 1)/2)/(P·N),
 * R₊ the sum of the positives' ranks with tied scores given their average
 * rank — the chance a random positive outscores a random negative, ties
 * counting ½, equal to the trapezoid area under `rocCurve`. NaN when the
 * labels hold only one class (sklearn raises there).
 */
export function rocAuc(scores: Values, labels: Values): number {
  checkPairs('auc', scores, labels);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    // Ranks start..end−1 (1-based start+1..end) share their mean.
    const meanRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k]] >= 0.5) {
        positives++;
        positiveRankSum += meanRank;
      }
    }
    start = end;
  }
  const negatives = scores.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function aucOf(predictions: Values, targets: Values, batch: number, width: number): number {
  const layout = checkBatch('metric auc', predictions, targets, batch, width);
  if (width === 1) return rocAuc(predictions, targets);
  const scores = new Float64Array(batch);
  const labels = new Uint8Array(batch);
  let sum = 0;
  let defined = 0;
  for (let c = 0; c < width; c++) {
    for (let i = 0; i < batch; i++) {
      scores[i] = predictions[i * width + c];
      labels[i] = targetClass(targets, layout, i, width) === c ? 1 : 0;
    }
    const area = rocAuc(scores, labels);
    if (Number.isNaN(area)) continue;
    sum += area;
    defined++;
  }
  return defined === 0 ? NaN : sum / defined;
}

/**
 * AUC-ROC. Width 1: binary, scores against 0/1 targets. Width > 1:
 * one-vs-rest macro average (sklearn multi_class='ovr', average='macro'):
 * class c's column scored against "true class is c". Classes of the batch
 * with no positive or no negative sample have no AUC and are left out of the
 * mean (sklearn raises instead); NaN if none is left.
 */
export function auc(predictions: Values, targets: Values, batch: number, width: number): number {
  return aucOf(predictions, targets, batch, width);
}

const aucSchema = new ParamSchema('metric auc', {});

/** Registry entries for the ranking metrics. */
export const rocMetrics: MetricEntry[] = [metricEntry('auc', ['roc_auc', 'auroc'], aucSchema, aucOf)];
