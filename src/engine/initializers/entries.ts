import type { EntrySource } from '../../reference/entry';
import { fixedTexts } from './fixed.entry';
import { identityTexts } from './identity.entry';
import { orthogonalTexts } from './orthogonal.entry';
import { tunedTexts } from './tuned.entry';
import { varianceScalingTexts } from './variance-scaling.entry';

/**
 * Every initializer's catalog text, read by src/reference/catalog.ts (see
 * ../optim/optimizers/entries.ts). n_in and n_out are the layer's fans (a
 * dense weight is [units, inputs], so n_in = inputs).
 */
export const initializerTexts: readonly EntrySource[] = [...fixedTexts, ...varianceScalingTexts, ...orthogonalTexts, ...identityTexts, ...tunedTexts];
