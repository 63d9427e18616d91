import type { EntrySource } from '../../reference/entry';
import { diagnostic, LOSS0, REFERENCES } from './symbols.entry';

/** The catalog text of divergence and lr-too-high, the diagnostics ./stability.ts checks. */
export const stabilityTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'divergence',
    title: 'Divergence (NaN or ∞)',
    summary: 'A loss, weight or gradient became NaN or ±∞ and the run stopped at that step.',
    lines: [String.raw`&\exists\, x \in \{\ell_t, w, g\} : \ x \notin \mathbb{R} \ \text{ or } \ |x| > 3.4 \times 10^{38} \ (\text{float32 max}) \implies \text{stop}`],
    plain: 'a loss, weight or gradient that is NaN or ±∞ (beyond the largest float32, 3.4 × 10³⁸) stops the run at that step; the last good weights are kept',
    whenToUse: 'An error: the steps overshot until the numbers left float range; the message names the step and the first layer that went bad. Fix: lower the learning rate or clip the global norm (norm) when the run does not clip; lower the rate or warm it up (warmup) when it does.',
    pitfalls: 'Clipping does not repair a NaN: a non-finite norm is reported and left alone, so the divergence shows.',
    references: [REFERENCES.book, REFERENCES.lecun],
  }),
  diagnostic({
    name: 'lr-too-high',
    title: 'Learning rate too high',
    summary: 'The loss rises or swings above where it started, without going non-finite: the steps overshoot the minimum.',
    lines: [
      String.raw`\text{1. } & \max_{k \ge 1} \ell_k / \ell_0 > {{loss_rise_factor}}`,
      String.raw`\text{2. } & Q_{0.75}(\text{recent step losses}) / \ell_0 > {{loss_rise_factor}}`,
      String.raw`\text{3. } & \text{rise of the least-squares line through the recent step losses} / \ell_0 > {{loss_trend_rise}}`,
      String.raw`& \text{rules 2 and 3 need} \ge {{min_window_steps}} \text{ steps}; \quad ${LOSS0}`,
    ],
    plain:
      '1. worst epoch loss / ℓ₀ > loss_rise_factor;  2. upper quartile of recent step losses / ℓ₀ > loss_rise_factor;  3. rise of the fitted trend over the recent steps / ℓ₀ > loss_trend_rise  (ℓ₀ = training loss at epoch 0; rules 2–3 need min_window_steps steps)',
    whenToUse: 'A warning: the first rule that holds is reported; a diverged run reports divergence instead. Fix: lower the learning rate (the message suggests a tenth) or warm it up (warmup).',
    pitfalls: 'With a batch of one sample single misclassified samples lift the quartile; cyclical and warm-restart schedules raise the loss on purpose and can trip the trend rule.',
    references: [REFERENCES.lecun, REFERENCES.book],
  }),
];
