import { aligned, type EntrySource } from '../../../reference/entry';
import { L2_GRADIENT, OPTIMIZER_SYMBOLS } from './symbols.entry';

const MOMENTUM_FORMS =
  'Three forms are taught, chosen by momentum_form. pytorch (the default, torch.optim.SGD): b ← μb + (1 − d)g, w ← w − ηb, with b₁ = g. ' +
  'velocity (Sutskever et al. 2013; Keras SGD): v ← μv − ηg, w ← w + v — the same steps as pytorch while η is constant (v = −ηb), but under a schedule past steps keep the η they were taken with. ' +
  'ema (the moving average of deeplearning.ai): v ← βv + (1 − β)g, w ← w − ηv with β = momentum — the pytorch form with η scaled by 1 − β, so at β = 0.9 its steps are 10× smaller for the same η.';

/** The catalog text of `sgd`, `momentum` and `nesterov`, the optimizers ./sgd.ts implements. */
export const sgdTexts: readonly EntrySource[] = [
  {
    name: 'sgd',
    title: 'Stochastic gradient descent',
    summary: 'Steps each weight against its gradient, scaled by the learning rate.',
    formula: aligned(L2_GRADIENT, String.raw`w_t &= w_{t-1} - {{lr}}\, g_t`),
    symbols: OPTIMIZER_SYMBOLS,
    plain: 'g = ∇L(w) + λw;  w ← w − η·g',
    whenToUse:
      'The baseline every other optimizer is measured against; with a well-tuned η and schedule it generalizes well. batch=1 is the stochastic form, a full batch is plain gradient descent.',
    pitfalls:
      'One η for every weight: too large diverges (diagnostic divergence, lr-too-high), too small crawls; ravines make it zig-zag, which momentum fixes.',
    variants: `With momentum > 0 this entry is the momentum update below. PyTorch SGD defaults to lr 1e-3 and momentum 0 (as here); Keras SGD to lr 0.01. ${MOMENTUM_FORMS}`,
    references: ['Robbins & Monro 1951, A Stochastic Approximation Method'],
  },
  {
    name: 'momentum',
    title: 'SGD with momentum (heavy ball)',
    summary: 'Accumulates past gradients in a buffer and steps along it, damping zig-zags and speeding along consistent directions.',
    formula: aligned(
      L2_GRADIENT,
      String.raw`\text{pytorch: } b_t &= {{momentum}}\, b_{t-1} + (1 - {{dampening}})\, g_t, \quad w_t = w_{t-1} - {{lr}}\, b_t`,
      String.raw`\text{velocity: } v_t &= {{momentum}}\, v_{t-1} - {{lr}}\, g_t, \quad w_t = w_{t-1} + v_t`,
      String.raw`\text{ema: } v_t &= {{momentum}}\, v_{t-1} + (1 - {{momentum}})\, g_t, \quad w_t = w_{t-1} - {{lr}}\, v_t`,
    ),
    symbols: OPTIMIZER_SYMBOLS,
    plain:
      'g = ∇L(w) + λw;  pytorch: b ← μb + (1 − d)g, w ← w − ηb (b₁ = g);  velocity: v ← μv − ηg, w ← w + v;  ema: v ← μv + (1 − μ)g, w ← w − ηv',
    whenToUse: 'Plain SGD that zig-zags or crawls; μ = 0.9 is the usual choice. The effective step is about η/(1 − μ), ten times η at 0.9.',
    pitfalls:
      'Momentum multiplies the effective step by 1/(1 − μ): an η that suited plain SGD may now diverge. Switching momentum_form to ema without raising η makes steps 10× smaller at μ = 0.9.',
    variants: `${MOMENTUM_FORMS} The PyTorch form starts the buffer at the first gradient, undamped. μ defaults to 0.9 here; PyTorch and Keras default momentum to 0.`,
    references: [
      'Polyak 1964, Some methods of speeding up the convergence of iteration methods',
      'Sutskever, Martens, Dahl & Hinton 2013, On the importance of initialization and momentum in deep learning',
    ],
  },
  {
    name: 'nesterov',
    title: 'Nesterov momentum (NAG)',
    summary: 'Momentum that steps with a look-ahead: the update adds μ times the new buffer to the gradient.',
    formula: aligned(
      L2_GRADIENT,
      String.raw`\text{pytorch: } b_t &= {{momentum}}\, b_{t-1} + g_t, \quad w_t = w_{t-1} - {{lr}}\left(g_t + {{momentum}}\, b_t\right)`,
      String.raw`\text{velocity: } v_t &= {{momentum}}\, v_{t-1} - {{lr}}\, g_t, \quad w_t = w_{t-1} + {{momentum}}\, v_t - {{lr}}\, g_t`,
    ),
    symbols: OPTIMIZER_SYMBOLS,
    plain: 'g = ∇L(w) + λw;  pytorch: b ← μb + g, w ← w − η(g + μb);  velocity: v ← μv − ηg, w ← w + μv − ηg',
    whenToUse: 'Where momentum overshoots: the look-ahead corrects the step before it is taken. Usually a little faster than classical momentum.',
    pitfalls: 'Needs μ > 0 and no dampening, and the pytorch or velocity form (the ema form has no Nesterov variant).',
    variants:
      'Sutskever et al. write the gradient at the look-ahead point, ∇L(w + μv); PyTorch and Keras use the equivalent rewriting in terms of the gradient at the current weights (Bengio et al. 2013), as here. PyTorch SGD(nesterov=True) is the pytorch form, Keras SGD(nesterov=True) the velocity form.',
    references: [
      'Nesterov 1983, A method for solving the convex programming problem with convergence rate O(1/k²)',
      'Sutskever, Martens, Dahl & Hinton 2013, On the importance of initialization and momentum in deep learning',
      'Bengio, Boulanger-Lewandowski & Pascanu 2013, Advances in Optimizing Recurrent Networks',
    ],
  },
];
