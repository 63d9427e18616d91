import { aligned, type EntrySource, type SymbolSpec } from '../../reference/entry';

const FAN: SymbolSpec = {
  symbol: String.raw`n_{\text{in}}`,
  values: { fan_in: String.raw`n_{\text{in}}`, fan_out: String.raw`n_{\text{out}}` },
};

const SCALING = { gain: 'g', mode: FAN, negative_slope: 'a' } satisfies Record<string, SymbolSpec>;

const TRUNCATED =
  'Keras draws its *_normal initializers from a normal truncated at ±2σ, rescaled to the same variance; PyTorch and this engine draw from the plain normal. The per-weight variance, which is what the rule is about, is the same.';

const GLOROT_XAVIER =
  'Glorot and Xavier are one method (Xavier Glorot). Some lecture notes (e.g. deeplearning.ai, CS231n) call Var(W) = 1/n_in "Xavier": that is LeCun initialization, here lecun_normal; Glorot averages the two fans.';

/** The variance of both He entries: 2g²/((1 + a²)·n). */
const HE_VARIANCE = String.raw`\frac{2\,{{gain}}^2}{\left(1 + {{negative_slope}}^2\right) {{mode}}}`;

/** The catalog text of the initializers ./variance-scaling.ts draws. */
export const varianceScalingTexts: readonly EntrySource[] = [
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
];
