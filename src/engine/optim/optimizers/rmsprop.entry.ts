import { aligned, type EntrySource } from '../../../reference/entry';
import { L2_GRADIENT, OPTIMIZER_SYMBOLS } from './symbols.entry';

/** The catalog text of `rmsprop`, the optimizer ./rmsprop.ts implements. */
export const rmspropText: EntrySource = {
  name: 'rmsprop',
  title: 'RMSprop',
  summary: 'Divides each step by the root of a moving average of squared gradients, so step sizes adapt per weight without fading.',
  formula: aligned(
    L2_GRADIENT,
    String.raw`v_t &= {{alpha}}\, v_{t-1} + (1 - {{alpha}})\, g_t^2`,
    String.raw`\tilde v_t &= v_t - \bar g_t^2, \quad \bar g_t = {{alpha}}\, \bar g_{t-1} + (1 - {{alpha}})\, g_t \quad \text{(centered; else } \tilde v_t = v_t)`,
    String.raw`w_t &= w_{t-1} - {{lr}}\, \frac{g_t}{\sqrt{\tilde v_t} + {{eps}}} \quad (\mu = 0)`,
    String.raw`b_t &= {{momentum}}\, b_{t-1} + \frac{g_t}{\sqrt{\tilde v_t} + {{eps}}}, \quad w_t = w_{t-1} - {{lr}}\, b_t \quad (\mu > 0)`,
  ),
  symbols: OPTIMIZER_SYMBOLS,
  plain: 'g = ∇L(w) + λw;  v ← αv + (1 − α)g²;  centered: ṽ = v − ḡ², ḡ ← αḡ + (1 − α)g;  w ← w − η·g/(√ṽ + ε)  (with momentum: b ← μb + g/(√ṽ + ε), w ← w − ηb)',
  whenToUse: 'Recurrent networks and non-stationary objectives; a robust default before Adam existed.',
  pitfalls: 'No bias correction: v starts at 0, so the first steps are larger than later ones, by up to 1/√(1 − α) (10× at α = 0.99). Pair with a warmup if the start is unstable.',
  variants:
    'PyTorch’s defaults: lr 0.01, alpha 0.99, eps 1e-8. Keras calls alpha rho and defaults it to 0.9 (as Hinton’s lecture), with lr 0.001 and epsilon 1e-7. The centered form clamps v − ḡ² at 0 so rounding cannot give NaN.',
  references: [
    'Hinton, Srivastava & Swersky 2012, Neural Networks for Machine Learning, lecture 6e',
    'Graves 2013, Generating Sequences With Recurrent Neural Networks (centered RMSprop)',
  ],
};
