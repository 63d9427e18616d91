import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of dying-relu and saturation, the diagnostics ./units.ts checks. */
export const unitTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'dying-relu',
    title: 'Dying ReLU',
    summary: 'ReLU units whose pre-activation is ≤ 0 for every sample output 0, get no gradient, and never recover (leaky units below 0 still learn, from α of their gradient).',
    lines: [String.raw`f_{\text{dead}} &= \frac{\#\{\, j : z_{ij} \le 0 \ \forall i \,\}}{\text{units}} > {{dead_fraction}}`],
    plain: 'f_dead = #{units j : z_ij ≤ 0 for every sample i of the latest epoch} / units > dead_fraction (relu, and leaky_relu with a slope below 0.1)',
    whenToUse: 'A warning for relu: a too-large step or a bad initial scale pushed units below zero for good. Information for a leaky slope below 0.1: the units learn, but slowly. Fix: leaky_relu for plain relu, a steeper slope for a shallow one; he_normal and a lower learning rate help either way.',
    pitfalls: 'Measured on the latest epoch (one batch at epoch 0); exactly the threshold is not flagged. A leaky slope of 0.1 or more, and elu, are never flagged: their units below 0 keep a useful gradient.',
    references: ['Maas, Hannun & Ng 2013, Rectifier Nonlinearities Improve Neural Network Acoustic Models', REFERENCES.he],
  }),
  diagnostic({
    name: 'saturation',
    title: 'Saturated units',
    summary: 'tanh or sigmoid outputs sit near an asymptote, where the slope is almost zero and the unit barely learns.',
    lines: [
      String.raw`f_{\text{sat}} &= \frac{\#\{\text{outputs with } |a| > 0.99 \ (\tanh) \text{ or } a \notin [0.01, 0.99] \ (\sigma)\}}{\#\text{outputs}} > {{saturated_fraction}}`,
    ],
    plain: 'f_sat = share of outputs within 1 % of an asymptote (|a| > 0.99 for tanh; a < 0.01 or a > 0.99 for the sigmoid σ) > saturated_fraction',
    whenToUse: 'A warning: there tanh′ = 1 − a² and σ′ = a(1 − a) pass back under 2 % of the gradient. Fix: glorot_uniform when not Glorot-initialized; batchnorm before the layer otherwise.',
    pitfalls: 'The output layer is skipped under a cross-entropy loss: its gradient p − y does not pass through σ′, and a saturated output there is a confident prediction.',
    references: [REFERENCES.init, REFERENCES.lecun],
  }),
];
