import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the initializers ./orthogonal.ts draws. */
export const orthogonalTexts: readonly EntrySource[] = [
  {
    name: 'orthogonal',
    title: 'Orthogonal',
    summary: 'A random matrix with orthonormal rows or columns: every singular value is the gain, so norms pass through unchanged.',
    formula: aligned(
      String.raw`G &\sim \mathcal{N}(0, 1)^{\max(r,c) \times \min(r,c)}, \quad G = QR`,
      String.raw`W &= {{gain}} \cdot Q \operatorname{diag}\left(\operatorname{sign} R_{ii}\right) \quad (\text{transposed when } r < c)`,
    ),
    symbols: { gain: 'g' },
    plain: 'G ~ N(0, 1), G = QR, W = g·Q·diag(sign Rᵢᵢ)  (transposed when rows < cols)',
    whenToUse: 'Deep linear or tanh stacks and recurrent weights, where keeping every direction’s norm matters.',
    pitfalls: 'Under ReLU the orthogonality is lost after the first nonlinearity; add gain √2 for ReLU layers.',
    variants:
      'The sign fix makes Q uniformly (Haar) distributed, as PyTorch orthogonal_ and Keras Orthogonal do. The Gaussian matrix is drawn in its tall orientation, so values differ from PyTorch’s for the same seed.',
    references: [
      'Saxe, McClelland & Ganguli 2014, Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
      'Mezzadri 2007, How to generate random matrices from the classical compact groups',
    ],
  },
  {
    name: 'lsuv',
    title: 'LSUV (layer-sequential unit variance)',
    summary: 'Orthogonal weights, then each layer in turn rescaled on a batch until its output variance is 1.',
    formula: aligned(
      String.raw`W_l &\leftarrow \text{orthogonal}, \quad l = 1, \dots, L`,
      String.raw`W_l &\leftarrow W_l / \sqrt{\operatorname{Var}(z_l)}, \quad z_l = x_l W_l^{\top} + b_l \quad \text{until } \left|\operatorname{Var}(z_l) - 1\right| < {{tolerance}}`,
      String.raw`& \text{at most } {{max_iterations}} \text{ passes per layer}`,
    ),
    symbols: { tolerance: String.raw`\text{tol}`, max_iterations: String.raw`T_{\max}` },
    plain: 'W ← orthogonal; then per layer from the input: W ← W/√Var(z), z = xWᵀ + b on a batch, until |Var(z) − 1| < tol (at most T_max passes)',
    whenToUse: 'Deep ReLU nets where He initialization alone still lets the variance drift (the fix the diagnostics suggest for vanishing gradients under He).',
    pitfalls: 'Needs a representative batch; a tiny or unlucky batch sets the scale of every layer. The calibration runs once, before training.',
    variants: 'Neither PyTorch nor Keras ships it. The variance here is of the pre-activation z = xWᵀ + b, as the paper’s Algorithm 1 measures the layer output before the nonlinearity.',
    references: ['Mishkin & Matas 2016, All you need is a good init'],
  },
];
