import type { EntrySource } from '../../reference/entry';
import { attentionText } from './attention.entry';
import { batchNormText } from './batchnorm.entry';
import { conv2dText } from './conv2d.entry';
import { denseText } from './dense.entry';
import { dropoutText } from './dropout.entry';
import { embeddingText } from './embedding.entry';
import { flattenText } from './flatten.entry';
import { layerNormText } from './layernorm.entry';
import { avgPoolText, globalAvgPoolText, maxPoolText } from './pool2d.entry';
import { positionalText } from './positional.entry';
import { gruText, lstmText, rnnText } from './recurrent.entry';

/** Every layer's catalog text, read by src/reference/catalog.ts; each sits beside its layer as `<layer>.entry.ts`. */
export const layerTexts: readonly EntrySource[] = [
  denseText,
  batchNormText,
  dropoutText,
  conv2dText,
  maxPoolText,
  avgPoolText,
  globalAvgPoolText,
  flattenText,
  embeddingText,
  rnnText,
  lstmText,
  gruText,
  layerNormText,
  positionalText,
  attentionText,
];
