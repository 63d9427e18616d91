import { aligned, type EntrySource, type SymbolSpec } from '../entry';

/**
 * Weight initializers, as src/engine/initializers/
 * draw them. n_in and n_out are the layer's fans (a dense weight is
 * [units, inputs], so n_in = inputs).
 */

const FAN: SymbolSpec = {
  symbol: String.raw`n_{\text{in}}`,
  values: { fan_in: String.raw`n_{\text{in}}`, fan_out: String.raw`n_{\text{out}}` },
};

const SCALING = { gain: 'g', mode: FAN, negative_slope: 'a' } satisfies Record<string, SymbolSpec>;

const SYMMETRY =
  'Every unit of a layer starts identical, computes the same output and receives the same gradient, so the units never become different: the layer acts as one unit however wide (diagnostic symmetry).';

const TRUNCATED =
  'Keras draws its *_normal initializers from a normal truncated at ±2σ, rescaled to the same variance; PyTorch and this engine draw from the plain normal. The per-weight variance, which is what the rule is about, is the same.';

const GLOROT_XAVIER =
  'Glorot and Xavier are one method (Xavier Glorot). Some lecture notes (e.g. deeplearning.ai, CS231n) call Var(W) = 1/n_in "Xavier": that is LeCun initialization, here lecun_normal; Glorot averages the two fans.';

/** The variance of both He entries: 2g²/((1 + a²)·n). */
const HE_VARIANCE = String.raw`\frac{2\,{{gain}}^2}{\left(1 + {{negative_slope}}^2\right) {{mode}}}`;

export const initializerEntries: readonly EntrySource[] = [
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
  {
    name: 'glorot_uniform',
    title: 'Glorot (Xavier) uniform',
    summary: 'Uniform weights whose variance is set by the average of the fans, so signals keep their scale both ways.',
    formula: aligned(
      String.raw`W &\sim \mathcal{U}(-b, b), \quad b = {{gain}} \sqrt{\frac{6}{n_{\text{in}} + n_{\text{out}}}}`,
      String.raw`\operatorname{Var}(W) &= \frac{2\,{{gain}}^2}{n_{\text{in}} + n_{\text{out}}}`,
    ),
    symbols: SCALING,
    plain: 'W ~ U(−b, b),  b = g·√(6/(n_in + n_out)),  Var(W) = 2g²/(n_in + n_out)',
    whenToUse: 'tanh and sigmoid layers; the default kernel initializer of Keras’s Dense and of dense here.',
    pitfalls: 'Derived for activations linear near 0: under ReLU it gives half the variance needed, and the signal halves at every layer (diagnostic init-mismatch).',
    variants: `${GLOROT_XAVIER} PyTorch's nn.Linear does not use it by default (kaiming_uniform with a = √5, i.e. U(±1/√n_in)).`,
    references: ['Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks'],
  },
  {
    name: 'glorot_normal',
    title: 'Glorot (Xavier) normal',
    summary: 'Normal weights with the Glorot variance 2/(n_in + n_out).',
    formula: String.raw`W \sim \mathcal{N}\left(0, \sigma^2\right), \quad \sigma^2 = \frac{2\,{{gain}}^2}{n_{\text{in}} + n_{\text{out}}}`,
    symbols: SCALING,
    plain: 'W ~ N(0, σ²),  σ² = 2g²/(n_in + n_out)',
    whenToUse: 'tanh and sigmoid layers, where a normal draw is preferred to a uniform one.',
    pitfalls: 'Under ReLU it gives half the variance needed (diagnostic init-mismatch).',
    variants: `${GLOROT_XAVIER} ${TRUNCATED}`,
    references: ['Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks'],
  },
  {
    name: 'he_normal',
    title: 'He (Kaiming) normal',
    summary: 'Normal weights with variance 2/n_in, which makes up for the half of the signal a ReLU zeroes.',
    formula: String.raw`W \sim \mathcal{N}\left(0, \sigma^2\right), \quad \sigma^2 = ${HE_VARIANCE}`,
    symbols: SCALING,
    plain: 'W ~ N(0, σ²),  σ² = 2g²/((1 + a²)·n_in)   (n_out with mode=fan_out; a = negative_slope)',
    whenToUse: 'ReLU-family layers (relu, leaky_relu, elu); the fix the diagnostics suggest for dying and vanishing ReLU nets.',
    pitfalls: 'With tanh or sigmoid it doubles Var(z) and pushes units into saturation (diagnostic init-mismatch).',
    variants:
      'Papers and notes often write W ~ N(0, √(2/n)): the second argument is the standard deviation √(2/n), the variance is 2/n — the same rule. ' +
      'PyTorch kaiming_normal_ defaults to mode=fan_in, a = 0 (this entry); Keras he_normal is the same variance from a truncated normal. ' +
      `${TRUNCATED} mode=fan_out keeps the backward pass’s variance instead, as PyTorch offers.`,
    references: ['He, Zhang, Ren & Sun 2015, Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification'],
  },
  {
    name: 'he_uniform',
    title: 'He (Kaiming) uniform',
    summary: 'Uniform weights with the He variance 2/n_in.',
    formula: aligned(
      String.raw`W &\sim \mathcal{U}(-b, b), \quad b = {{gain}} \sqrt{\frac{6}{\left(1 + {{negative_slope}}^2\right) {{mode}}}}`,
      String.raw`\operatorname{Var}(W) &= ${HE_VARIANCE}`,
    ),
    symbols: SCALING,
    plain: 'W ~ U(−b, b),  b = g·√(6/((1 + a²)·n_in)),  Var(W) = 2g²/((1 + a²)·n_in)',
    whenToUse: 'ReLU-family layers, where a uniform draw is preferred.',
    pitfalls: 'With tanh or sigmoid it over-scales the weights (diagnostic init-mismatch).',
    variants:
      'PyTorch kaiming_uniform_ defaults to a = 0, fan_in (this entry). PyTorch’s nn.Linear default is this rule with a = √5, which gives U(±1/√n_in): variance 1/(3·n_in), a third of LeCun’s, not He’s. Keras he_uniform matches this entry.',
    references: ['He, Zhang, Ren & Sun 2015, Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification'],
  },
  {
    name: 'lecun_normal',
    title: 'LeCun normal',
    summary: 'Normal weights with variance 1/n_in, which keeps the variance of a linear layer’s output equal to its input’s.',
    formula: String.raw`W \sim \mathcal{N}\left(0, \sigma^2\right), \quad \sigma^2 = \frac{{{gain}}^2}{{{mode}}}`,
    symbols: SCALING,
    plain: 'W ~ N(0, σ²),  σ² = g²/n_in',
    whenToUse: 'SELU networks (it keeps them self-normalizing) and tanh layers; the rule many notes call "Xavier".',
    pitfalls: 'Under ReLU it gives half the variance needed (diagnostic init-mismatch).',
    variants: `Lecture notes that write Xavier as Var(W) = 1/n_in mean this rule; Glorot's own rule is glorot_normal. ${TRUNCATED}`,
    references: [
      'LeCun, Bottou, Orr & Müller 1998, Efficient BackProp',
      'Klambauer, Unterthiner, Mayr & Hochreiter 2017, Self-Normalizing Neural Networks',
    ],
  },
  {
    name: 'lecun_uniform',
    title: 'LeCun uniform',
    summary: 'Uniform weights with variance 1/n_in.',
    formula: String.raw`W \sim \mathcal{U}(-b, b), \quad b = {{gain}} \sqrt{\frac{3}{{{mode}}}}`,
    symbols: SCALING,
    plain: 'W ~ U(−b, b),  b = g·√(3/n_in),  Var(W) = g²/n_in',
    whenToUse: 'As lecun_normal, where a uniform draw is preferred.',
    pitfalls: 'Under ReLU it gives half the variance needed (diagnostic init-mismatch).',
    variants: 'Keras lecun_uniform matches; PyTorch has no named LeCun initializer (kaiming_uniform_ with nonlinearity=linear is this).',
    references: ['LeCun, Bottou, Orr & Müller 1998, Efficient BackProp'],
  },
  {
    name: 'orthogonal',
    title: 'Orthogonal',
    summary: 'A random matrix with orthonormal rows or columns: every singular value is the gain, so norms pass through unchanged.',
    formula: aligned(
      String.raw`G &\sim \mathcal{N}(0, 1)^{\max(r,c) \times \min(r,c)}, \quad G = QR`,
      String.raw`W &= {{gain}} \cdot Q \operatorname{diag}\left(\operatorname{sign} R_{ii}\right) \quad (\text{transposed when } r < c)`,
    ),
    symbols: { gain: 'g' },
    plain: 'G ~ N(0, 1), G = QR, W = g·Q·diag(sign Rᵢᵢ)  (transposed when rows < cols)',
    whenToUse: 'Deep linear or tanh stacks and recurrent weights, where keeping every direction’s norm matters.',
    pitfalls: 'Under ReLU the orthogonality is lost after the first nonlinearity; add gain √2 for ReLU layers.',
    variants:
      'The sign fix makes Q uniformly (Haar) distributed, as PyTorch orthogonal_ and Keras Orthogonal do. The Gaussian matrix is drawn in its tall orientation, so values differ from PyTorch’s for the same seed.',
    references: [
      'Saxe, McClelland & Ganguli 2014, Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
      'Mezzadri 2007, How to generate random matrices from the classical compact groups',
    ],
  },
  {
    name: 'lsuv',
    title: 'LSUV (layer-sequential unit variance)',
    summary: 'Orthogonal weights, then each layer in turn rescaled on a batch until its output variance is 1.',
    formula: aligned(
      String.raw`W_l &\leftarrow \text{orthogonal}, \quad l = 1, \dots, L`,
      String.raw`W_l &\leftarrow W_l / \sqrt{\operatorname{Var}(z_l)}, \quad z_l = x_l W_l^{\top} + b_l \quad \text{until } \left|\operatorname{Var}(z_l) - 1\right| < {{tolerance}}`,
      String.raw`& \text{at most } {{max_iterations}} \text{ passes per layer}`,
    ),
    symbols: { tolerance: String.raw`\text{tol}`, max_iterations: String.raw`T_{\max}` },
    plain: 'W ← orthogonal; then per layer from the input: W ← W/√Var(z), z = xWᵀ + b on a batch, until |Var(z) − 1| < tol (at most T_max passes)',
    whenToUse: 'Deep ReLU nets where He initialization alone still lets the variance drift (the fix the diagnostics suggest for vanishing gradients under He).',
    pitfalls: 'Needs a representative batch; a tiny or unlucky batch sets the scale of every layer. The calibration runs once, before training.',
    variants: 'Neither PyTorch nor Keras ships it. The variance here is of the pre-activation z = xWᵀ + b, as the paper’s Algorithm 1 measures the layer output before the nonlinearity.',
    references: ['Mishkin & Matas 2016, All you need is a good init'],
  },
];
