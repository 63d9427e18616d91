import { aligned, type EntrySource } from '../reference/entry';

/**
 * The catalog text of the activation functions a = f(z) ./activations.ts
 * computes, read by src/reference/catalog.ts.
 */
export const activationTexts: readonly EntrySource[] = [
  {
    name: 'linear',
    title: 'Linear (identity)',
    summary: 'Passes the pre-activation through unchanged: the layer stays an affine map.',
    formula: String.raw`a = z, \qquad f'(z) = 1`,
    plain: "a = z,  f'(z) = 1",
    whenToUse: 'The output layer of a regression model, or a layer whose output a loss reads as raw scores (from_logits=true).',
    pitfalls:
      'A stack of linear layers is still one linear map, however deep: without a nonlinearity between them, hidden layers add nothing a single layer could not do.',
    references: ['Rumelhart, Hinton & Williams 1986, Learning representations by back-propagating errors'],
  },
  {
    name: 'relu',
    title: 'ReLU (rectified linear unit)',
    summary: 'Keeps positive pre-activations and zeroes the rest, so the gradient is 1 or 0.',
    formula: String.raw`a = \max(0, z), \qquad f'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}`,
    plain: "a = max(0, z),  f'(z) = 1 if z > 0, else 0",
    whenToUse:
      'The default for hidden layers of deep networks: it does not saturate for z > 0, so gradients pass through unshrunk. Pair it with He initialization (he_normal, he_uniform).',
    pitfalls:
      'A unit whose z is ≤ 0 for every input outputs 0 and gets no gradient again (dying ReLU, diagnostic dying-relu); a large learning rate or a bad initial scale causes it. Glorot or LeCun init halves the signal variance at every ReLU layer.',
    variants:
      "The derivative at 0 is a convention: 0 here, as PyTorch and TensorFlow take it. Keras's ReLU layer also has max_value and threshold options; this is the plain form.",
    references: [
      'Nair & Hinton 2010, Rectified Linear Units Improve Restricted Boltzmann Machines',
      'Glorot, Bordes & Bengio 2011, Deep Sparse Rectifier Neural Networks',
    ],
  },
  {
    name: 'leaky_relu',
    title: 'Leaky ReLU',
    summary: 'ReLU with a small slope α below zero, so a unit with negative input still receives a gradient.',
    formula: String.raw`a = \begin{cases} z & z > 0 \\ {{alpha}}\, z & z \le 0 \end{cases}, \qquad f'(z) = \begin{cases} 1 & z > 0 \\ {{alpha}} & z \le 0 \end{cases}`,
    symbols: { alpha: String.raw`\alpha` },
    plain: "a = z if z > 0, else α·z;  f'(z) = 1 or α",
    whenToUse: 'Where plain ReLU units die (diagnostic dying-relu): the slope α keeps every unit learning.',
    pitfalls:
      'He initialization assumes slope 0 below zero; for a large α give the initializer the same slope (he_normal(negative_slope=0.2)). At α = 0.01 the difference is negligible.',
    variants:
      'α = 0.01 by default, as PyTorch LeakyReLU (negative_slope). Keras’s LeakyReLU layer defaults to 0.3 and tf.nn.leaky_relu to 0.2; Maas et al. used 0.01.',
    references: ['Maas, Hannun & Ng 2013, Rectifier Nonlinearities Improve Neural Network Acoustic Models'],
  },
  {
    name: 'elu',
    title: 'ELU (exponential linear unit)',
    summary: 'Identity above zero and a smooth exponential that saturates at −α below, pushing mean activations toward zero.',
    formula: aligned(
      String.raw`a &= \begin{cases} z & z > 0 \\ {{alpha}}\,(e^{z} - 1) & z \le 0 \end{cases}`,
      String.raw`f'(z) &= \begin{cases} 1 & z > 0 \\ a + {{alpha}} & z \le 0 \end{cases}`,
    ),
    symbols: { alpha: String.raw`\alpha` },
    plain: "a = z if z > 0, else α(eᶻ − 1);  f'(z) = 1, or a + α below 0",
    whenToUse: 'A smooth alternative to ReLU for hidden layers: negative outputs keep mean activations near zero, which can speed learning.',
    pitfalls: 'exp costs more than max; for very negative z it saturates at −α, so its gradient vanishes there as tanh’s does.',
    variants: 'α = 1 in PyTorch, Keras and the paper alike.',
    references: ['Clevert, Unterthiner & Hochreiter 2016, Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)'],
  },
  {
    name: 'gelu',
    title: 'GELU (Gaussian error linear unit)',
    summary: 'Weights z by the probability Φ(z) that a standard normal falls below it: a smooth ReLU.',
    formula: aligned(
      String.raw`a &= z\,\Phi(z) = \tfrac{z}{2}\left(1 + \operatorname{erf}\!\left(\tfrac{z}{\sqrt 2}\right)\right) && \text{approximate} = \text{none}`,
      String.raw`a &\approx \tfrac{z}{2}\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(z + 0.044715\,z^3)\right)\right) && \text{approximate} = \text{tanh}`,
    ),
    plain: 'a = z·Φ(z) = ½z(1 + erf(z/√2));  tanh form: ½z(1 + tanh(√(2/π)(z + 0.044715z³)))',
    whenToUse: 'Transformers and modern MLPs use it in place of ReLU; it is smooth and has no dead region.',
    pitfalls: 'Not monotone: it dips to about −0.17 near z = −0.75. He initialization is only approximately right for it.',
    variants:
      'PyTorch GELU and Keras gelu default to the exact erf form (approximate=none here). BERT and GPT-2 used the tanh approximation (approximate=tanh). The erf here is a Chebyshev fit good to 1.2e-7, as exact as float32 holds.',
    references: ['Hendrycks & Gimpel 2016, Gaussian Error Linear Units (GELUs)'],
  },
  {
    name: 'tanh',
    title: 'Hyperbolic tangent',
    summary: 'An S-shaped curve from −1 to 1, zero-centred, with slope 1 at the origin.',
    formula: String.raw`a = \tanh z = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad f'(z) = 1 - a^2`,
    plain: "a = tanh z = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ),  f'(z) = 1 − a²",
    whenToUse: 'Hidden layers of small networks and recurrent cells; pair it with Glorot initialization (glorot_uniform), derived for activations linear around 0.',
    pitfalls:
      'Saturates: for |a| near 1 the slope 1 − a² is near 0 and the unit stops learning (diagnostic saturation). f′ ≤ 1, so deep tanh stacks shrink gradients (vanishing-gradients).',
    variants: 'LeCun et al. (1998) recommend the scaled 1.7159·tanh(2z/3); PyTorch and Keras offer the plain form, as here.',
    references: ['LeCun, Bottou, Orr & Müller 1998, Efficient BackProp'],
  },
  {
    name: 'sigmoid',
    title: 'Logistic sigmoid',
    summary: 'Squashes z into (0, 1), read as the probability of class 1.',
    formula: String.raw`a = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad f'(z) = a\,(1 - a) \le \tfrac14`,
    plain: "a = σ(z) = 1/(1 + e⁻ᶻ),  f'(z) = a(1 − a) ≤ 1/4",
    whenToUse: 'The output of a binary (or multi-label) classifier, with binary_crossentropy; training then uses the fused gradient p − y.',
    pitfalls:
      'As a hidden activation: not zero-centred, saturates, and its slope is at most 1/4, so every layer shrinks the gradient at least fourfold (vanishing-gradients).',
    references: ['Rumelhart, Hinton & Williams 1986, Learning representations by back-propagating errors'],
  },
  {
    name: 'softmax',
    title: 'Softmax',
    summary: 'Turns a row of scores into a probability distribution over the classes.',
    formula: aligned(
      String.raw`a_i &= \frac{e^{z_i - \max_k z_k}}{\sum_j e^{z_j - \max_k z_k}}`,
      String.raw`\frac{\partial a_i}{\partial z_j} &= a_i\,(\delta_{ij} - a_j)`,
    ),
    plain: 'aᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z);  ∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)',
    whenToUse: 'The output of a multi-class classifier, with categorical_crossentropy (fused gradient (p − y)/N).',
    pitfalls:
      'Only on the output layer. Do not put it before a loss that takes logits (cross_entropy, from_logits=true): the loss would apply it a second time.',
    variants: 'Subtracting the row maximum changes nothing mathematically and keeps e^z finite for any logits; PyTorch and Keras do the same.',
    references: ['Bridle 1990, Probabilistic Interpretation of Feedforward Classification Network Outputs'],
  },
];
