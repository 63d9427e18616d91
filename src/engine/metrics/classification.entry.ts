import { aligned, type EntrySource } from '../../reference/entry';

const PREDICTED_CLASS = String.raw`\hat c_i = \begin{cases} [\,p_i > {{threshold}}\,] & \text{width } 1 \\ \arg\max_j p_{ij} & \text{width} > 1 \end{cases}`;

const MACRO =
  'Multi-class: the unweighted mean over the classes present in the targets or the predictions, with 0 for a zero division — scikit-learn’s defaults (average="macro", zero_division=0). Keras’s Precision and Recall are binary only.';

const THRESHOLD = { threshold: String.raw`\tau` };

/** The catalog text of the metrics ./classification.ts computes. */
export const classificationTexts: readonly EntrySource[] = [
  {
    name: 'accuracy',
    title: 'Accuracy',
    summary: 'The fraction of samples whose predicted class is the true class.',
    formula: aligned(String.raw`\text{accuracy} &= \frac1N \sum_i [\,\hat c_i = c_i\,]`, `&${PREDICTED_CLASS}`),
    symbols: THRESHOLD,
    plain: 'accuracy = (1/N)·#{i : ĉᵢ = cᵢ};  ĉ = [p > τ] for width 1, argmax of the row otherwise',
    whenToUse: 'Balanced classification problems, as the headline number.',
    pitfalls: 'Misleading on imbalanced data: predicting the majority class of a 95/5 split scores 0.95. Use f1 or auc there.',
    variants: 'One name for Keras binary_accuracy (width 1), categorical_accuracy and sparse_categorical_accuracy (width > 1). A width-1 prediction is class 1 when p > τ strictly, as Keras.',
    references: ['Sokolova & Lapalme 2009, A systematic analysis of performance measures for classification tasks'],
  },
  {
    name: 'precision',
    title: 'Precision',
    summary: 'Of the samples predicted positive, the share that are.',
    formula: aligned(String.raw`\text{precision} &= \frac{TP}{TP + FP}`, `&${PREDICTED_CLASS}`),
    symbols: THRESHOLD,
    plain: 'precision = TP/(TP + FP)  (binary: class 1, predicted when p > τ; multi-class: macro average)',
    whenToUse: 'When a false alarm is costly (spam filtering): how much of what was flagged is right.',
    pitfalls: 'Predicting positive rarely raises it; read it with recall. 0 when nothing is predicted positive.',
    variants: MACRO,
    references: ['Sokolova & Lapalme 2009, A systematic analysis of performance measures for classification tasks'],
  },
  {
    name: 'recall',
    title: 'Recall (sensitivity)',
    summary: 'Of the positive samples, the share the model finds.',
    formula: aligned(String.raw`\text{recall} &= \frac{TP}{TP + FN}`, `&${PREDICTED_CLASS}`),
    symbols: THRESHOLD,
    plain: 'recall = TP/(TP + FN)  (binary: class 1, predicted when p > τ; multi-class: macro average)',
    whenToUse: 'When a miss is costly (screening): how much of what is there was found.',
    pitfalls: 'Predicting positive always gives recall 1; read it with precision. 0 when there are no positives.',
    variants: MACRO,
    references: ['Sokolova & Lapalme 2009, A systematic analysis of performance measures for classification tasks'],
  },
  {
    name: 'f1',
    title: 'F1 score',
    summary: 'The harmonic mean of precision and recall.',
    formula: aligned(
      String.raw`F_1 &= \frac{2\,TP}{2\,TP + FP + FN} = \frac{2 \cdot \text{precision} \cdot \text{recall}}{\text{precision} + \text{recall}}`,
      `&${PREDICTED_CLASS}`,
    ),
    symbols: THRESHOLD,
    plain: 'F1 = 2TP/(2TP + FP + FN)  (binary: class 1, predicted when p > τ; multi-class: mean of per-class F1)',
    whenToUse: 'Imbalanced classification, where accuracy flatters: it is high only when both precision and recall are.',
    pitfalls: 'Ignores true negatives; depends on the threshold τ for binary outputs.',
    variants: `Macro F1 is the mean of per-class F1s (scikit-learn), not the F1 of macro precision and recall. ${MACRO}`,
    references: ['van Rijsbergen 1979, Information Retrieval'],
  },
  {
    name: 'top_k_accuracy',
    title: 'Top-k accuracy',
    summary: 'The fraction of samples whose true class is among the k highest scores.',
    formula: String.raw`\text{top-}k = \frac1N \sum_i \left[\, \left|\{\, j : s_{ij} > s_{i c_i} \,\}\right| < {{k}} \,\right]`,
    symbols: { k: 'k' },
    plain: 'top-k = (1/N)·#{i : fewer than k classes score strictly higher than the true class}',
    whenToUse: 'Many classes with near-synonyms (ImageNet reports top-5).',
    pitfalls: 'Needs one score per class (width > 1); with k ≥ classes it is always 1.',
    variants: 'Ties at the boundary all count as in the top k, as TensorFlow’s in_top_k (Keras top_k_categorical_accuracy). k defaults to 5 as in Keras.',
    references: ['Russakovsky et al. 2015, ImageNet Large Scale Visual Recognition Challenge'],
  },
];
