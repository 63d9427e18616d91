import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `batchnorm` layer, ./batchnorm.ts. */
export const batchNormText: EntrySource = {
  name: 'batchnorm',
  title: 'Batch normalization',
  summary: 'Normalizes each feature (each channel of an image) over the batch to zero mean and unit variance, then rescales it with learned γ and β.',
  formula: aligned(
    String.raw`\hat x &= \frac{x - \mu_B}{\sqrt{\sigma_B^2 + {{eps}}}}, \quad y = \gamma\, \hat x + \beta`,
    String.raw`\bar\mu &\leftarrow (1 - {{momentum}})\, \bar\mu + {{momentum}}\, \mu_B, \quad \bar\sigma^2 \leftarrow (1 - {{momentum}})\, \bar\sigma^2 + {{momentum}}\, \tfrac{N}{N - 1}\, \sigma_B^2`,
    String.raw`&\text{evaluation: } \hat x = (x - \bar\mu) / \sqrt{\bar\sigma^2 + {{eps}}}`,
    String.raw`&\text{features } [n]\text{: } \mu_B, \sigma_B^2 \text{ per feature over the batch}, \; N = \text{batch}; \quad \text{images } [C, H, W]\text{: per channel over batch} \times H \times W, \; N = \text{batch} \cdot H W`,
  ),
  symbols: { eps: String.raw`\varepsilon`, momentum: 'm' },
  plain: 'x̂ = (x − μ_B)/√(σ²_B + ε), y = γx̂ + β;  running: μ̄ ← (1 − m)μ̄ + m·μ_B, σ̄² ← (1 − m)σ̄² + m·N/(N − 1)·σ²_B;  evaluation uses μ̄, σ̄²;  features [n]: μ_B, σ²_B per feature over the batch, N = batch;  images [C, H, W]: per channel over batch × H × W, N = batch·H·W',
  whenToUse: 'Between a dense or conv2d layer and the next, in deep nets: it keeps each layer’s input scale steady, allows larger learning rates, and eases vanishing or exploding gradients.',
  pitfalls: 'Needs batches of at least 2 samples in training (a one-sample batch has no variance); small batches give noisy statistics, and evaluation uses the running averages, so train and eval outputs differ.',
  variants:
    'PyTorch conventions: momentum 0.1 is the weight of the new batch; Keras’s momentum 0.99 is the weight of the old statistics (m = 1 − 0.99 = 0.01). ε = 10⁻⁵ as PyTorch (Keras 10⁻³). The running variance uses the unbiased batch variance, as PyTorch. On images it is PyTorch’s BatchNorm2d (one γ, β per channel; Keras’s BatchNormalization on channels-last images does the same with axis=-1). Frozen (trainable=false) it computes as in evaluation, with the running statistics, and never updates them, as Keras’s BatchNormalization with trainable=False; PyTorch keeps updating them under requires_grad_(False) unless the module is put in eval().',
  references: ['Ioffe & Szegedy 2015, Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift'],
};
