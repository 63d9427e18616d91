import type { EntrySource } from '../../../reference/entry';
import { PER_STEP, SCHEDULE_SYMBOLS } from './symbols.entry';

/** The catalog text of the `constant`, `step` and `exponential` schedules (./basic.ts). */
export const basicTexts: readonly EntrySource[] = [
  {
    name: 'constant',
    title: 'Constant learning rate',
    summary: 'The optimizer’s learning rate, unchanged for the whole run.',
    formula: String.raw`\eta_t = \eta_0`,
    plain: 'η_t = η₀',
    whenToUse: 'The default, and the baseline for judging any schedule; adaptive optimizers (Adam) often do well with it.',
    pitfalls: 'A rate large enough to make fast progress early is usually too large to settle into a minimum late: the loss stalls at a noisy floor.',
    references: ['Bottou 2012, Stochastic Gradient Descent Tricks'],
  },
  {
    name: 'step',
    title: 'Step decay',
    summary: 'Multiplies the rate by γ every T steps.',
    formula: String.raw`\eta_t = \eta_0 \cdot {{gamma}}^{\lfloor t / {{step_size}} \rfloor}`,
    symbols: SCHEDULE_SYMBOLS,
    plain: 'η_t = η₀·γ^⌊t/T⌋',
    whenToUse: 'Long SGD runs: the classic ImageNet recipe divides the rate by 10 every 30 epochs.',
    pitfalls: 'Each drop is sudden: the loss curve shows steps. T must fit the run length or the rate never (or too soon) drops.',
    variants: `PyTorch StepLR with gamma 0.1 as default. ${PER_STEP}`,
    references: ['He, Zhang, Ren & Sun 2016, Deep Residual Learning for Image Recognition'],
  },
  {
    name: 'exponential',
    title: 'Exponential decay',
    summary: 'Shrinks the rate by the same factor every step.',
    formula: String.raw`\eta_t = \eta_0\, e^{-{{decay}}\, t} \quad \text{or} \quad \eta_t = \eta_0 \cdot {{gamma}}^{t}`,
    symbols: SCHEDULE_SYMBOLS,
    plain: 'η_t = η₀·e^(−λt)  (decay=λ)   or   η_t = η₀·γ^t  (gamma=γ);  the same curve with γ = e^(−λ)',
    whenToUse: 'A smooth decay when the run length is not known in advance.',
    pitfalls: 'Per step, γ must be very close to 1: γ = 0.99 leaves η₀·0.99¹⁰⁰⁰ ≈ 4×10⁻⁵·η₀ after 1,000 steps. Give exactly one of decay and gamma.',
    variants: `Lecture notes write the continuous η₀e^(−λt) (decay); PyTorch ExponentialLR the per-step η₀γ^t (gamma). Keras ExponentialDecay's η₀·r^(t/s) is gamma = r^(1/s). ${PER_STEP}`,
    references: ['Bengio 2012, Practical Recommendations for Gradient-Based Training of Deep Architectures'],
  },
];
