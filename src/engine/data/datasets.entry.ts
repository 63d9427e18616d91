import { aligned, type EntrySource } from '../../reference/entry';

/**
 * The catalog text of the data sets ./datasets.ts names (made in
 * ./generators.ts and ./real-data.ts), read by src/reference/catalog.ts.
 * ε ~ N(0, 1) is fresh for every coordinate; classes share the samples
 * evenly and rows come out shuffled.
 */

const NOISE = { noise: String.raw`\sigma`, n: 'n' };

const SEEDED = 'Seeded: the same seed gives the same rows; the same seed at two noise levels gives the same clean points, moved by σε.';

export const datasetTexts: readonly EntrySource[] = [
  {
    name: 'spirals',
    title: 'Interleaved spirals',
    summary: 'One spiral arm per class winding out from the centre: no line separates two arms.',
    formula: aligned(
      String.raw`r_i &= \frac{i + 1}{m}, \quad \theta_{ij} = \frac{2\pi j}{{{classes}}} + 2\pi\, {{turns}}\, r_i`,
      String.raw`x_{ij} &= r_i \left(\cos\theta_{ij}, \sin\theta_{ij}\right) + {{noise}}\, \varepsilon`,
    ),
    symbols: { ...NOISE, classes: 'k', turns: String.raw`\tau` },
    plain: 'class j of k, sample i of m: r = (i + 1)/m, θ = 2πj/k + 2πτr (τ = turns), x = r(cos θ, sin θ) + σε',
    whenToUse: 'Seeing what hidden layers add: a linear model fails, a small ReLU net bends its boundary around the arms.',
    pitfalls: 'More turns or more noise make the arms overlap, and then no model reaches 100 %. Every turn adds boundary the network must bend around.',
    variants: `The CS231n spiral data (Karpathy), with the angular noise replaced by Gaussian noise on each coordinate. ${SEEDED}`,
    references: ['Lang & Witbrock 1988, Learning to Tell Two Spirals Apart'],
  },
  {
    name: 'moons',
    title: 'Two moons',
    summary: 'Two interleaving half circles.',
    formula: aligned(
      String.raw`t_i &= \frac{i}{m - 1} \in [0, 1]`,
      String.raw`x^{(0)}_i &= (\cos \pi t_i, \sin \pi t_i) + {{noise}}\, \varepsilon`,
      String.raw`x^{(1)}_i &= (1 - \cos \pi t_i, \tfrac12 - \sin \pi t_i) + {{noise}}\, \varepsilon`,
    ),
    symbols: NOISE,
    plain: 't evenly spaced in [0, 1]: class 0 = (cos πt, sin πt), class 1 = (1 − cos πt, ½ − sin πt), plus σε',
    whenToUse: 'A small non-linear boundary: one hidden layer suffices.',
    pitfalls: 'noise defaults to 0 (sklearn’s default): the points lie exactly on the curves. Try noise=0.1–0.2.',
    variants: `sklearn make_moons. ${SEEDED}`,
    references: ['Pedregosa et al. 2011, Scikit-learn: Machine Learning in Python'],
  },
  {
    name: 'circles',
    title: 'Concentric circles',
    summary: 'A circle inside a circle: separable by the radius, not by any line.',
    formula: aligned(
      String.raw`t_i &= \frac{2\pi i}{m}`,
      String.raw`x^{(0)}_i &= (\cos t_i, \sin t_i) + {{noise}}\, \varepsilon, \quad x^{(1)}_i = {{factor}}\,(\cos t_i, \sin t_i) + {{noise}}\, \varepsilon`,
    ),
    symbols: { ...NOISE, factor: 'f' },
    plain: 't = 2πi/m: class 0 (outer) = (cos t, sin t), class 1 (inner) = factor·(cos t, sin t), plus σε',
    whenToUse: 'Showing that a network must build a radial feature (x₁² + x₂²) from linear pieces.',
    pitfalls: 'noise defaults to 0; factor near 1 puts the circles on top of each other.',
    variants: `sklearn make_circles. ${SEEDED}`,
    references: ['Pedregosa et al. 2011, Scikit-learn: Machine Learning in Python'],
  },
  {
    name: 'xor',
    title: 'XOR',
    summary: 'Points in the four quadrants, labelled 1 where the signs of the two coordinates differ.',
    formula: aligned(
      String.raw`u &\sim \mathcal{U}(0, 1)^2, \quad s \in \{\pm 1\}^2, \quad x = (s_1 u_1, s_2 u_2) + {{noise}}\, \varepsilon`,
      String.raw`y &= [\, s_1 \ne s_2 \,]`,
    ),
    symbols: NOISE,
    plain: 'u ~ U(0, 1)², quadrant signs s, x = (s₁u₁, s₂u₂) + σε;  y = 1 when s₁ ≠ s₂ (quadrants II and IV)',
    whenToUse: 'The smallest problem a single-layer network cannot solve; the classic test of symmetry breaking and initialization.',
    pitfalls: 'The label comes from the clean point, so noise pushes some points across an axis with their label.',
    variants: SEEDED,
    references: ['Minsky & Papert 1969, Perceptrons'],
  },
  {
    name: 'blobs',
    title: 'Gaussian blobs',
    summary: 'One isotropic Gaussian cloud per class around a random centre.',
    formula: String.raw`c_j \sim \mathcal{U}\left(-{{box}}, {{box}}\right)^{{{features}}}, \qquad x = c_j + {{spread}}\, \varepsilon + {{noise}}\, \varepsilon'`,
    symbols: { ...NOISE, box: 'B', features: 'd', spread: 's' },
    plain: 'centres c_j ~ U(−box, box)^d;  x = c_j + spread·ε + σε',
    whenToUse: 'Nearly linearly separable classes in any number of dimensions; a sanity check that training works at all.',
    pitfalls: 'Centres are random: two may land close together and overlap.',
    variants: `sklearn make_blobs (cluster_std = spread, center_box = ±box). ${SEEDED}`,
    references: ['Pedregosa et al. 2011, Scikit-learn: Machine Learning in Python'],
  },
  {
    name: 'linear',
    title: 'Linear regression data',
    summary: 'Targets that are a random linear function of the inputs plus noise.',
    formula: String.raw`w \sim \mathcal{N}(0, 1)^{{{features}}},\ b \sim \mathcal{N}(0, 1), \quad x \sim \mathcal{U}(-1, 1)^{{{features}}}, \quad y = w \cdot x + b + {{noise}}\, \varepsilon`,
    symbols: { ...NOISE, features: 'd' },
    plain: 'w ~ N(0, 1)^d and b ~ N(0, 1) once;  x ~ U(−1, 1)^d;  y = w·x + b + σε',
    whenToUse: 'Regression basics: with σ = 0 a single linear layer fits it exactly, so the loss should reach 0.',
    pitfalls: 'The best reachable MSE is σ², not 0, when noise > 0.',
    variants: `Like sklearn make_regression, with unit-scale weights. ${SEEDED}`,
    references: ['Pedregosa et al. 2011, Scikit-learn: Machine Learning in Python'],
  },
  {
    name: 'sine',
    title: 'Noisy sine wave',
    summary: 'One input, one target: y = sin x plus noise.',
    formula: String.raw`x \sim \mathcal{U}\left({{low}}, {{high}}\right), \qquad y = \sin x + {{noise}}\, \varepsilon`,
    symbols: { ...NOISE, low: 'a', high: 'b' },
    plain: 'x ~ U(low, high), y = sin x + σε',
    whenToUse: 'Function approximation: how many hidden units a curve needs, and how tanh and ReLU nets bend.',
    pitfalls: 'Outside [low, high] the network knows nothing: it extrapolates linearly (ReLU) or flat (tanh).',
    variants: SEEDED,
    references: ['Hornik, Stinchcombe & White 1989, Multilayer feedforward networks are universal approximators'],
  },
  {
    name: 'iris',
    title: 'Iris flowers',
    summary: 'Fisher’s 150 iris flowers: 4 measurements in cm, 3 species of 50.',
    formula: String.raw`x \in \mathbb{R}^{150 \times 4}, \quad y \in \{\text{setosa}, \text{versicolor}, \text{virginica}\}`,
    plain: '150 samples × 4 features (sepal length, sepal width, petal length, petal width, in cm);  3 classes of 50',
    whenToUse: 'A small real data set: one class is linearly separable, the other two overlap slightly.',
    pitfalls: 'Tiny: validation scores swing by several percent with the split seed. Normalize the features (normalize standard).',
    variants: 'The UCI copy, rows in file order as sklearn load_iris; splitting and batching shuffle them.',
    references: ['Fisher 1936, The Use of Multiple Measurements in Taxonomic Problems'],
  },
  {
    name: 'mnist',
    title: 'MNIST handwritten digits',
    summary: 'A balanced, seeded subset of the MNIST digits: 28 × 28 grey images, 10 classes.',
    formula: String.raw`x \in [0, 1]^{{{samples}} \times 784}, \quad y \in \{0, \dots, 9\}`,
    symbols: { samples: 'n' },
    plain: 'n images × 784 grey levels in [0, 1];  y = the digit;  about n/10 per digit',
    whenToUse: 'A real, wider input (784 features): where initialization and optimizer choices show at scale.',
    pitfalls: 'Drawn from the 10,000 images of the mnist package (about 1,000 per digit), so samples ≤ 10,000; this is not the official 60,000/10,000 train/test split.',
    variants: 'Images picked per digit without replacement by the seed, rows shuffled; grey levels in [0, 1] as the mnist package stores them (Keras’s mnist.load_data gives 0–255 integers).',
    references: ['LeCun, Bottou, Bengio & Haffner 1998, Gradient-Based Learning Applied to Document Recognition'],
  },
];
