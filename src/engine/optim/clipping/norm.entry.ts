import { aligned, type EntrySource } from '../../../reference/entry';
import { GLOBAL_NORM, NON_FINITE } from './clipper.entry';

/** The catalog text of the `norm` clipper (./norm.ts). */
export const normText: EntrySource = {
  name: 'norm',
  title: 'Clip by global norm',
  summary: 'Rescales all gradients together when their joint norm exceeds τ, keeping the step’s direction.',
  formula: aligned(String.raw`&${GLOBAL_NORM}`, String.raw`g &\leftarrow g \cdot \min\left(1, \frac{{{max_norm}}}{\lVert g \rVert}\right)`),
  symbols: { max_norm: String.raw`\tau` },
  plain: 'g ← g·min(1, τ/‖g‖),  ‖g‖ = √(Σ g²) over all parameters at once',
  whenToUse: 'Recurrent nets, transformers and any run whose gradient norm spikes now and then; τ a little above the typical norm (e.g. clip norm 1.0).',
  pitfalls: `A τ below the typical norm clips every step: each update then has length η·τ whatever the gradient says (diagnostic frequent-clipping). ${NON_FINITE}`,
  variants:
    'PyTorch clip_grad_norm_ scales by τ/(‖g‖ + 10⁻⁶), so a norm just at τ is shrunk slightly; this is the exact rule, which leaves gradients at or below τ untouched. TensorFlow clip_by_global_norm and Keras global_clipnorm are this rule; Keras clipnorm clips each tensor separately instead.',
  references: ['Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks'],
};
