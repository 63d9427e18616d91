import { aligned, type EntrySource } from '../../../reference/entry';
import { L2_GRADIENT, OPTIMIZER_SYMBOLS } from './symbols.entry';

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

/** The catalog text of `adam` and `adamw`, the optimizers ./adam.ts implements. */
export const adamTexts: readonly EntrySource[] = [
  {
    name: 'adam',
    title: 'Adam',
    summary: 'Momentum on the gradient and RMSprop-style scaling, both as bias-corrected moving averages.',
    formula: aligned(L2_GRADIENT, ...adamSteps('w_{t-1}')),
    symbols: OPTIMIZER_SYMBOLS,
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
    symbols: OPTIMIZER_SYMBOLS,
    plain: 'w ← w − ηλw;  then Adam on g = ∇L(w): m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), w ← w − η·m̂/(√v̂ + ε)',
    whenToUse: 'Adam with regularization: the decay is the same relative shrink for every weight, whatever its gradient history. The standard for transformers.',
    pitfalls: 'The decay is multiplied by η, so a schedule that lowers η also lowers the decay; λ tuned for one η does not carry to another.',
    variants:
      `weight_decay defaults to 0.01 (PyTorch AdamW; Keras AdamW uses 0.004). Loshchilov & Hutter write the decay with the schedule multiplier η_t separate from the step size α; PyTorch, Keras and this engine multiply it by the learning rate. ${ADAM_VARIANTS}`,
    references: ['Loshchilov & Hutter 2019, Decoupled Weight Decay Regularization'],
  },
];
