import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `positional` layer, ./positional.ts. */
export const positionalText: EntrySource = {
  name: 'positional',
  title: 'Positional encoding',
  summary: 'Adds to each timestep a vector that says where it is in the sequence: fixed sinusoids of many wavelengths, or a learned table.',
  formula: aligned(
    String.raw`PE_{t,\,2i} &= \sin\!\big(t / 10000^{2i/D}\big), \quad PE_{t,\,2i+1} = \cos\!\big(t / 10000^{2i/D}\big)`,
    String.raw`y_t &= x_t + PE_t \quad \text{or, learned: } y_t = x_t + P_t, \ P \in \mathbb{R}^{T \times D}`,
    String.raw`\frac{\partial L}{\partial x} &= \frac{\partial L}{\partial y}, \quad \frac{\partial L}{\partial P} = \textstyle\sum_{\text{batch}} \frac{\partial L}{\partial y}`,
  ),
  plain: 'PE(t, 2i) = sin(t/10000^(2i/D)), PE(t, 2i+1) = cos(t/10000^(2i/D));  y = x + PE, or learned y = x + P with P a [T, D] table;  dx = dy, dP = Σ_batch dy',
  whenToUse:
    'Right before the first attention block: attention treats its input as a set, so without positions "dog bites man" and "man bites dog" look the same to it. Sinusoids need no training; a learned table can fit the data better but knows only the lengths it has seen.',
  pitfalls:
    'The encoding is added, not concatenated, so its scale competes with the input’s: inputs far larger than 1 drown it (Vaswani et al. multiply token embeddings by √D, large next to the ±1 sinusoids). A learned table has one row per timestep and says nothing about longer sequences.',
  variants:
    'Sines and cosines interleave (even features sine, odd cosine) as in the paper and PyTorch’s tutorial; tensor2tensor puts all sines first, then all cosines. An odd D ends on a sine. PyTorch has no positional-encoding module; the learned table starts glorot_uniform as Keras’s PositionEmbedding, where BERT and GPT-2 draw N(0, 0.02²).',
  references: ['Vaswani et al. 2017, Attention Is All You Need', 'Devlin et al. 2019, BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding'],
};
