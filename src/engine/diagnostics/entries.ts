import type { EntrySource } from '../../reference/entry';
import { chanceTexts } from './chance.entry';
import { clippingTexts } from './clipping.entry';
import { gradientTexts } from './gradients.entry';
import { initializationTexts } from './initialization.entry';
import { progressTexts } from './progress.entry';
import { stabilityTexts } from './stability.entry';
import { throughTimeTexts } from './through-time.entry';
import { unitTexts } from './units.entry';
import { updateTexts } from './updates.entry';

/** Every diagnostic's catalog text, read by src/reference/catalog.ts; each rule file's sits beside it as `<rule>.entry.ts`. */
export const diagnosticTexts: readonly EntrySource[] = [
  ...initializationTexts, ...gradientTexts, ...throughTimeTexts, ...unitTexts, ...clippingTexts, ...stabilityTexts, ...progressTexts, ...chanceTexts, ...updateTexts,
];
