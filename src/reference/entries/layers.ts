export { denseParams, layers } from '../../engine/layers/names';
import { aligned, type EntrySource } from '../entry';

export const layerEntries: readonly EntrySource[] = [
  {
    name: 'dense',
    title: 'Dense (fully connected) layer',
    summary: 'Every output unit is a weighted sum of every input plus a bias, passed through the activation.',
    formula: aligned(
      String.raw`z &= x W^{\top} + b, \quad W \in \mathbb{R}^{{{units}} \times n_{\text{in}}}, \quad a = {{activation}}(z)`,
      String.raw`\frac{\partial L}{\partial W} &= \delta^{\top} x, \quad \frac{\partial L}{\partial b} = \textstyle\sum_{\text{batch}} \delta, \quad \frac{\partial L}{\partial x} = \delta\, W, \quad \delta = \frac{\partial L}{\partial z}`,
      String.raw`W_0 &\sim {{init}}, \quad b_0 \sim {{bias_init}}`,
    ),
    symbols: {
      units: String.raw`n_{\text{out}}`,
      activation: 'f',
      init: String.raw`\text{init}`,
      bias_init: String.raw`\text{bias\_init}`,
    },
    plain: 'z = xWᵀ + b, a = f(z);  W is [units, inputs];  dW = δᵀx, db = Σ δ, dx = δW with δ = dL/dz',
    whenToUse: 'Every layer of a fully connected network; the last one’s units equal the number of classes (or targets).',
    pitfalls:
      'The initializer must suit the activation: he_* for the ReLU family, glorot_* for tanh and sigmoid (diagnostic init-mismatch); a constant initializer leaves all units identical (symmetry).',
    variants:
      'W is stored [units, inputs] as PyTorch’s Linear, so weight files map one to one (Keras stores the transpose). The default initializer is Keras’s glorot_uniform; PyTorch’s Linear uses kaiming_uniform with a = √5, i.e. U(±1/√n_in), and a bias from U(±1/√n_in).',
    references: ['Rosenblatt 1958, The Perceptron: A Probabilistic Model for Information Storage and Organization in the Brain'],
  },
  {
    name: 'batchnorm',
    title: 'Batch normalization',
    summary: 'Normalizes each feature over the batch to zero mean and unit variance, then rescales it with learned γ and β.',
    formula: aligned(
      String.raw`\hat x &= \frac{x - \mu_B}{\sqrt{\sigma_B^2 + {{eps}}}}, \quad y = \gamma\, \hat x + \beta`,
      String.raw`\bar\mu &\leftarrow (1 - {{momentum}})\, \bar\mu + {{momentum}}\, \mu_B, \quad \bar\sigma^2 \leftarrow (1 - {{momentum}})\, \bar\sigma^2 + {{momentum}}\, \tfrac{N}{N - 1}\, \sigma_B^2`,
      String.raw`&\text{evaluation: } \hat x = (x - \bar\mu) / \sqrt{\bar\sigma^2 + {{eps}}}`,
    ),
    symbols: { eps: String.raw`\varepsilon`, momentum: 'm' },
    plain: 'x̂ = (x − μ_B)/√(σ²_B + ε), y = γx̂ + β;  running: μ̄ ← (1 − m)μ̄ + m·μ_B, σ̄² ← (1 − m)σ̄² + m·N/(N − 1)·σ²_B;  evaluation uses μ̄, σ̄²',
    whenToUse: 'Between a dense layer and the next, in deep nets: it keeps each layer’s input scale steady, allows larger learning rates, and eases vanishing or exploding gradients.',
    pitfalls: 'Needs batches of at least 2 samples in training (a one-sample batch has no variance); small batches give noisy statistics, and evaluation uses the running averages, so train and eval outputs differ.',
    variants:
      'PyTorch conventions: momentum 0.1 is the weight of the new batch; Keras’s momentum 0.99 is the weight of the old statistics (m = 1 − 0.99 = 0.01). ε = 10⁻⁵ as PyTorch (Keras 10⁻³). The running variance uses the unbiased batch variance, as PyTorch.',
    references: ['Ioffe & Szegedy 2015, Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift'],
  },
  {
    name: 'dropout',
    title: 'Dropout (inverted)',
    summary: 'In training, zeroes each unit with probability p and scales the survivors by 1/(1 − p); in evaluation, does nothing.',
    formula: aligned(
      String.raw`\text{training: } y &= \frac{r \odot x}{1 - {{rate}}}, \quad r_k \sim \text{Bernoulli}(1 - {{rate}})`,
      String.raw`\text{evaluation: } y &= x`,
    ),
    symbols: { rate: 'p' },
    plain: 'training: y = r⊙x/(1 − p), r ~ Bernoulli(1 − p);  evaluation: y = x',
    whenToUse: 'After hidden layers of a network that overfits (diagnostic overfitting); p = 0.5 for wide hidden layers, 0.1–0.2 near the input.',
    pitfalls: 'Slows training and makes the training loss noisier; the training loss with dropout is not comparable with the validation loss without it.',
    variants:
      'p is the drop probability, as PyTorch and Keras; the original paper and CS231n write p for the keep probability. The original paper scales weights by the keep probability at test time; inverted dropout (PyTorch, Keras, here) scales during training instead.',
    references: [
      'Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014, Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
    ],
  },
];
