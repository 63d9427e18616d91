import type { EntrySource } from '../../reference/entry';

/** The catalog text of the initializer ./identity.ts fills. */
export const identityTexts: readonly EntrySource[] = [
  {
    name: 'identity',
    title: 'Identity (IRNN)',
    summary: 'The identity matrix times a gain: each unit starts by copying its own previous value and nothing else.',
    formula: String.raw`W = {{gain}} \cdot I_{r \times c}, \quad W_{ij} = {{gain}} \text{ if } i = j \text{, else } 0`,
    symbols: { gain: 'g' },
    plain: 'W = g·I  (g on the main diagonal of the rows×cols matrix, 0 elsewhere)',
    whenToUse:
      'The recurrent weight of a ReLU RNN (recurrent_init=identity with nonlinearity=relu, the IRNN): with a zero input the state is carried unchanged, so gradients neither explode nor vanish at the start and long dependencies can be learned.',
    pitfalls:
      'Only sensible for square recurrent or residual-like weights; on an input weight it passes through the first min(rows, cols) features and ignores the rest. With tanh the copy shrinks a little each step; with gain > 1 and ReLU the state grows geometrically (diagnostic exploding-gradients) — clip the gradient norm.',
    variants:
      'Keras Identity (gain, default 1) and PyTorch eye_ (no gain) both write eye(rows, cols) for a non-square matrix. In an LSTM or GRU each gate’s H×H block of the recurrent weight gets its own identity. Le et al. also try a scaled 0.01·I for some tasks.',
    references: ['Le, Jaitly & Hinton 2015, A Simple Way to Initialize Recurrent Networks of Rectified Linear Units'],
  },
];
