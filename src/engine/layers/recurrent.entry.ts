import { aligned, type EntrySource } from '../../reference/entry';

/**
 * The catalog texts of the recurrent layers, ./rnn.ts, ./lstm.ts and ./gru.ts
 * (their shared loop is ./recurrent.ts). Formulas use PyTorch's gate order
 * and its two biases.
 */

const SHAPES = 'x is [T, F] (batch first), H = units; weight_ih_l0 is [G·H, F], weight_hh_l0 [G·H, H], bias_ih_l0 and bias_hh_l0 [G·H]';

const TRUNCATION =
  'bptt = k cuts the gradient carried back through the state at steps k, 2k, … (as PyTorch’s detach() every k steps): cheaper and more stable on long sequences, but blind to dependencies longer than k.';

const THROUGH_TIME =
  'The gradient reaching h_t is multiplied by the recurrent Jacobian once per step back, so over long sequences it shrinks (vanishing: early steps stop learning) or grows (exploding: spikes and NaN). The layer records ‖∂L/∂h_t‖ per step after each backward pass so the decay or growth through time can be charted; clip norm 1–5 is the usual cure for exploding, gates (lstm, gru) for vanishing.';

const INIT_DEFAULTS =
  'Initializers are Keras’s: glorot_uniform for weight_ih_l0 (filled as one [G·H, F] matrix), orthogonal for weight_hh_l0 and zeros for the biases; PyTorch draws all four from U(±1/√H). The recurrent initializer fills each gate’s H×H block on its own, so every gate starts orthogonal (or identity); Keras fills its [H, G·H] recurrent kernel with one draw. Parameters carry PyTorch’s names and layout, so weight files map one to one; Keras keeps one bias per layer where PyTorch has two (their sum acts the same).';

/** The catalog text of the `rnn` layer, ./rnn.ts. */
export const rnnText: EntrySource = {
  name: 'rnn',
  title: 'Simple RNN (Elman)',
  summary: 'A hidden state updated at every step from the input and the previous state through one weight matrix each and a tanh (or ReLU).',
  formula: aligned(
    String.raw`h_t &= f\left(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}\right), \quad h_{-1} = 0, \quad h_t \in \mathbb{R}^{{{units}}}`,
    String.raw`\frac{\partial L}{\partial h_{t-1}} &= W_{hh}^{\top} \left(f'(z_t) \odot \frac{\partial L}{\partial h_t}\right), \quad f = \tanh \text{ or relu}`,
  ),
  symbols: { units: 'H' },
  plain: `h_t = f(W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh), h_{−1} = 0, f = tanh or relu;  dL/dh_{t−1} = W_hhᵀ(f′(z_t) ⊙ dL/dh_t);  ${SHAPES} with G = 1`,
  whenToUse:
    'Short sequences (tens of steps) and as the baseline that shows why gates were invented; with nonlinearity=relu and recurrent_init=identity it is the IRNN of Le et al., which learns long dependencies when the gradient is clipped.',
  pitfalls: `${THROUGH_TIME} With tanh and an orthogonal W_hh the gradient still shrinks by tanh′ < 1 at every step; with relu the state can grow without bound.`,
  variants: `nonlinearity is PyTorch’s (tanh or relu); Keras’s SimpleRNN takes any activation. return_sequences=false (Keras’s default) outputs h_T only; PyTorch returns both the sequence and h_n. ${INIT_DEFAULTS} ${TRUNCATION}`,
  references: [
    'Elman 1990, Finding Structure in Time',
    'Bengio, Simard & Frasconi 1994, Learning long-term dependencies with gradient descent is difficult',
    'Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks',
    'Le, Jaitly & Hinton 2015, A Simple Way to Initialize Recurrent Networks of Rectified Linear Units',
  ],
};

/** The catalog text of the `lstm` layer, ./lstm.ts. */
export const lstmText: EntrySource = {
  name: 'lstm',
  title: 'LSTM (long short-term memory)',
  summary: 'A recurrent layer with a cell state c that gates decide to keep, overwrite and show, so gradients can cross many steps unchanged.',
  formula: aligned(
    String.raw`i_t &= \sigma\left(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}\right), \quad f_t = \sigma\left(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}\right)`,
    String.raw`g_t &= \tanh\left(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}\right), \quad o_t = \sigma\left(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}\right)`,
    String.raw`c_t &= f_t \odot c_{t-1} + i_t \odot g_t, \quad h_t = o_t \odot \tanh(c_t), \quad h_{-1} = c_{-1} = 0, \quad h_t \in \mathbb{R}^{{{units}}}`,
    String.raw`\frac{\partial L}{\partial c_{t-1}} &= f_t \odot \frac{\partial L}{\partial c_t}, \quad b_f = 1 \text{ at the start when unit\_forget\_bias}`,
  ),
  symbols: { units: 'H' },
  plain: `i = σ(W_ii·x_t + b_ii + W_hi·h_{t−1} + b_hi), f = σ(W_if·x_t + b_if + W_hf·h_{t−1} + b_hf), g = tanh(W_ig·x_t + b_ig + W_hg·h_{t−1} + b_hg), o = σ(W_io·x_t + b_io + W_ho·h_{t−1} + b_ho);  c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t), h_{−1} = c_{−1} = 0;  dL/dc_{t−1} = f ⊙ dL/dc_t;  b_f = 1 at the start with unit_forget_bias;  ${SHAPES} with G = 4 blocks in the order i, f, g, o`,
  whenToUse:
    'Sequences with dependencies over tens to hundreds of steps (text, time series, the adding and copy tasks); the default recurrent layer when in doubt.',
  pitfalls: `${THROUGH_TIME} Through c the gradient is only multiplied by f, so a forget gate near 1 keeps it alive: without unit_forget_bias f starts near 0.5 and memory halves every step (Jozefowicz et al. 2015). Exploding gradients are rarer than in a simple RNN but still happen; clip the norm.`,
  variants: `unit_forget_bias=true (Keras’s default) sets bias_ih_l0’s f block to 1 and bias_hh_l0’s to 0; PyTorch has no such option and starts both biases from U(±1/√H). Gate order i, f, g, o is PyTorch’s and Keras’s (Keras calls g the cell candidate c). No peepholes (Gers & Schmidhuber 2000), as in both libraries. return_sequences=false (Keras’s default) outputs h_T only. ${INIT_DEFAULTS} ${TRUNCATION}`,
  references: [
    'Hochreiter & Schmidhuber 1997, Long Short-Term Memory',
    'Gers, Schmidhuber & Cummins 2000, Learning to Forget: Continual Prediction with LSTM',
    'Jozefowicz, Zaremba & Sutskever 2015, An Empirical Exploration of Recurrent Network Architectures',
  ],
};

/** The catalog text of the `gru` layer, ./gru.ts. */
export const gruText: EntrySource = {
  name: 'gru',
  title: 'GRU (gated recurrent unit)',
  summary: 'A gated recurrent layer without a separate cell: an update gate mixes the old state with a candidate that a reset gate computes.',
  formula: aligned(
    String.raw`r_t &= \sigma\left(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}\right), \quad z_t = \sigma\left(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}\right)`,
    String.raw`n_t &= \tanh\left(W_{in} x_t + b_{in} + r_t \odot \left(W_{hn} h_{t-1} + b_{hn}\right)\right)`,
    String.raw`h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}, \quad h_{-1} = 0, \quad h_t \in \mathbb{R}^{{{units}}}`,
  ),
  symbols: { units: 'H' },
  plain: `r = σ(W_ir·x_t + b_ir + W_hr·h_{t−1} + b_hr), z = σ(W_iz·x_t + b_iz + W_hz·h_{t−1} + b_hz), n = tanh(W_in·x_t + b_in + r ⊙ (W_hn·h_{t−1} + b_hn));  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}, h_{−1} = 0;  ${SHAPES} with G = 3 blocks in the order r, z, n`,
  whenToUse: 'Where an LSTM would do, with a quarter fewer parameters and one state instead of two; often as good on small data sets.',
  pitfalls: `${THROUGH_TIME} The path z ⊙ h_{t−1} carries the gradient around the weights; with z near 0 everywhere it behaves like a simple RNN.`,
  variants: `r multiplies W_hn·h + b_hn after the product, as PyTorch and Keras’s default reset_after=true (which also keeps two biases); the original Cho et al. form applies r to h before the product, r ⊙ h·W. Some texts swap z and 1 − z (h_t = (1 − z) ⊙ h_{t−1} + z ⊙ n); here z is the fraction of the old state kept, as in both libraries. Keras orders its gate blocks z, r, h; PyTorch (and these parameters) r, z, n. ${INIT_DEFAULTS} ${TRUNCATION}`,
  references: [
    'Cho, van Merriënboer, Gulcehre, Bahdanau, Bougares, Schwenk & Bengio 2014, Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine Translation',
    'Chung, Gulcehre, Cho & Bengio 2014, Empirical Evaluation of Gated Recurrent Neural Networks on Sequence Modeling',
  ],
};
