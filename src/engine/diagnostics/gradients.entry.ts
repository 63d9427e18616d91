import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of vanishing-gradients and exploding-gradients, the diagnostics ./gradients.ts checks. */
export const gradientTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'vanishing-gradients',
    title: 'Vanishing gradients',
    summary: 'The gradient shrinks on its way back to the input, so the first layers stop learning.',
    lines: [String.raw`r &= \frac{\lVert \nabla W_{\text{first}} \rVert}{\lVert \nabla W_{\text{output}} \rVert} < {{vanishing_ratio}}, \quad \text{per layer: } r^{1/(L-1)}`],
    plain: 'r = ‖∇W_first‖ / ‖∇W_output‖ < vanishing_ratio (epoch 0 or the latest), per-layer factor r^(1/(L−1))',
    whenToUse: 'A warning: backpropagation multiplies by Wᵀ·f′(z) at every layer; below 1 the gradient decays geometrically with depth. Fix: he_normal for ReLU layers without He; lsuv or batchnorm when He is already used; batchnorm for tanh/sigmoid stacks.',
    pitfalls: 'A first-layer norm of exactly 0 counts as vanished; an output norm of 0 is not judged.',
    references: [REFERENCES.gradients, REFERENCES.init],
  }),
  diagnostic({
    name: 'exploding-gradients',
    title: 'Exploding gradients',
    summary: 'The gradient grows on its way back to the input, so the first layers take huge steps.',
    lines: [String.raw`r &= \frac{\lVert \nabla W_{\text{first}} \rVert}{\lVert \nabla W_{\text{output}} \rVert} > {{exploding_ratio}}`],
    plain: 'r = ‖∇W_first‖ / ‖∇W_output‖ > exploding_ratio (epoch 0 or the latest)',
    whenToUse: 'A warning: the same product above 1; the run is close to diverging. Fix: clip the global norm (norm, e.g. clip norm 1.0) when the run does not clip; batchnorm when it already does.',
    pitfalls: 'Clipping hides the symptom in the step but not the cause; check the initializer scale too.',
    references: [REFERENCES.pascanu, REFERENCES.init],
  }),
];
