import type { EntrySource } from '../../../reference/entry';
import { adagradText } from './adagrad.entry';
import { adamTexts } from './adam.entry';
import { rmspropText } from './rmsprop.entry';
import { sgdTexts } from './sgd.entry';

/**
 * Every optimizer's catalog text, read by src/reference/catalog.ts. It sits
 * beside the code it describes but apart from it (`*.entry.ts`), so the
 * engine's bundles carry no TeX.
 */
export const optimizerTexts: readonly EntrySource[] = [...sgdTexts, adagradText, rmspropText, ...adamTexts];
