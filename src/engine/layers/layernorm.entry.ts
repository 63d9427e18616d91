import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `layernorm` layer, ./layernorm.ts. */
export const layerNormText: EntrySource = {
  name: 'layernorm',
  title: 'Layer normalization',
  summary: 'Normalizes each sample (each timestep of a sequence) over its features to zero mean and unit variance, then rescales it with learned γ and β.',
  formula: aligned(
    String.raw`\mu &= \tfrac{1}{D} \textstyle\sum_{j} x_j, \quad \sigma^2 = \tfrac{1}{D} \textstyle\sum_{j} (x_j - \mu)^2 \quad \text{over the last axis}`,
    String.raw`y_j &= \gamma_j\, \hat x_j + \beta_j, \quad \hat x_j = \frac{x_j - \mu}{\sqrt{\sigma^2 + {{eps}}}}`,
    String.raw`\frac{\partial L}{\partial x} &= \frac{1}{\sqrt{\sigma^2 + {{eps}}}} \Big(\hat g - \overline{\hat g} - \hat x\, \overline{\hat g\, \hat x}\Big), \quad \hat g = \gamma \odot \frac{\partial L}{\partial y}`,
  ),
  symbols: { eps: String.raw`\varepsilon` },
  plain: 'over the last axis of each sample (and timestep): μ = mean(x), σ² = mean((x − μ)²), x̂ = (x − μ)/√(σ² + ε), y = γ·x̂ + β;  dx = (ĝ − mean(ĝ) − x̂·mean(ĝ·x̂))/√(σ² + ε) with ĝ = γ·dL/dy',
  whenToUse:
    'Inside transformer blocks and recurrent nets, and wherever batches are small: each sample is normalized on its own, so training and evaluation compute the same thing and a batch of one works.',
  pitfalls:
    'It normalizes across features, not across the batch: with very few features the output is nearly fixed (one feature always gives β). A row of near-constant values (zero padding) is blown up towards ±1/√ε. Placed after each residual sum (post-LN) it makes deep stacks need learning-rate warmup.',
  variants:
    'As PyTorch’s nn.LayerNorm(D): ε = 10⁻⁵, biased variance, elementwise affine γ (`weight`, ones) and β (`bias`, zeros). Keras’s LayerNormalization uses ε = 10⁻³. Only the last axis is normalized (PyTorch’s normalized_shape with one dimension). RMSNorm (Zhang & Sennrich 2019) drops the mean and β.',
  references: ['Ba, Kiros & Hinton 2016, Layer Normalization'],
};
