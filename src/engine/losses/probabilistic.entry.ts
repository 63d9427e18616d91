import { aligned, type EntrySource } from '../../reference/entry';

const CLAMP =
  'Probabilities are clamped to [10⁻⁷, 1 − 10⁻⁷] before the log, as Keras does; PyTorch BCELoss instead clamps each log at −100. Where the clamp is active the gradient is 0.';

const BINARY = aligned(
  String.raw`\ell &= -\left[y \log p + (1 - y) \log(1 - p)\right], \quad L = \tfrac1n \textstyle\sum \ell`,
  String.raw`\ell &= \max(z, 0) - z\,y + \log\left(1 + e^{-|z|}\right) \quad \text{on logits } z \ (\text{from\_logits})`,
  String.raw`\frac{\partial L}{\partial z} &= \frac{\sigma(z) - y}{n}`,
);

const BINARY_PLAIN = 'ℓ = −[y·log p + (1 − y)·log(1 − p)], mean over n = batch × width;  on logits: ℓ = max(z, 0) − zy + log(1 + e^(−|z|));  dL/dz = (σ(z) − y)/n';

const CATEGORICAL = aligned(
  String.raw`L &= -\frac1N \sum_i \sum_j y_{ij} \log p_{ij}`,
  String.raw`\log p_{ij} &= z_{ij} - \log \textstyle\sum_k e^{z_{ik}} \quad \text{on logits } (\text{from\_logits})`,
  String.raw`\frac{\partial L}{\partial z_{ij}} &= \frac{p_{ij} - y_{ij}}{N}`,
);

const CATEGORICAL_PLAIN = 'L = −(1/N) Σᵢ Σⱼ yᵢⱼ log pᵢⱼ;  on logits: log pᵢⱼ = zᵢⱼ − log Σₖ e^zᵢₖ;  dL/dz = (p − y)/N';

/** The catalog text of the losses ./probabilistic.ts computes. */
export const probabilisticTexts: readonly EntrySource[] = [
  {
    name: 'binary_crossentropy',
    title: 'Binary cross-entropy (on probabilities)',
    summary: 'The negative log-likelihood of 0/1 targets under predicted probabilities p.',
    formula: BINARY,
    plain: BINARY_PLAIN,
    whenToUse: 'Binary and multi-label classification with a sigmoid output layer; training then uses the fused gradient (p − y)/n.',
    pitfalls: `Do not put it after a linear output: p must be a probability. ${CLAMP}`,
    variants: `Keras binary_crossentropy (from_logits=false by default); PyTorch BCELoss. from_logits=true is PyTorch BCEWithLogitsLoss, the stable form that never exponentiates a positive number. ${CLAMP}`,
    references: ['Cox 1958, The Regression Analysis of Binary Sequences'],
  },
  {
    name: 'binary_cross_entropy_with_logits',
    title: 'Binary cross-entropy on logits',
    summary: 'Binary cross-entropy computed from raw scores z, with the sigmoid folded in stably.',
    formula: BINARY,
    plain: BINARY_PLAIN,
    whenToUse: 'Binary classification with a linear output layer (no sigmoid), as in PyTorch.',
    pitfalls: 'Do not also put a sigmoid on the output layer: the loss would apply it twice.',
    variants: 'PyTorch BCEWithLogitsLoss: from_logits defaults to true, unlike the Keras name binary_crossentropy. pos_weight is not supported.',
    references: ['Cox 1958, The Regression Analysis of Binary Sequences'],
  },
  {
    name: 'categorical_crossentropy',
    title: 'Categorical cross-entropy',
    summary: 'The negative log-probability the predicted distribution gives the true class.',
    formula: CATEGORICAL,
    plain: CATEGORICAL_PLAIN,
    whenToUse: 'Multi-class classification with a softmax output; training then uses the fused gradient (p − y)/N. Targets may be one-hot rows or class indices.',
    pitfalls: `With a linear output set from_logits=true (or use cross_entropy). ${CLAMP}`,
    variants: `Keras categorical_crossentropy; Keras needs one-hot rows (sparse_categorical_crossentropy for indices), this engine accepts both, as PyTorch CrossEntropyLoss does. Keras renormalizes each row of p to sum to 1 first; here not (a softmax output already does). ${CLAMP}`,
    references: ['Bridle 1990, Probabilistic Interpretation of Feedforward Classification Network Outputs'],
  },
  {
    name: 'sparse_categorical_crossentropy',
    title: 'Sparse categorical cross-entropy',
    summary: 'Categorical cross-entropy with each target given as a class index c_i.',
    formula: aligned(
      String.raw`L &= -\frac1N \sum_i \log p_{i, c_i}`,
      String.raw`\log p_{ic} &= z_{ic} - \log \textstyle\sum_k e^{z_{ik}} \quad \text{on logits } (\text{from\_logits})`,
    ),
    plain: 'L = −(1/N) Σᵢ log p_{i,cᵢ}  (cᵢ the class index of sample i)',
    whenToUse: 'Multi-class classification with integer labels and a softmax output (the Keras spelling for index targets).',
    pitfalls: `Indices must be whole numbers in [0, classes). ${CLAMP}`,
    variants: 'The same computation as categorical_crossentropy here, which reads index targets too; Keras needs this name for indices.',
    references: ['Bridle 1990, Probabilistic Interpretation of Feedforward Classification Network Outputs'],
  },
  {
    name: 'cross_entropy',
    title: 'Cross-entropy on logits (PyTorch)',
    summary: 'Log-softmax and negative log-likelihood in one, on raw scores.',
    formula: CATEGORICAL,
    plain: CATEGORICAL_PLAIN,
    whenToUse: 'Multi-class classification with a linear output layer, as PyTorch models are written.',
    pitfalls: 'Do not put a softmax on the output layer: the loss applies one itself.',
    variants: 'PyTorch CrossEntropyLoss: from_logits defaults to true, unlike the Keras name categorical_crossentropy. Class weights, ignore_index and label smoothing are not supported.',
    references: ['Bridle 1990, Probabilistic Interpretation of Feedforward Classification Network Outputs'],
  },
  {
    name: 'nll',
    title: 'Negative log-likelihood (on log-probabilities)',
    summary: 'Minus the mean log-probability of the true class, with the inputs already log-probabilities.',
    formula: String.raw`L = -\frac1N \sum_i \sum_j y_{ij}\, x_{ij} = -\frac1N \sum_i x_{i, c_i}, \qquad \frac{\partial L}{\partial x_{ij}} = -\frac{y_{ij}}{N}`,
    plain: 'L = −(1/N) Σᵢ x_{i,cᵢ}  (x = log-probabilities),  dL/dx = −y/N',
    whenToUse: 'After a log-softmax output, as PyTorch NLLLoss.',
    pitfalls: 'The inputs must be log-probabilities; on probabilities or raw scores the value means nothing and is unbounded below.',
    variants: 'PyTorch NLLLoss takes class indices only; dense target rows are accepted here too.',
    references: ['Bridle 1990, Probabilistic Interpretation of Feedforward Classification Network Outputs'],
  },
  {
    name: 'kl_divergence',
    title: 'Kullback–Leibler divergence',
    summary: 'How far the predicted distribution p is from the target distribution y, in nats.',
    formula: String.raw`L = \frac1N \sum_i \sum_j y_{ij} \log \frac{y_{ij}}{p_{ij}}`,
    plain: 'L = (1/N) Σᵢ Σⱼ yᵢⱼ log(yᵢⱼ/pᵢⱼ)  (y and p clamped to [10⁻⁷, 1])',
    whenToUse: 'Soft targets: distillation, label distributions. It equals cross-entropy minus the (constant) entropy of y.',
    pitfalls: 'y and p are clamped to [10⁻⁷, 1], so a 0 target still adds ε·log(ε/p). Both must be distributions over the row.',
    variants: 'Keras kl_divergence takes probabilities, as here. PyTorch KLDivLoss takes log-probabilities as input and matches this only with reduction=batchmean, so it is not an alias.',
    references: ['Kullback & Leibler 1951, On Information and Sufficiency'],
  },
];
