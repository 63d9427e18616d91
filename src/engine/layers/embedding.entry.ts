import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `embedding` layer, ./embedding.ts. */
export const embeddingText: EntrySource = {
  name: 'embedding',
  title: 'Embedding (token lookup table)',
  summary: 'Turns each token id of a sequence into a learned vector: row id of a table with one row per vocabulary entry.',
  formula: aligned(
    String.raw`y_t &= E_{x_t,\,:}, \quad E \in \mathbb{R}^{{{input_dim}} \times {{output_dim}}}, \quad x_t \in \{0, \dots, {{input_dim}} - 1\}`,
    String.raw`\frac{\partial L}{\partial E_{k,:}} &= \textstyle\sum_{\text{batch}} \sum_{t \,:\, x_t = k} \frac{\partial L}{\partial y_t}, \quad E_0 \sim \mathcal{N}(0, 1)`,
  ),
  symbols: { input_dim: 'V', output_dim: 'd' },
  plain: 'y_t = E[x_t, :], E is [V, d], x_t in {0 … V − 1};  dL/dE[k] = Σ over steps with x_t = k of dL/dy_t;  E₀ ~ N(0, 1)',
  whenToUse:
    'The first layer of a model that reads token ids (characters, words) and feeds a recurrent or attention layer; output_dim 8–64 for a toy vocabulary, a few hundred for a real one.',
  pitfalls:
    'Ids must be whole numbers in [0, input_dim): a larger id is refused with its sample and step, it does not wrap. Rows of tokens that never occur in the data keep their random start. Token ids carry no gradient, so the layer must come first (its input gradient is all zeros).',
  variants:
    'The table is initialized N(0, 1) as PyTorch’s nn.Embedding; Keras’s Embedding starts from uniform(−0.05, 0.05). Keras names the sizes input_dim and output_dim (used here), PyTorch num_embeddings and embedding_dim. Neither padding_idx nor max_norm is supported.',
  references: ['Bengio, Ducharme, Vincent & Jauvin 2003, A Neural Probabilistic Language Model'],
};
