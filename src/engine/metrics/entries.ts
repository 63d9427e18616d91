import type { EntrySource } from '../../reference/entry';
import { classificationTexts } from './classification.entry';
import { regressionTexts } from './regression.entry';
import { rocText } from './roc.entry';
import { sequenceTexts } from './sequence.entry';

/**
 * Every metric's catalog text, read by src/reference/catalog.ts (see
 * ../optim/optimizers/entries.ts). Width 1 is binary (class 1 when p > τ),
 * width > 1 multi-class (the argmax of the row); TP, FP, FN count one class,
 * and multi-class scores are macro averages.
 */
export const metricTexts: readonly EntrySource[] = [...classificationTexts, rocText, ...regressionTexts, ...sequenceTexts];
