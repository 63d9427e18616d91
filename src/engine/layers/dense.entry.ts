import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `dense` layer, ./dense.ts. */
export const denseText: EntrySource = {
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
};
