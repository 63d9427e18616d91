import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of symmetry and init-mismatch, the diagnostics ./initialization.ts checks. */
export const initializationTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'symmetry',
    title: 'Symmetry (identical units)',
    summary: 'Every unit of a dense layer (or filter of a conv layer) has the same incoming weights, so the layer works as a single unit however wide.',
    lines: [
      String.raw`s &= \frac{\max_i \lVert W_i - \bar W \rVert}{\sqrt{\operatorname{mean}(W)^2 + \operatorname{std}(W)^2}} \le {{symmetry_tolerance}} \quad \text{at epoch } 0 \text{ and at the latest epoch}`,
    ],
    plain: 's = max_i ‖Wᵢ − W̄‖ / √(mean² + std²) ≤ symmetry_tolerance at epoch 0 and at the latest epoch (layers of more than one unit)',
    whenToUse: 'An error: the run cannot learn as set up. A constant initializer (zeros, ones, constant) causes it. Fix: a random initializer — he_normal for the ReLU family, glorot_uniform for tanh and sigmoid.',
    pitfalls: 'Dropout can break the tie during training; then nothing is reported, though the start was still wasted.',
    references: ['Rumelhart, Hinton & Williams 1986, Learning internal representations by error propagation (symmetry breaking)', REFERENCES.book],
  }),
  diagnostic({
    name: 'init-mismatch',
    title: 'Initializer–activation mismatch',
    summary: 'The initializer’s variance was derived for another activation than the layer’s.',
    lines: [
      String.raw`\operatorname{Var}(W) &= \frac{s}{n}: \quad s_{\text{init}} = \begin{cases} 2 & \text{he\_*} \\ 1 & \text{glorot\_*, lecun\_*} \end{cases} \ne s_{\text{needed}} = \begin{cases} 2 & \text{ReLU family} \\ 1 & \tanh, \sigma \end{cases}`,
    ],
    plain: 'Var(W) = s/n: s = 2 for he_*, 1 for glorot_* and lecun_*;  the ReLU family needs s = 2, tanh and σ (sigmoid) s = 1;  flagged when they differ',
    whenToUse: 'Information, read from the declarations alone: ReLU zeroes half of z and needs s = 2 (He); Glorot gives s = 1 and the signal halves at every ReLU layer. Fix: he_normal for the ReLU family, glorot_uniform for tanh and sigmoid.',
    pitfalls: 'A gain option can correct the scale without the name showing it, which is why this is information and not a warning. Orthogonal, lsuv and random initializers, and softmax, linear and gelu layers, are not judged.',
    references: [REFERENCES.he, REFERENCES.init],
  }),
];
