import type { EntrySource } from '../../../reference/entry';
import { basicTexts } from './basic.entry';
import { cosineTexts } from './cosine.entry';
import { cyclicalTexts } from './cyclical.entry';
import { plateauText } from './plateau.entry';
import { warmupText } from './warmup.entry';

/** Every schedule's catalog text, read by src/reference/catalog.ts (see ../optimizers/entries.ts). */
export const scheduleTexts: readonly EntrySource[] = [...basicTexts, ...cosineTexts, ...cyclicalTexts, warmupText, plateauText];
