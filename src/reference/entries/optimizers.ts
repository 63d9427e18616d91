import { aligned, type EntrySource, type SymbolSpec } from '../entry';

/**
 * Optimizers, as src/engine/optim/ updates the weights. t counts steps from 1;
 * g_t is the gradient with the L2 term λw added where the optimizer has one.
 */

const SYMBOLS = {
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
const L2_GRADIENT = String.raw`g_t &= \nabla_w L(w_{t-1}) + {{weight_decay}}\, w_{t-1}`;

const MOMENTUM_FORMS =
  'Three forms are taught, chosen by momentum_form. pytorch (the default, torch.optim.SGD): b ← μb + (1 − d)g, w ← w − ηb, with b₁ = g. ' +
  'velocity (Sutskever et al. 2013; Keras SGD): v ← μv − ηg, w ← w + v — the same steps as pytorch while η is constant (v = −ηb), but under a schedule past steps keep the η they were taken with. ' +
  'ema (the moving average of deeplearning.ai): v ← βv + (1 − β)g, w ← w − ηv with β = momentum — the pytorch form with η scaled by 1 − β, so at β = 0.9 its steps are 10× smaller for the same η.';

/** Adam's moments and step, from the weights `from` (w_{t-1}, or AdamW's decayed copy). */
function adamSteps(from: string): string[] {
  return [
    String.raw`m_t &= {{beta1}}\, m_{t-1} + (1 - {{beta1}})\, g_t`,
    String.raw`v_t &= {{beta2}}\, v_{t-1} + (1 - {{beta2}})\, g_t^2`,
    String.raw`\hat m_t &= \frac{m_t}{1 - {{beta1}}^t}, \quad \hat v_t = \frac{v_t}{1 - {{beta2}}^t}`,
    String.raw`w_t &= ${from} - {{lr}}\, \frac{\hat m_t}{\sqrt{\hat v_t} + {{eps}}}`,
  ];
}

const ADAM_VARIANTS =
  'bias_correction=false gives w ← w − η·m/(√v + ε), the form some lecture notes write; PyTorch and Keras always correct. ' +
  'Without it both moments are biased toward their zero start, v more than m (β₂ > β₁), so early steps are larger than η, not smaller: ' +
  'm/√v is (1 − β₁ᵗ)/√(1 − β₂ᵗ) times m̂/√v̂: about 3.2× at step 1 and 6.6× near step 12 at the default betas (Kingma & Ba, §3). ' +
  'amsgrad divides by the largest v seen so far, bias-corrected as PyTorch does. ' +
  'Keras folds the corrections into the step size, η√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/(√v + ε̂), so its ε (default 1e-7) sits outside the correction; the two differ only while √v̂ is near ε.';

export const optimizerEntries: readonly EntrySource[] = [
  {
    name: 'sgd',
    title: 'Stochastic gradient descent',
    summary: 'Steps each weight against its gradient, scaled by the learning rate.',
    formula: aligned(L2_GRADIENT, String.raw`w_t &= w_{t-1} - {{lr}}\, g_t`),
    symbols: SYMBOLS,
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
    symbols: SYMBOLS,
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
    symbols: SYMBOLS,
    plain: 'pytorch: b ← μb + g, w ← w − η(g + μb);  velocity: v ← μv − ηg, w ← w + μv − ηg',
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
  {
    name: 'adagrad',
    title: 'Adagrad',
    summary: 'Divides each weight’s step by the root of the sum of its squared gradients, so rarely updated weights keep large steps.',
    formula: aligned(
      L2_GRADIENT,
      String.raw`G_t &= G_{t-1} + g_t^2, \quad G_0 = {{initial_accumulator}}`,
      String.raw`\eta_t &= \frac{{{lr}}}{1 + (t - 1)\, {{lr_decay}}}`,
      String.raw`w_t &= w_{t-1} - \eta_t\, \frac{g_t}{\sqrt{G_t} + {{eps}}}`,
    ),
    symbols: SYMBOLS,
    plain: 'g = ∇L(w) + λw;  G ← G + g² (G₀ = initial_accumulator);  η_t = η/(1 + (t − 1)κ);  w ← w − η_t·g/(√G + ε)',
    whenToUse: 'Sparse features (text, embeddings) where some weights see gradients rarely.',
    pitfalls: 'G only grows, so steps fade toward zero on long runs and learning stops (diagnostic plateau); RMSprop and Adam replace the sum by a moving average.',
    variants: 'PyTorch’s defaults (lr 0.01, eps 1e-10, initial_accumulator 0, lr_decay). Keras Adagrad: lr 0.001, initial_accumulator_value 0.1, epsilon 1e-7, no lr_decay.',
    references: ['Duchi, Hazan & Singer 2011, Adaptive Subgradient Methods for Online Learning and Stochastic Optimization'],
  },
  {
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
    symbols: SYMBOLS,
    plain: 'v ← αv + (1 − α)g²;  centered: ṽ = v − ḡ², ḡ ← αḡ + (1 − α)g;  w ← w − η·g/(√ṽ + ε)  (with momentum: b ← μb + g/(√ṽ + ε), w ← w − ηb)',
    whenToUse: 'Recurrent networks and non-stationary objectives; a robust default before Adam existed.',
    pitfalls: 'No bias correction: v starts at 0, so the first steps are larger than later ones, by up to 1/√(1 − α) (10× at α = 0.99). Pair with a warmup if the start is unstable.',
    variants:
      'PyTorch’s defaults: lr 0.01, alpha 0.99, eps 1e-8. Keras calls alpha rho and defaults it to 0.9 (as Hinton’s lecture), with lr 0.001 and epsilon 1e-7. The centered form clamps v − ḡ² at 0 so rounding cannot give NaN.',
    references: [
      'Hinton, Srivastava & Swersky 2012, Neural Networks for Machine Learning, lecture 6e',
      'Graves 2013, Generating Sequences With Recurrent Neural Networks (centered RMSprop)',
    ],
  },
  {
    name: 'adam',
    title: 'Adam',
    summary: 'Momentum on the gradient and RMSprop-style scaling, both as bias-corrected moving averages.',
    formula: aligned(L2_GRADIENT, ...adamSteps('w_{t-1}')),
    symbols: SYMBOLS,
    plain: 'g = ∇L(w) + λw;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ);  w ← w − η·m̂/(√v̂ + ε)',
    whenToUse: 'The default first try for most networks: η = 1e-3 works across many problems with little tuning.',
    pitfalls:
      'weight_decay here is an L2 term inside the gradient, which Adam then divides by √v̂, so weights with large gradients are barely regularized; use adamw for real weight decay. Adam can generalize worse than tuned SGD with momentum.',
    variants: `${ADAM_VARIANTS} PyTorch’s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8. Keras's weight_decay argument is decoupled (the adamw form).`,
    references: [
      'Kingma & Ba 2015, Adam: A Method for Stochastic Optimization',
      'Reddi, Kale & Kumar 2018, On the Convergence of Adam and Beyond (amsgrad)',
    ],
  },
  {
    name: 'adamw',
    title: 'AdamW (decoupled weight decay)',
    summary: 'Adam on the plain gradient, with the weights shrunk by ηλ each step instead of an L2 term in the gradient.',
    formula: aligned(
      String.raw`\tilde w_{t-1} &= w_{t-1} - {{lr}}\, {{weight_decay}}\, w_{t-1}`,
      String.raw`g_t &= \nabla_w L(w_{t-1})`,
      ...adamSteps(String.raw`\tilde w_{t-1}`),
    ),
    symbols: SYMBOLS,
    plain: 'w ← w − ηλw;  then Adam on g = ∇L(w): m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − η·m̂/(√v̂ + ε)',
    whenToUse: 'Adam with regularization: the decay is the same relative shrink for every weight, whatever its gradient history. The standard for transformers.',
    pitfalls: 'The decay is multiplied by η, so a schedule that lowers η also lowers the decay; λ tuned for one η does not carry to another.',
    variants:
      `weight_decay defaults to 0.01 (PyTorch AdamW; Keras AdamW uses 0.004). Loshchilov & Hutter write the decay with the schedule multiplier η_t separate from the step size α; PyTorch, Keras and this engine multiply it by the learning rate. ${ADAM_VARIANTS}`,
    references: ['Loshchilov & Hutter 2019, Decoupled Weight Decay Regularization'],
  },
];
