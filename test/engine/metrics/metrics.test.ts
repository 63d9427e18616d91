import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import {
  accuracy,
  auc,
  confusionMatrix,
  createMetric,
  f1,
  meanAbsoluteError,
  meanSquaredError,
  metrics,
  precision,
  recall,
  rocAuc,
  rocCurve,
  rootMeanSquaredError,
  topKAccuracy,
  type RocPoint,
} from '../../../src/engine/metrics';
import { Rng } from '../../../src/engine/rng';

const f32 = (values: readonly number[]) => new Float32Array(values);

/** Rows with a 1 at each predicted class, so a hand-worked case reads as class lists. */
function oneHot(classes: readonly number[], width: number): Float32Array {
  const rows = new Float32Array(classes.length * width);
  classes.forEach((c, i) => (rows[i * width + c] = 1));
  return rows;
}

describe('accuracy', () => {
  it.each([
    // p > 0.5 → [1, 0, 1, 0] against [1, 1, 0, 0]: samples 0 and 3 right → 2/4
    ['binary', [0.9, 0.4, 0.6, 0.2], [1, 1, 0, 0], 4, 1, {}, 0.5],
    // threshold 0.3 → [1, 1, 1, 0]: samples 0, 1 and 3 right → 3/4
    ['binary, threshold 0.3', [0.9, 0.4, 0.6, 0.2], [1, 1, 0, 0], 4, 1, { threshold: 0.3 }, 0.75],
    // 0.5 is not above 0.5, so it predicts 0, which is right
    ['binary, p exactly at the threshold', [0.5], [0], 1, 1, {}, 1],
    // argmax rows → [0, 2, 1] against [0, 1, 1]: 2 of 3
    ['multi-class, index targets', [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3], [0, 1, 1], 3, 3, {}, 2 / 3],
    ['multi-class, one-hot targets', [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3], [1, 0, 0, 0, 1, 0, 0, 1, 0], 3, 3, {}, 2 / 3],
    // tied scores go to the first class: [0.4, 0.4] predicts 0
    ['argmax ties go to the lower class', [0.4, 0.4, 0.2, 0.8], [0, 1], 2, 2, {}, 1],
  ] as const)('%s', (_label, predictions, targets, batch, width, options, expected) => {
    expect(accuracy(f32(predictions), f32(targets), batch, width, options)).toBeCloseTo(expected, 12);
  });
});

describe('confusion matrix', () => {
  it('counts true class by row, predicted class by column', () => {
    // true [0,0,1,1,2,2], predicted [0,1,1,1,0,2]
    const { classes, counts } = confusionMatrix(oneHot([0, 1, 1, 1, 0, 2], 3), f32([0, 0, 1, 1, 2, 2]), 6, 3);
    expect(classes).toBe(3);
    expect(Array.from(counts)).toEqual([
      1, 1, 0, // true 0: one right, one called 1
      0, 2, 0, // true 1: both right
      1, 0, 1, // true 2: one called 0, one right
    ]);
  });

  it('has two classes for a width-1 output', () => {
    // predicted (p > 0.5) [1, 0, 1, 0] against [1, 1, 0, 0]: TN 1, FP 1, FN 1, TP 1
    const { classes, counts } = confusionMatrix(f32([0.9, 0.4, 0.6, 0.2]), f32([1, 1, 0, 0]), 4, 1);
    expect(classes).toBe(2);
    expect(Array.from(counts)).toEqual([1, 1, 1, 1]);
  });
});

describe('precision, recall and F1', () => {
  // Binary: predicted [1,1,0,1,0,1] against [1,1,1,0,0,0] → TP 2, FN 1, FP 2, TN 1.
  const binaryPredictions = f32([0.9, 0.8, 0.3, 0.6, 0.1, 0.7]);
  const binaryTargets = f32([1, 1, 1, 0, 0, 0]);

  // Macro: true [0,0,1,1,2,2], predicted [0,1,1,1,0,2] (the confusion matrix above).
  //   class 0: TP 1, FP 1, FN 1 → P ½,   R ½, F1 2/(2+1+1) = ½
  //   class 1: TP 2, FP 1, FN 0 → P ⅔,   R 1, F1 4/(4+1+0) = 0.8
  //   class 2: TP 1, FP 0, FN 1 → P 1,   R ½, F1 2/(2+0+1) = ⅔
  //   macro P = (½ + ⅔ + 1)/3 = 13/18, R = (½ + 1 + ½)/3 = ⅔, F1 = (½ + 0.8 + ⅔)/3 = 59/90
  const macroPredictions = oneHot([0, 1, 1, 1, 0, 2], 3);
  const macroTargets = f32([0, 0, 1, 1, 2, 2]);

  // No sample predicts class 1 or 2 (true [0,1,2], predicted [0,0,0]):
  //   class 0: TP 1, FP 2, FN 0 → P ⅓, R 1, F1 2/4 = ½; classes 1, 2: TP 0, FP 0, FN 1 → P 0/0 → 0, R 0, F1 0
  //   macro P = ⅓/3 = 1/9, R = 1/3, F1 = ½/3 = 1/6
  const starvedPredictions = oneHot([0, 0, 0], 3);
  const starvedTargets = f32([0, 1, 2]);

  it.each([
    ['binary precision = TP/(TP+FP) = 2/4', precision, binaryPredictions, binaryTargets, 6, 1, 0.5],
    ['binary recall = TP/(TP+FN) = 2/3', recall, binaryPredictions, binaryTargets, 6, 1, 2 / 3],
    ['binary F1 = 2TP/(2TP+FP+FN) = 4/7', f1, binaryPredictions, binaryTargets, 6, 1, 4 / 7],
    ['macro precision 13/18', precision, macroPredictions, macroTargets, 6, 3, 13 / 18],
    ['macro recall 2/3', recall, macroPredictions, macroTargets, 6, 3, 2 / 3],
    ['macro F1 59/90 (mean of per-class F1, not F1 of the means)', f1, macroPredictions, macroTargets, 6, 3, 59 / 90],
    ['macro precision with never-predicted classes: 1/9', precision, starvedPredictions, starvedTargets, 3, 3, 1 / 9],
    ['macro recall with never-predicted classes: 1/3', recall, starvedPredictions, starvedTargets, 3, 3, 1 / 3],
    ['macro F1 with never-predicted classes: 1/6', f1, starvedPredictions, starvedTargets, 3, 3, 1 / 6],
    // nothing predicted positive: TP 0, FP 0, FN 1 → precision 0/0 → 0, recall 0/1, F1 0/1
    ['binary precision with no predicted positive: 0', precision, f32([0.1, 0.2]), f32([1, 0]), 2, 1, 0],
    ['binary recall with no positive target: 0/0 → 0', recall, f32([0.9, 0.2]), f32([0, 0]), 2, 1, 0],
    ['binary F1 with nothing positive anywhere: 0/0 → 0', f1, f32([0.1, 0.2]), f32([0, 0]), 2, 1, 0],
  ] as const)('%s', (_label, metric, predictions, targets, batch, width, expected) => {
    expect(metric(predictions, targets, batch, width)).toBeCloseTo(expected, 12);
  });

  it('averages only over classes that occur in targets or predictions', () => {
    // The macro case with a fourth class that no sample has or predicts: same averages.
    const wide = new Float32Array(6 * 4);
    for (let i = 0; i < 6; i++) wide.set(macroPredictions.subarray(i * 3, i * 3 + 3), i * 4);
    expect(precision(wide, macroTargets, 6, 4)).toBeCloseTo(13 / 18, 12);
    expect(f1(wide, macroTargets, 6, 4)).toBeCloseTo(59 / 90, 12);
  });
});

/** Area under a piecewise-linear curve by the trapezoid rule. */
function trapezoidArea(points: readonly RocPoint[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    area += ((points[k].fpr - points[k - 1].fpr) * (points[k].tpr + points[k - 1].tpr)) / 2;
  }
  return area;
}

describe('ROC curve and AUC', () => {
  it('reproduces the roc_curve example of the sklearn documentation', () => {
    // Scores by descending threshold: 0.8 (pos) → (0, ½); 0.4 (neg) → (½, ½); 0.35 (pos) → (½, 1); 0.1 (neg) → (1, 1)
    const scores = [0.1, 0.4, 0.35, 0.8];
    const labels = [0, 0, 1, 1];
    expect(rocCurve(scores, labels)).toEqual([
      { fpr: 0, tpr: 0, threshold: Infinity },
      { fpr: 0, tpr: 0.5, threshold: 0.8 },
      { fpr: 0.5, tpr: 0.5, threshold: 0.4 },
      { fpr: 0.5, tpr: 1, threshold: 0.35 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
    // Pairs (positive, negative) ranked right: 0.35 > 0.1, 0.8 > 0.1, 0.8 > 0.4, but not 0.35 > 0.4 → 3/4
    expect(rocAuc(scores, labels)).toBe(0.75);
  });

  it('counts a tied positive–negative pair as one half', () => {
    // Ranks ascending: 0.1 → 1, the two 0.5s share (2+3)/2 = 2.5, 0.9 → 4.
    // Positives' rank sum R₊ = 2.5 + 4 = 6.5; AUC = (6.5 − 2·3/2)/(2·2) = 3.5/4 = 0.875.
    // The curve moves diagonally through the tie: (0,0) → (0,½) → (½,1) → (1,1), trapezoids 0 + 0.375 + 0.5.
    const scores = [0.1, 0.5, 0.5, 0.9];
    const labels = [0, 0, 1, 1];
    expect(rocAuc(scores, labels)).toBe(0.875);
    expect(trapezoidArea(rocCurve(scores, labels))).toBe(0.875);
    expect(auc(f32(scores), f32(labels), 4, 1)).toBe(0.875);
  });

  it.each([
    ['perfect ranking', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    ['inverted ranking', [0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0], 0],
    ['all scores tied', [0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0], 0.5],
  ] as const)('%s', (_label, scores, labels, expected) => {
    expect(auc(f32(scores), f32(labels), 4, 1)).toBe(expected);
  });

  it('is undefined (NaN) when the labels hold one class only', () => {
    expect(auc(f32([0.2, 0.7]), f32([1, 1]), 2, 1)).toBeNaN();
  });

  it('matches the trapezoid area and the pairwise count on random tied scores', () => {
    const rng = new Rng(11);
    const scores = Array.from({ length: 60 }, () => Math.round(rng.uniform() * 10) / 10);
    const labels = scores.map((s) => (rng.uniform() < s ? 1 : 0));
    let pairs = 0;
    let wins = 0;
    for (let a = 0; a < scores.length; a++) {
      for (let b = 0; b < scores.length; b++) {
        if (labels[a] !== 1 || labels[b] !== 0) continue;
        pairs++;
        wins += scores[a] > scores[b] ? 1 : scores[a] === scores[b] ? 0.5 : 0;
      }
    }
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
    expect(trapezoidArea(rocCurve(scores, labels))).toBeCloseTo(wins / pairs, 12);
  });

  it('averages one-vs-rest over classes (macro)', () => {
    // rows (scores of classes 0, 1, 2) and true class:
    //   [0.8, 0.1, 0.1] 0 | [0.3, 0.4, 0.3] 1 | [0.2, 0.5, 0.3] 2 | [0.4, 0.2, 0.4] 2
    // class 0: column [0.8, 0.3, 0.2, 0.4], positive only 0.8, above every negative → 1
    // class 1: column [0.1, 0.4, 0.5, 0.2], positive 0.4 beats 0.1 and 0.2, loses to 0.5 → 2/3
    // class 2: column [0.1, 0.3, 0.3, 0.4], positives 0.3 and 0.4 against 0.1 and 0.3:
    //          0.3 > 0.1, 0.3 = 0.3 (½), 0.4 > 0.1, 0.4 > 0.3 → 3.5/4 = 0.875
    // macro = (1 + 2/3 + 0.875)/3 = 0.8472222
    const predictions = f32([0.8, 0.1, 0.1, 0.3, 0.4, 0.3, 0.2, 0.5, 0.3, 0.4, 0.2, 0.4]);
    expect(auc(predictions, f32([0, 1, 2, 2]), 4, 3)).toBeCloseTo((1 + 2 / 3 + 0.875) / 3, 7);
    expect(auc(predictions, oneHot([0, 1, 2, 2], 3), 4, 3)).toBeCloseTo(0.8472222, 7);
    // Without any class-2 sample (true [0, 0, 1, 1]) class 2 has no AUC and the mean is over classes 0 and 1:
    // class 0: positives 0.8, 0.3 against 0.2, 0.4 → 0.8 wins twice, 0.3 beats 0.2 only → 3/4
    // class 1: positives 0.5, 0.2 against 0.1, 0.4 → 0.5 wins twice, 0.2 beats 0.1 only → 3/4
    // mean 0.75 (counting class 2 as 0 would give 0.5)
    expect(auc(predictions, f32([0, 0, 1, 1]), 4, 3)).toBe(0.75);
  });
});

describe('top-k accuracy', () => {
  // rows of 4 class scores and the true class:
  //   [0.1, 0.5, 0.3, 0.1] true 2: one score above it
  //   [0.4, 0.3, 0.2, 0.1] true 3: three above
  //   [0.25 ×4]            true 0: none above (all tied)
  //   [0.3, 0.3, 0.3, 0.1] true 2: none strictly above; the tie straddling k counts as in the top k
  const predictions = f32([0.1, 0.5, 0.3, 0.1, 0.4, 0.3, 0.2, 0.1, 0.25, 0.25, 0.25, 0.25, 0.3, 0.3, 0.3, 0.1]);
  const targets = f32([2, 3, 0, 2]);
  it.each([
    // k = 1: rows 3 and 4 have nothing above → 2/4
    [1, 0.5],
    // k = 2: rows 1, 3, 4 have fewer than 2 above → 3/4
    [2, 0.75],
    // k = 4 ≥ width: everything → 1
    [4, 1],
  ])('k = %i', (k, expected) => {
    expect(topKAccuracy(predictions, targets, 4, 4, { k })).toBe(expected);
  });

  it('defaults to k = 5 and needs one score per class', () => {
    expect(createMetric('top_k_categorical_accuracy').compute(predictions, targets, 4, 4)).toBe(1);
    expect(() => topKAccuracy(f32([0.2]), f32([0]), 1, 1)).toThrow('metric top_k_accuracy: needs one score per class (width > 1), got width 1');
  });
});

describe('regression metrics', () => {
  // e = ŷ − y = [0, −1, −2, 0]: Σe² = 5, Σ|e| = 3 over 4 elements
  const predictions = f32([1, 2, 3, 4]);
  const targets = f32([1, 3, 5, 4]);
  it.each([
    ['mse = 5/4', meanSquaredError, 1.25],
    ['mae = 3/4', meanAbsoluteError, 0.75],
    ['rmse = √1.25 = 1.1180340', rootMeanSquaredError, Math.sqrt(1.25)],
  ] as const)('%s', (_label, metric, expected) => {
    expect(metric(predictions, targets, 2, 2)).toBeCloseTo(expected, 12);
  });
});

describe('metric registry and argument checks', () => {
  it.each([
    ['acc', 'accuracy'],
    ['sparse_categorical_accuracy', 'accuracy'],
    ['f1_score', 'f1'],
    ['roc_auc', 'auc'],
    ['top_k_categorical_accuracy', 'top_k_accuracy'],
    ['mean_squared_error', 'mse'],
    ['root_mean_squared_error', 'rmse'],
  ])('%s → %s', (alias, name) => {
    expect(metrics.get(alias).name).toBe(name);
  });

  it('builds each metric under the name it is registered with', () => {
    for (const entry of metrics.entries()) expect(entry.create().name).toBe(entry.name);
  });

  it('builds metrics with their options resolved once', () => {
    const top2 = createMetric('top_k_accuracy', { k: 2 });
    expect(top2.name).toBe('top_k_accuracy');
    expect(top2.compute(f32([0.1, 0.5, 0.3, 0.1]), f32([2]), 1, 4)).toBe(1);
    expect(createMetric('accuracy', { threshold: 0.95 }).compute(f32([0.9]), f32([1]), 1, 1)).toBe(0);
  });

  it('rejects bad options and unknown names', () => {
    expect(() => createMetric('top_k_accuracy', { k: 0 })).toThrow('metric top_k_accuracy: k must be ≥ 1, got 0');
    expect(() => createMetric('top_k_accuracy', { k: 1.5 })).toThrow('k must be a whole number, got 1.5');
    expect(() => createMetric('precision', { threshold: 2 })).toThrow('metric precision: threshold must be in [0, 1], got 2');
    expect(() => createMetric('acuracy')).toThrow("unknown metric 'acuracy' (did you mean 'accuracy'?)");
  });

  it('names expected and actual length when targets fit neither layout', () => {
    const call = () => accuracy(new Float32Array(6), new Float32Array(5), 2, 3);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('metric accuracy: targets must hold batch × width = 2 × 3 = 6 values (dense) or batch = 2 class indices, got 5');
    expect(() => auc(new Float32Array(2), new Float32Array(3), 2, 1)).toThrow('metric auc: targets must hold batch × width = 2 × 1 = 2 values, got 3');
    expect(() => rocCurve([0.1, 0.2], [1])).toThrow('roc_curve: scores and labels must have the same length, got 2 and 1');
  });
});
