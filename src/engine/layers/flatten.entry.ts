import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `flatten` layer, ./flatten.ts. */
export const flattenText: EntrySource = {
  name: 'flatten',
  title: 'Flatten',
  summary: 'Reads an image [C, H, W] (or a sequence [T, F]) as one vector of C·H·W features, in row-major order; no values change.',
  formula: aligned(String.raw`y_{c H W + i W + j} &= x_{c,i,j}, \quad y \in \mathbb{R}^{C H W}, \quad \frac{\partial L}{\partial x_{c,i,j}} = \frac{\partial L}{\partial y_{c H W + i W + j}}`),
  plain: 'y[c·H·W + i·W + j] = x[c,i,j], y has C·H·W features;  dL/dx is dL/dy read back as [C, H, W]',
  whenToUse: 'Between the last convolution or pooling layer and the first dense layer, which reads features.',
  pitfalls: 'The dense layer after it gets C·H·W inputs, and as many weights per unit: pool first (or use global_avgpool) to keep it small.',
  variants: 'Channels first, as PyTorch’s nn.Flatten on NCHW; Keras’s Flatten on its default channels-last images orders the features [H, W, C], so dense weights from Keras need reordering.',
  references: ['LeCun et al. 1998, Gradient-Based Learning Applied to Document Recognition'],
};
