import type { EntrySource } from '../../../reference/entry';

/** The catalog text of the `agc` clipper (./agc.ts). */
export const agcText: EntrySource = {
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
};
