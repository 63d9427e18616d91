import { head } from './text-limits';

/**
 * A setting that cannot be used as given: an unknown name, a value out of range,
 * a shape that does not fit. The message names the thing and the parameter.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Names longer than this are never typos of a known name, and are cut when a message quotes them. */
const LONGEST_COMPARED = 64;
/** How much of a too-long name a message shows. */
const SHOWN_OF_LONG = 40;

/**
 * `'name'` as a message quotes user text; a name longer than 64 characters is
 * cut to its first 40 with an ellipsis and its full length, so a message stays
 * a line long whatever was written: `'xxxx…' (1048576 characters)`.
 */
export function quoted(text: string): string {
  if (text.length <= LONGEST_COMPARED) return `'${text}'`;
  return `'${head(text, SHOWN_OF_LONG)}…' (${text.length} characters)`;
}

/**
 * Edit distance counting a swap of neighbours as one edit (optimal string
 * alignment), or `limit + 1` as soon as it is sure to exceed `limit`. Keeps
 * three rows of `b`'s length, whatever the length of `a`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowBest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      current.push(best);
      rowBest = Math.min(rowBest, best);
    }
    // Every later row is at least this row's smallest value.
    if (rowBest > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo
 * (at most a third of the name's letters differ, and never more than 3).
 * Names over 64 characters are no typo of anything and are not compared.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > LONGEST_COMPARED) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "" — appended to unknown-name messages. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = closestName(name, candidates);
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
}
