import type { EntrySource } from '../../reference/entry';

const SYMMETRY =
  'Every unit of a layer starts identical, computes the same output and receives the same gradient, so the units never become different: the layer acts as one unit however wide (diagnostic symmetry).';

/** The catalog text of the initializers ./fixed.ts draws. */
export const fixedTexts: readonly EntrySource[] = [
  {
    name: 'zeros',
    title: 'Zeros',
    summary: 'Every weight starts at 0.',
    formula: 'W = 0',
    plain: 'W = 0',
    whenToUse: 'Biases (the default bias initializer) and nothing else: a zero bias is harmless because the weights already differ.',
    pitfalls: `For weights it is the classic failure. ${SYMMETRY}`,
    references: ['Rumelhart, Hinton & Williams 1986, Learning internal representations by error propagation (symmetry breaking)'],
  },
  {
    name: 'ones',
    title: 'Ones',
    summary: 'Every weight starts at 1.',
    formula: 'W = 1',
    plain: 'W = 1',
    whenToUse: 'Scales of normalization layers (batch norm’s γ starts at 1); as a weight only to demonstrate the symmetry problem.',
    pitfalls: `${SYMMETRY} A weight of 1 per input also makes activations grow with the fan-in.`,
    references: ['Rumelhart, Hinton & Williams 1986, Learning internal representations by error propagation (symmetry breaking)'],
  },
  {
    name: 'constant',
    title: 'Constant',
    summary: 'Every weight starts at the same given value c.',
    formula: 'W = {{value}}',
    symbols: { value: 'c' },
    plain: 'W = c',
    whenToUse: 'A bias with a chosen start (e.g. 0.01 for ReLU units, so they start active), or a deliberate symmetry demonstration.',
    pitfalls: `For weights: ${SYMMETRY}`,
    variants: 'Keras Constant defaults to 0; PyTorch constant_ has no default value.',
    references: ['Rumelhart, Hinton & Williams 1986, Learning internal representations by error propagation (symmetry breaking)'],
  },
  {
    name: 'random_uniform',
    title: 'Random uniform',
    summary: 'Each weight is drawn uniformly from a fixed interval that ignores the layer’s size.',
    formula: String.raw`W \sim \mathcal{U}\left({{minval}}, {{maxval}}\right)`,
    symbols: { minval: 'a', maxval: 'b' },
    plain: 'W ~ U(a, b)',
    whenToUse: 'Small shallow models and experiments on scale; for deep networks prefer a variance-scaling rule (glorot_uniform, he_uniform).',
    pitfalls: 'The scale ignores n_in: wide layers get activations that grow (or, for tiny intervals, shrink) layer after layer.',
    variants: 'Defaults are Keras’s RandomUniform, U(−0.05, 0.05). PyTorch’s uniform_ (an alias here) is the same draw but defaults to U(0, 1).',
    references: ['LeCun, Bottou, Orr & Müller 1998, Efficient BackProp'],
  },
  {
    name: 'random_normal',
    title: 'Random normal',
    summary: 'Each weight is drawn from a normal distribution of fixed mean and standard deviation.',
    formula: String.raw`W \sim \mathcal{N}\left({{mean}}, {{stddev}}^2\right)`,
    symbols: { mean: String.raw`\mu`, stddev: String.raw`\sigma` },
    plain: 'W ~ N(μ, σ²)',
    whenToUse: 'Experiments on scale; for deep networks prefer a variance-scaling rule (glorot_normal, he_normal).',
    pitfalls: 'σ ignores the layer width, so the variance of activations drifts by a factor n_in·σ² per layer.',
    variants:
      'Defaults are Keras’s RandomNormal, σ = 0.05. PyTorch’s normal_ (an alias here) is the same draw but defaults to σ = 1. N(μ, σ²) names the variance; code usually takes σ.',
    references: ['LeCun, Bottou, Orr & Müller 1998, Efficient BackProp'],
  },
  {
    name: 'small_random',
    title: 'Small random numbers',
    summary: 'A standard normal draw times a small fixed scale, the “small random numbers” of lecture notes.',
    formula: String.raw`W = {{scale}} \cdot \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, 1)`,
    symbols: { scale: 's' },
    plain: 'W = s·ε, ε ~ N(0, 1)   (s = 0.01: CS231n’s W = 0.01 * np.random.randn(D, H))',
    whenToUse: 'To see why variance scaling was invented: it breaks symmetry and trains shallow nets, but not deep ones.',
    pitfalls:
      'In a deep net the activations shrink by about s·√n_in per layer toward zero, and so do the gradients (diagnostic vanishing-gradients).',
    references: ['Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks'],
  },
];
