import type { EntrySource } from '../../../reference/entry';
import { NON_FINITE } from './clipper.entry';

/** The catalog text of the `value` clipper (./value.ts). */
export const valueText: EntrySource = {
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
};
