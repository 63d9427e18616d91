import type { EntrySource } from '../../reference/entry';

/** The catalog text of the `auc` metric (./roc.ts). */
export const rocText: EntrySource = {
  name: 'auc',
  title: 'Area under the ROC curve',
  summary: 'The chance that a random positive sample scores higher than a random negative one.',
  formula: String.raw`\text{AUC} = \frac{R_+ - P(P + 1)/2}{P \cdot N_-} = \Pr\left(s_+ > s_-\right) + \tfrac12 \Pr\left(s_+ = s_-\right)`,
  plain: 'AUC = (R₊ − P(P + 1)/2)/(P·N₋), R₊ the positives’ rank sum (ties: average rank);  = P(s₊ > s₋) + ½P(s₊ = s₋)',
  whenToUse: 'Ranking quality independent of any threshold; imbalanced binary problems.',
  pitfalls: 'NaN when a batch has only one class. It says nothing about calibration: scores can rank well and still be poor probabilities.',
  variants: 'Ties count ½ (the trapezoid rule), as scikit-learn roc_auc_score. Multi-class is one-vs-rest, macro-averaged (multi_class="ovr"); scikit-learn raises where this returns NaN. Keras AUC approximates with 200 thresholds.',
  references: [
    'Hanley & McNeil 1982, The Meaning and Use of the Area under a Receiver Operating Characteristic (ROC) Curve',
    'Mann & Whitney 1947, On a Test of Whether one of Two Random Variables is Stochastically Larger than the Other',
  ],
};
