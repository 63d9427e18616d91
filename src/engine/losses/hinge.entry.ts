import type { EntrySource } from '../../reference/entry';

/** The catalog text of the `hinge` loss (./hinge.ts). */
export const hingeText: EntrySource = {
  name: 'hinge',
  title: 'Hinge loss',
  summary: 'Zero once the prediction is on the right side of the margin, linear penalty otherwise.',
  formula: String.raw`\ell = \max(0, 1 - y\,\hat y), \quad y \in \{-1, 1\}, \qquad \frac{\partial \ell}{\partial \hat y} = \begin{cases} -y & y\hat y < 1 \\ 0 & \text{otherwise} \end{cases}`,
  plain: 'ℓ = max(0, 1 − y·ŷ), y ∈ {−1, 1} (0/1 labels read as 2y − 1);  mean over batch × width',
  whenToUse: 'Margin classifiers (a linear SVM is a linear layer with this loss), with a linear output and ±1 targets.',
  pitfalls: 'Not a probability: predictions are scores. Samples beyond the margin contribute no gradient.',
  variants: 'Keras hinge, which reads 0/1 labels as 2y − 1 as here. PyTorch has no direct equivalent: HingeEmbeddingLoss scores distances and MultiMarginLoss is the multi-class form.',
  references: ['Cortes & Vapnik 1995, Support-Vector Networks'],
};
