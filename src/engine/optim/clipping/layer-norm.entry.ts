import type { EntrySource } from '../../../reference/entry';

/** The catalog text of the `layer_norm` clipper (./layer-norm.ts). */
export const layerNormText: EntrySource = {
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
};
