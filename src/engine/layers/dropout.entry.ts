import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `dropout` layer, ./dropout.ts. */
export const dropoutText: EntrySource = {
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
};
