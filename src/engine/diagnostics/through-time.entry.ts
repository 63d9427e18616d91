import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of vanishing-through-time and exploding-through-time, the diagnostics ./through-time.ts checks. */
export const throughTimeTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'vanishing-through-time',
    title: 'Vanishing gradients through time',
    summary: 'The gradient of a recurrent layer shrinks on its way back to the first timestep, so the early inputs stop mattering.',
    lines: [String.raw`r &= \frac{\lVert \partial L / \partial h_1 \rVert}{\lVert \partial L / \partial h_T \rVert} < {{vanishing_through_time}}, \quad \text{per step: } r^{1/(T-1)}`],
    plain: 'r = ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ < vanishing_through_time (per recurrent layer, epoch 0 or the latest), per-step factor r^(1/(T−1))',
    whenToUse:
      'A warning: backpropagation through time multiplies by the state Jacobian ∂h_t/∂h_{t−1} = diag(f′)·W_hh at every step; with its norm below 1 the gradient decays geometrically and a dependency across T steps cannot be learned. Below float32 resolution (2⁻²³ ≈ 1.2e-7) the first steps’ share of the weight gradient is lost to rounding. Fix: lstm or gru instead of rnn; recurrent_init=orthogonal (identity with relu).',
    pitfalls:
      'With bptt the ratio starts at the last truncation window (earlier states get no gradient from the end by design). With return_sequences=true every step also receives its own output’s gradient, which hides vanishing. A sequence longer than 64 steps is averaged in runs, so h_1 is the mean of the first run.',
    references: [REFERENCES.bengio, REFERENCES.pascanu],
  }),
  diagnostic({
    name: 'exploding-through-time',
    title: 'Exploding gradients through time',
    summary: 'The gradient of a recurrent layer grows on its way back to the first timestep, so one batch can throw the weights far away.',
    lines: [String.raw`r &= \frac{\lVert \partial L / \partial h_1 \rVert}{\lVert \partial L / \partial h_T \rVert} > {{exploding_through_time}}`],
    plain: 'r = ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ > exploding_through_time (per recurrent layer, epoch 0 or the latest)',
    whenToUse:
      'A warning: the same product with a state Jacobian whose largest singular value exceeds 1 grows geometrically (Pascanu et al.: a largest singular value of W_hh above 1/γ, γ the bound of f′, is necessary for it); the loss surface has cliffs. A loss at every step adds at most T non-growing terms, so a ratio above 1000 needs growth. Fix: clip norm 1.0; recurrent_init=orthogonal; lstm or gru; bptt to truncate.',
    pitfalls: 'Clipping bounds the step but not the growth: the ratio stays high while the run survives.',
    references: [REFERENCES.pascanu, REFERENCES.bengio],
  }),
];
