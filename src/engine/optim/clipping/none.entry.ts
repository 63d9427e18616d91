import type { EntrySource } from '../../../reference/entry';
import { GLOBAL_NORM } from './clipper.entry';

/** The catalog text of the `none` clipper (./none.ts). */
export const noneText: EntrySource = {
  name: 'none',
  title: 'No clipping',
  summary: 'Gradients pass unchanged; the global norm is still measured for the charts.',
  formula: String.raw`g \leftarrow g, \qquad ${GLOBAL_NORM} \text{ recorded}`,
  plain: 'g unchanged;  ‖g‖ = √(Σ g²) recorded',
  whenToUse: 'The default. Look at the gradient-norm chart first: clip only if it shows rare spikes far above its usual level.',
  pitfalls: 'Without clipping one bad batch can throw the weights far off (diagnostic divergence, exploding-gradients).',
  references: ['Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks'],
};
