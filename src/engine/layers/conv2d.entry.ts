import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `conv2d` layer, ./conv2d.ts. */
export const conv2dText: EntrySource = {
  name: 'conv2d',
  title: '2-D convolution',
  summary: 'Slides each of F small kernels over the image; every output pixel is a kernel’s weighted sum of the window under it, across all input channels, plus a bias.',
  formula: aligned(
    String.raw`z_{o,i,j} &= b_o + \sum_{c,u,v} W_{o,c,u,v}\; x_{c,\; {{stride}} i + {{dilation}} u - {{padding}},\; {{stride}} j + {{dilation}} v - {{padding}}}, \quad a = {{activation}}(z)`,
    String.raw`Z &= W_{[{{filters}} \times C {{kernel}}^2]}\; X + b, \quad X = \operatorname{im2col}(x)_{[C {{kernel}}^2 \times H_o W_o]}, \quad \frac{\partial L}{\partial W} = \delta X^{\top}, \quad \frac{\partial L}{\partial x} = \operatorname{col2im}(W^{\top} \delta)`,
    String.raw`H_o &= \left\lfloor \frac{H + 2 {{padding}} - {{dilation}} ({{kernel}} - 1) - 1}{{{stride}}} \right\rfloor + 1, \quad r_\ell = r_{\ell-1} + {{dilation}} ({{kernel}} - 1)\, j_{\ell-1}, \quad j_\ell = j_{\ell-1} {{stride}}`,
    String.raw`W_0 &\sim {{init}}, \quad \text{fan\_in} = C {{kernel}}^2, \quad \text{fan\_out} = {{filters}} {{kernel}}^2`,
  ),
  symbols: {
    filters: 'F',
    kernel: 'k',
    stride: 's',
    dilation: 'd',
    padding: { symbol: 'p', values: { valid: '0', same: String.raw`\tfrac{d(k-1)}{2}` } },
    activation: 'f',
    init: String.raw`\text{init}`,
  },
  plain:
    'z[o,i,j] = b[o] + Σ_{c,u,v} W[o,c,u,v]·x[c, s·i + d·u − p, s·j + d·v − p], a = f(z);  as one product per image: Z = W[F, C·k²]·X + b with X = im2col(x) [C·k², Ho·Wo];  dW = δ·Xᵀ, dx = col2im(Wᵀ·δ) with δ = dL/dz;  Ho = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1;  receptive field r_ℓ = r_ℓ₋₁ + d(k − 1)·j_ℓ₋₁ with jump j_ℓ = j_ℓ₋₁·s (r₀ = j₀ = 1);  fan_in = C·k², fan_out = F·k²',
  whenToUse:
    'Images and other grids: a kernel sees a small neighbourhood and is shared across positions, so the layer has C·k²·F weights whatever the image size and finds a pattern wherever it is. Stack 3×3 convolutions with pooling (or stride 2) between them so the receptive field grows to the whole object.',
  pitfalls:
    'padding=valid shrinks the image by d(k − 1) per layer; a stack of them can leave nothing (the layer refuses a kernel larger than its padded input). padding=same needs stride 1, as in PyTorch. Use he_* initializers with ReLU; the fans count the kernel area, so glorot and he scale with C·k². The output is large (F·Ho·Wo per image): flatten after the last pool, or global_avgpool, before a dense layer.',
  variants:
    'Cross-correlation, as PyTorch’s Conv2d and Keras’s Conv2D (the kernel is not flipped). Weights are stored [filters, channels, kh, kw] as PyTorch (Keras stores [kh, kw, channels, filters]). The default initializer is Keras’s glorot_uniform; PyTorch’s Conv2d uses kaiming_uniform with a = √5, i.e. U(±1/√fan_in), and a bias from U(±1/√fan_in). PyTorch’s padding=same pads an even kernel one pixel more below and right, as here. Keras names: kernel_size, strides, dilation_rate.',
  references: [
    'LeCun et al. 1998, Gradient-Based Learning Applied to Document Recognition',
    'Chellapilla, Puri & Simard 2006, High Performance Convolutional Neural Networks for Document Processing',
    'Dumoulin & Visin 2016, A guide to convolution arithmetic for deep learning',
  ],
};
