import { aligned, type EntrySource } from '../../../reference/entry';
import { L2_GRADIENT, OPTIMIZER_SYMBOLS } from './symbols.entry';

/** The catalog text of `adagrad`, the optimizer ./adagrad.ts implements. */
export const adagradText: EntrySource = {
  name: 'adagrad',
  title: 'Adagrad',
  summary: 'Divides each weight’s step by the root of the sum of its squared gradients, so rarely updated weights keep large steps.',
  formula: aligned(
    L2_GRADIENT,
    String.raw`G_t &= G_{t-1} + g_t^2, \quad G_0 = {{initial_accumulator}}`,
    String.raw`\eta_t &= \frac{{{lr}}}{1 + (t - 1)\, {{lr_decay}}}`,
    String.raw`w_t &= w_{t-1} - \eta_t\, \frac{g_t}{\sqrt{G_t} + {{eps}}}`,
  ),
  symbols: OPTIMIZER_SYMBOLS,
  plain: 'g = ∇L(w) + λw;  G ← G + g² (G₀ = initial_accumulator);  η_t = η/(1 + (t − 1)κ);  w ← w − η_t·g/(√G + ε)',
  whenToUse: 'Sparse features (text, embeddings) where some weights see gradients rarely.',
  pitfalls: 'G only grows, so steps fade toward zero on long runs and learning stops (diagnostic plateau); RMSprop and Adam replace the sum by a moving average.',
  variants: 'PyTorch’s defaults (lr 0.01, eps 1e-10, initial_accumulator 0, lr_decay). Keras Adagrad: lr 0.001, initial_accumulator_value 0.1, epsilon 1e-7, no lr_decay.',
  references: ['Duchi, Hazan & Singer 2011, Adaptive Subgradient Methods for Online Learning and Stochastic Optimization'],
};
