import type { SymbolSpec } from '../../../reference/entry';

/**
 * The notation every optimizer's catalog text shares. t counts steps from 1;
 * g_t is the gradient with the L2 term λw added where the optimizer has one.
 */

/** The TeX symbol of each optimizer parameter a formula shows. */
export const OPTIMIZER_SYMBOLS = {
  lr: String.raw`\eta`,
  momentum: String.raw`\mu`,
  dampening: 'd',
  weight_decay: String.raw`\lambda`,
  beta1: String.raw`\beta_1`,
  beta2: String.raw`\beta_2`,
  eps: String.raw`\varepsilon`,
  alpha: String.raw`\alpha`,
  lr_decay: String.raw`\kappa`,
  initial_accumulator: String.raw`G_{\text{init}}`,
} satisfies Record<string, SymbolSpec>;

/** The gradient every optimizer with an L2 weight_decay steps on. */
export const L2_GRADIENT = String.raw`g_t &= \nabla_w L(w_{t-1}) + {{weight_decay}}\, w_{t-1}`;
