import type { EntrySource } from '../../reference/entry';
import { batchNormText } from './batchnorm.entry';
import { denseText } from './dense.entry';
import { dropoutText } from './dropout.entry';

/** Every layer's catalog text, read by src/reference/catalog.ts; each sits beside its layer as `<layer>.entry.ts`. */
export const layerTexts: readonly EntrySource[] = [denseText, batchNormText, dropoutText];
