import type { EntrySource } from '../../../reference/entry';
import { gradientSurveyText } from './clip.entry';
import { lrFinderText } from './lr.entry';

/** Every finder's catalog text, read by src/reference/catalog.ts. */
export const finderTexts: readonly EntrySource[] = [lrFinderText, gradientSurveyText];
