import type { EntrySource } from '../../../reference/entry';
import { agcText } from './agc.entry';
import { autoClipText } from './auto-clip.entry';
import { layerNormText } from './layer-norm.entry';
import { noneText } from './none.entry';
import { normText } from './norm.entry';
import { valueText } from './value.entry';

/** Every clipper's catalog text, read by src/reference/catalog.ts (see ../optimizers/entries.ts). */
export const clippingTexts: readonly EntrySource[] = [noneText, normText, valueText, layerNormText, autoClipText, agcText];
