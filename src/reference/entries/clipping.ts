import { aligned, type EntrySource } from '../entry';

/**
 * Gradient clipping methods, as src/engine/optim/clipping/ rewrites the
 * gradients between backward and the optimizer step. ‖g‖ is the L2 norm over
 * every gradient of every parameter.
 */

const GLOBAL_NORM = String.raw`\lVert g \rVert = \sqrt{\textstyle\sum_p \sum_i g_{p,i}^2}`;

const NON_FINITE = 'A NaN or infinite norm is reported and the gradients are left alone, so divergence shows instead of being hidden.';

export const clippingEntries: readonly EntrySource[] = [
  {
    name: 'none',
    title: 'No clipping',
    summary: 'Gradients pass unchanged; the global norm is still measured for the charts.',
    formula: String.raw`g \leftarrow g, \qquad ${GLOBAL_NORM} \text{ recorded}`,
    plain: 'g unchanged;  ‖g‖ = √(Σ g²) recorded',
    whenToUse: 'The default. Look at the gradient-norm chart first: clip only if it shows rare spikes far above its usual level.',
    pitfalls: 'Without clipping one bad batch can throw the weights far off (diagnostic divergence, exploding-gradients).',
    references: ['Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks'],
  },
  {
    name: 'norm',
    title: 'Clip by global norm',
    summary: 'Rescales all gradients together when their joint norm exceeds τ, keeping the step’s direction.',
    formula: aligned(String.raw`&${GLOBAL_NORM}`, String.raw`g &\leftarrow g \cdot \min\left(1, \frac{{{max_norm}}}{\lVert g \rVert}\right)`),
    symbols: { max_norm: String.raw`\tau` },
    plain: 'g ← g·min(1, τ/‖g‖),  ‖g‖ over all parameters at once',
    whenToUse: 'Recurrent nets, transformers and any run whose gradient norm spikes now and then; τ a little above the typical norm (e.g. clip norm 1.0).',
    pitfalls: `A τ below the typical norm clips every step: each update then has length η·τ whatever the gradient says (diagnostic frequent-clipping). ${NON_FINITE}`,
    variants:
      'PyTorch clip_grad_norm_ scales by τ/(‖g‖ + 10⁻⁶), so a norm just at τ is shrunk slightly; this is the exact rule, which leaves gradients at or below τ untouched. TensorFlow clip_by_global_norm and Keras global_clipnorm are this rule; Keras clipnorm clips each tensor separately instead.',
    references: ['Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks'],
  },
  {
    name: 'value',
    title: 'Clip by value',
    summary: 'Clamps every gradient component into [−τ, τ] on its own.',
    formula: String.raw`g_i \leftarrow \min\left(\max\left(g_i, -{{clip_value}}\right), {{clip_value}}\right)`,
    symbols: { clip_value: String.raw`\tau` },
    plain: 'gᵢ ← min(max(gᵢ, −τ), τ)',
    whenToUse: 'A hard limit per component, cheap and simple; the older method from recurrent language models.',
    pitfalls: `Unlike norm clipping it changes the step's direction: the large components are cut, the small ones kept. ${NON_FINITE}`,
    variants: 'PyTorch clip_grad_value_ and Keras clipvalue are this rule.',
    references: [
      'Mikolov 2012, Statistical Language Models Based on Neural Networks (PhD thesis)',
      'Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks',
    ],
  },
  {
    name: 'layer_norm',
    title: 'Clip by norm, per layer',
    summary: 'Each layer’s gradients (weight and bias together) are clipped to norm τ on their own.',
    formula: String.raw`g_l \leftarrow g_l \cdot \min\left(1, \frac{{{max_norm}}}{\lVert g_l \rVert}\right) \quad \text{for each layer } l`,
    symbols: { max_norm: String.raw`\tau` },
    plain: 'for each layer l: g_l ← g_l·min(1, τ/‖g_l‖)',
    whenToUse: 'One layer spikes while the others are fine: per-layer clipping holds that layer back without shrinking the rest, as global clipping would.',
    pitfalls: 'The step’s overall direction changes when only some layers are clipped. τ applies to every layer alike, however different their usual norms.',
    variants: 'Keras clipnorm clips each tensor (weight and bias separately); here a layer’s parameters are clipped as one vector. PyTorch has no built-in per-layer clip.',
    references: ['Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks'],
  },
  {
    name: 'adaptive',
    title: 'AutoClip (adaptive norm clipping)',
    summary: 'Global-norm clipping with τ set each step to a percentile of the recent gradient norms, so there is no threshold to tune.',
    formula: aligned(
      String.raw`\tau_t &= \operatorname{percentile}_{{{percentile}}}\left\{ \lVert g_s \rVert : t - {{window}} < s \le t \right\}`,
      String.raw`g &\leftarrow g \cdot \min\left(1, \frac{\tau_t}{\lVert g \rVert}\right)`,
    ),
    symbols: { percentile: 'p', window: 'W' },
    plain: 'τ_t = p-th percentile of the last W gradient norms (the current one included);  g ← g·min(1, τ_t/‖g‖)',
    whenToUse: 'When the right τ is unknown or drifts during training: the default p = 10 clips the largest 90 % of steps to the 10th-percentile norm, as the paper recommends.',
    pitfalls: `With p = 10 most steps are clipped by design, so frequent-clipping can fire; that is the method, not a fault. ${NON_FINITE}`,
    variants: 'The paper keeps every norm of the run; here the last `window` norms (default 1000), so memory is bounded and τ follows the gradient scale as training moves on. The percentile interpolates linearly, as numpy.percentile. Not in PyTorch or Keras.',
    references: ['Seetharaman, Wichern, Pardo & Le Roux 2020, AutoClip: Adaptive Gradient Clipping for Source Separation Networks'],
  },
  {
    name: 'agc',
    title: 'Adaptive gradient clipping (unit-wise, NFNets)',
    summary: 'Clips each unit’s gradient relative to the norm of that unit’s weights.',
    formula: String.raw`G_i \leftarrow G_i \cdot \min\left(1, \frac{{{clipping}} \max\left(\lVert W_i \rVert, {{eps}}\right)}{\lVert G_i \rVert}\right) \quad \text{for each unit } i`,
    symbols: { clipping: String.raw`\lambda`, eps: String.raw`\varepsilon` },
    plain: 'for each unit i (a weight row, or one element of a 1-D parameter): Gᵢ ← Gᵢ·min(1, λ·max(‖Wᵢ‖, ε)/‖Gᵢ‖)',
    whenToUse: 'Networks without batch norm trained with large batches or learning rates, as in NFNets.',
    pitfalls: 'The paper leaves the final classifier layer unclipped; here every parameter given is clipped. Small-weight units (ε floor) can barely move early on.',
    variants: 'The NFNets and timm code take a 1-D parameter’s norm over the whole vector; here each element is its own unit, so every bias keeps its own scale. Not in PyTorch or Keras.',
    references: ['Brock, De, Smith & Simonyan 2021, High-Performance Large-Scale Image Recognition Without Normalization'],
  },
];
