import type { EntrySource } from '../../reference/entry';
import { hingeText } from './hinge.entry';
import { probabilisticTexts } from './probabilistic.entry';
import { regressionTexts } from './regression.entry';

/**
 * Every loss's catalog text, read by src/reference/catalog.ts (see
 * ../optim/optimizers/entries.ts). ŷ is the prediction, y the target, N the
 * batch, n = N × width for element-wise losses; every loss is a mean
 * (PyTorch reduction='mean', where Keras also ends up).
 */
export const lossTexts: readonly EntrySource[] = [...regressionTexts, ...probabilisticTexts, hingeText];
