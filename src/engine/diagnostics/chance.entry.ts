import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of chance-level, the diagnostic ./chance.ts checks. */
export const chanceTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'chance-level',
    title: 'Chance level',
    summary: 'A classifier’s loss sits at the loss of guessing the classes without looking at the input.',
    lines: [
      String.raw`\ell_{\text{guess}} &= -\textstyle\sum_k p_k \ln p_k \quad (= \ln K \text{ for } K \text{ balanced classes}; \ -p \ln p - (1-p)\ln(1-p) \text{ for one sigmoid output})`,
      String.raw`\frac{|\ell_t - \ell_{\text{guess}}|}{\ell_{\text{guess}}} &\le {{chance_loss_margin}} \text{ for each of the last } {{chance_epochs}} \text{ epochs } t`,
      String.raw`\text{accuracy} &\le \max_k p_k + {{chance_accuracy_margin}} \quad (\text{validation if measured, else training; } p_k = \text{class frequency in the training labels})`,
    ],
    plain:
      'ℓ_guess = −Σ pₖ ln pₖ over the class frequencies of the training labels (ln K when balanced; −p ln p − (1−p) ln(1−p) for one sigmoid output; per timestep for sequence labels); |ℓ − ℓ_guess|/ℓ_guess ≤ chance_loss_margin in each of the last chance_epochs epochs, and accuracy ≤ max pₖ + chance_accuracy_margin',
    whenToUse:
      'A warning, for cross-entropy losses: the network outputs the same distribution whatever the input. Fix: the cause another diagnostic found (symmetry, vanishing-gradients, dying-relu, …) when there is one; warmup for attention blocks with norm=post; otherwise a learning rate ten times lower or higher, as the layers’ update ratios say.',
    pitfalls:
      'Judged on the last epochs only, so a run that starts at chance and then learns is not flagged; a run that is still at chance when it ends is, even if more epochs would have got it going. Label smoothing raises the loss of every prediction, the guess’s included.',
    variants: 'Keras and PyTorch report no such check; the baseline is the entropy of the labels, the loss of the best prediction that ignores the input.',
    references: [REFERENCES.book, 'Xiong et al. 2020, On Layer Normalization in the Transformer Architecture'],
  }),
];
