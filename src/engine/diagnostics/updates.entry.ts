import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of update-ratio, the diagnostic ./updates.ts checks. */
export const updateTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'update-ratio',
    title: 'Update-to-weight ratio',
    summary: 'How much of a layer’s weights one optimizer step changes: about a thousandth is healthy.',
    lines: [
      String.raw`r &= \operatorname{mean}_{t \in \text{sampled steps}} \frac{\lVert W_{t} - W_{t-1} \rVert}{\lVert W_{t-1} \rVert} \quad \text{(per epoch, about 16 steps)}`,
      String.raw`& r_{\text{latest}} > {{update_ratio_high}}: \text{ updates too large}; \quad \max_{\text{epochs}} r < {{update_ratio_low}}: \text{ the layer barely learns}; \quad r \approx 10^{-3} \text{ healthy}`,
    ],
    plain: 'r = mean over sampled steps of ‖W_t − W_(t−1)‖ / ‖W_(t−1)‖, per epoch;  latest r > update_ratio_high: updates too large;  largest r < update_ratio_low: barely learning;  about 1e-3 is healthy',
    whenToUse: 'Per layer with a kernel (dense, conv2d): a warning when the latest epoch’s r is above the high threshold (lower the learning rate, or warm it up); information when every epoch’s r stayed below the low one (raise it, use adam, or fix a vanishing gradient first).',
    pitfalls: 'A rule of thumb, not a law: adaptive optimizers give every weight a step near the learning rate, so r ≈ lr / RMS(W), and layers of very different width differ. A layer with all-zero weights has no ratio (see symmetry).',
    variants: 'Karpathy’s CS231n notes plot the ratio per step and per parameter; W&B and TensorBoard users compute it by hand from weight histograms. Here it is the kernel W of dense and conv2d layers only (biases and batch-norm parameters are left out).',
    references: ['Karpathy, CS231n Convolutional Neural Networks for Visual Recognition, Neural Networks Part 3: Babysitting the learning process', REFERENCES.book],
  }),
];
