import type { GradientSurvey } from '../engine/train/gradient-survey';
import type { LrSweep } from '../engine/train/lr-finder';
import { DIVERGENCE_FACTOR } from '../engine/train/lr-finder';
import type { LrSuggestion } from '../protocol/find-output';

/**
 * The words of `find lr` and `find clip`: every suggested number with the
 * rule that gave it, so a learner sees why, not just what.
 */

/** A rate or norm to two significant digits, as a user would type it (0.0032, 3.2e-7). */
export function short(value: number): string {
  return String(Number(value.toPrecision(2)));
}

/** The suggestions of a sweep, each explained; the steepest descent first, as the one to use. */
export function lrSuggestions(sweep: LrSweep): LrSuggestion[] {
  const suggestions: LrSuggestion[] = [];
  const { steepest, lowest, stop, rule, rates } = sweep;
  if (steepest) {
    suggestions.push({
      rule: 'steepest',
      lr: steepest.lr,
      label: `steepest ${short(steepest.lr)}`,
      explanation:
        `Steepest descent at η = ${short(steepest.lr)}: the loss falls fastest here, ${short(-steepest.slope)} per decade of η, ` +
        `sustained over ${rule.window} batches (η ${short(rates[steepest.from])} to ${short(rates[steepest.to])}) in both the smoothed and the raw loss; ` +
        `the first ${rule.skip} batches are not considered, so a spike there cannot fool it. This is the rate to start from.`,
    });
  }
  if (lowest) {
    suggestions.push({
      rule: 'minimum',
      lr: lowest.lr / 10,
      label: `min/10 ${short(lowest.lr / 10)}`,
      explanation:
        `Minimum ÷ 10 = ${short(lowest.lr / 10)}: the smoothed loss is lowest (${short(lowest.loss)}) at η = ${short(lowest.lr)}, ` +
        'but there training is already at the edge of instability; a tenth of it is fastai\'s older, cautious rule.',
    });
  }
  if (stop) {
    const why = stop.reason === 'rise' ? `the smoothed loss passed ${DIVERGENCE_FACTOR}× its lowest` : 'the loss was no longer a finite number';
    suggestions.push({
      rule: 'divergence',
      lr: stop.lr,
      label: `diverged ${short(stop.lr)}`,
      explanation: `Divergence at η = ${short(stop.lr)}: ${why}, so the sweep stopped. Rates near it are too high for these weights.`,
    });
  }
  return suggestions;
}

/** How to read the range test's charts. */
export function lrExplanation(sweep: LrSweep, start: number, end: number, smoothing: number): string {
  const ended = sweep.stop ? `It stopped after ${sweep.rates.length} batches, at η = ${short(sweep.stop.lr)}.` : `It ran all ${sweep.rates.length} batches.`;
  const flat = sweep.steepest
    ? ''
    : 'No sustained descent was found: the loss did not fall clearly at any rate of this sweep, so there is no rate to suggest; try more steps or a larger batch, or check that the model can learn the data. ';
  return (
    flat +
    `Each batch was trained at a higher learning rate, η rising exponentially from ${short(start)} to ${short(end)} (equal steps on the log axis). ` +
    `The faint line is each batch's loss; the bold one its moving average with β = ${smoothing}, corrected for starting at zero. ` +
    'The lower chart is its slope per decade of η: the more negative, the faster the loss falls. ' +
    `${ended} The weights and the optimizer's state were then put back as they were, so a train after this starts where it would have.`
  );
}

/** What to write to use the steepest descent's rate; undefined without one. */
export function lrUse(sweep: LrSweep, optimizer: string, options: Readonly<Record<string, unknown>>): string | undefined {
  if (!sweep.steepest) return undefined;
  const others = Object.entries(options).filter(([name]) => name !== 'lr').map(([name, value]) => ` ${name}=${String(value)}`);
  return `optimizer ${optimizer}${others.join('')} lr=${short(sweep.steepest.lr)}`;
}

/** How to read the survey, and why τ sits at the chosen percentile. */
export function surveyExplanation(survey: GradientSurvey, learningRate: number): string {
  const { p, value } = survey.threshold;
  const ended = survey.stoppedAt === undefined ? '' : ` The run stopped at step ${survey.stoppedAt}, where the loss or gradient was not finite.`;
  return (
    `${survey.norms.length} steps were trained at η = ${short(learningRate)} without clipping, recording the global gradient norm ‖g‖ of each.${ended} ` +
    `τ = ${short(value)} is the ${ordinal(p)} percentile of those norms: clipping there leaves about ${100 - p} % of steps — the spikes — clipped and the typical ones untouched, ` +
    'which is what "set τ based on empirical gradient norms" asks. A lower percentile clips more steps and slows training; a higher one lets more spikes through. ' +
    'Norms shrink as training goes on, so survey again after long training. The weights were put back afterwards.'
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
