import { Registry, type NamedEntry } from '../../registry';
import { gradientSurveySchema } from '../gradient-survey';
import { lrFinderSchema } from '../lr-finder';

/**
 * What `find` can look for: the learning-rate range test and the
 * gradient-norm survey. A registry like the others, so the catalog holds
 * their formulas and the language their names and options.
 */
export const finders = new Registry<NamedEntry>('finder', [
  { name: 'lr', aliases: [], params: lrFinderSchema },
  { name: 'clip', aliases: [], params: gradientSurveySchema },
]);
