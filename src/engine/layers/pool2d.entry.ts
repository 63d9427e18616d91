import { aligned, type EntrySource } from '../../reference/entry';

const windowSymbols = { size: 'k', stride: 's', padding: 'p' };
const outputSize = String.raw`H_o &= \left\lfloor \frac{H + 2 {{padding}} - {{size}}}{{{stride}}} \right\rfloor + 1`;
const windowVariants =
  'PyTorch names: kernel_size, stride (default the window), padding; ceil_mode is False here. Keras names: pool_size, strides, and padding valid or same instead of a number of pixels.';

/** The catalog text of the `maxpool` layer, ./pool2d.ts. */
export const maxPoolText: EntrySource = {
  name: 'maxpool',
  title: 'Max pooling',
  summary: 'Keeps the largest value of each k×k window of each channel, shrinking the image by the stride.',
  formula: aligned(
    String.raw`y_{c,i,j} &= \max_{0 \le u,v < {{size}}} x_{c,\; {{stride}} i + u - {{padding}},\; {{stride}} j + v - {{padding}}}, \quad \frac{\partial L}{\partial x} = \textstyle\sum \frac{\partial L}{\partial y} \text{ at each window's maximum}`,
    outputSize,
  ),
  symbols: windowSymbols,
  plain: 'y[c,i,j] = max over 0 ≤ u,v < k of x[c, s·i + u − p, s·j + v − p];  dL/dx: each window’s gradient goes to its largest input;  Ho = ⌊(H + 2p − k)/s⌋ + 1',
  whenToUse: 'After a convolution (usually size 2, stride 2) to halve height and width: later layers see a wider field for the same cost, and a small shift of the input barely changes the output.',
  pitfalls: 'Only one input per window gets a gradient, so most activations get none at each step. Padding may be at most half the window (PyTorch’s rule) and never wins. A NaN input wins its window, as in PyTorch, so it shows in the output.',
  variants: `${windowVariants} On a tie the first input in row-major order takes the gradient, as PyTorch.`,
  references: ['Zhou & Chellappa 1988, Computation of optical flow using a neural network', 'Scherer, Müller & Behnke 2010, Evaluation of Pooling Operations in Convolutional Architectures for Object Recognition'],
};

/** The catalog text of the `avgpool` layer, ./pool2d.ts. */
export const avgPoolText: EntrySource = {
  name: 'avgpool',
  title: 'Average pooling',
  summary: 'Replaces each k×k window of each channel by its mean, shrinking the image by the stride.',
  formula: aligned(
    String.raw`y_{c,i,j} &= \frac{1}{{{size}}^2} \sum_{0 \le u,v < {{size}}} x_{c,\; {{stride}} i + u - {{padding}},\; {{stride}} j + v - {{padding}}}, \quad \frac{\partial L}{\partial x_{c,\cdot,\cdot}} \mathrel{+}= \frac{1}{{{size}}^2} \frac{\partial L}{\partial y_{c,i,j}} \text{ over the window}`,
    outputSize,
  ),
  symbols: windowSymbols,
  plain: 'y[c,i,j] = (1/k²)·Σ over 0 ≤ u,v < k of x[c, s·i + u − p, s·j + v − p], padding counted as zeros;  dL/dx: each window spreads dL/dy/k² over its inputs;  Ho = ⌊(H + 2p − k)/s⌋ + 1',
  whenToUse: 'To shrink an image while keeping every input’s contribution (each gets a gradient), where max pooling would discard all but one per window.',
  pitfalls: 'Padding is counted in the mean (the divisor is always k²), so border outputs are pulled toward zero. Padding may be at most half the window.',
  variants: `${windowVariants} The divisor counts the padding, as PyTorch’s default count_include_pad=True; Keras’s AveragePooling2D with padding same divides by the inputs inside the image only.`,
  references: ['LeCun et al. 1998, Gradient-Based Learning Applied to Document Recognition'],
};

/** The catalog text of the `global_avgpool` layer, ./pool2d.ts. */
export const globalAvgPoolText: EntrySource = {
  name: 'global_avgpool',
  title: 'Global average pooling',
  summary: 'Averages each channel over the whole image: [C, H, W] becomes [C].',
  formula: aligned(
    String.raw`y_c &= \frac{1}{H W} \sum_{i,j} x_{c,i,j}, \quad \frac{\partial L}{\partial x_{c,i,j}} = \frac{1}{H W} \frac{\partial L}{\partial y_c}`,
  ),
  plain: 'y[c] = (1/(H·W))·Σ_{i,j} x[c,i,j];  dL/dx[c,i,j] = dL/dy[c]/(H·W)',
  whenToUse: 'Between the last convolution and the classifier, instead of flatten: one value per channel, no weights, and any image size gives the same width.',
  pitfalls: 'Where an object is in the image is lost: only how strongly each channel fired, on average. A channel that fires in a small region is diluted by the image area.',
  variants: 'PyTorch writes it nn.AdaptiveAvgPool2d(1) followed by nn.Flatten(); Keras GlobalAveragePooling2D.',
  references: ['Lin, Chen & Yan 2014, Network In Network'],
};
