import { quoted } from '../engine/errors';
import { gradientSurveySchema } from '../engine/train/gradient-survey';
import { finders } from '../engine/train/finders';
import { lrFinderSchema } from '../engine/train/lr-finder';
import { normalizeName } from '../engine/registry';
import type { ArgumentNode, StatementNode } from './nodes';
import { bindOptions, type ProblemList } from './resolve';
import type { FindAction } from './program';

/**
 * `find lr …` and `find clip …`: short probing runs that suggest a setting
 * (the learning rate, the clipping threshold τ) and leave the weights as
 * they were. The word after `find` says what is sought and decides the
 * options.
 */

/** Lowers `find lr|clip [options]`, reporting a missing or unknown subject at its place. */
export function lowerFind(statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList): FindAction | undefined {
  const [first, ...rest] = args;
  const written = first?.key === undefined && first?.value.type === 'name' ? normalizeName(first.value.text) : undefined;
  if (written === undefined || !finders.has(written)) {
    const what = written === undefined ? 'needs' : `cannot look for ${quoted(first!.value.type === 'name' ? first!.value.text : written)}; it needs`;
    problems.error(first?.value ?? statement.keyword, 'missing-value', `find ${what} what to look for first: find lr (a learning rate) or find clip (a clipping threshold τ)`);
    return undefined;
  }
  const what = finders.get(written).name as FindAction['what'];
  const schema = what === 'lr' ? lrFinderSchema : gradientSurveySchema;
  // Every option is named: `find lr 1e-5` would leave unclear whether the start or the end was meant.
  const options = bindOptions(schema, rest, statement.keyword, problems, {}, {}, { resolvers: {}, refs: {}, positional: 0 });
  if (!options) return undefined;
  if (what === 'lr') {
    const { start, end } = lrFinderSchema.resolveNamed(options);
    if (!(end > start)) {
      problems.error(rest.find((arg) => arg.key && normalizeName(arg.key.text) === 'end') ?? statement.keyword, 'invalid-value', `find lr: end must be above start, got start=${start} end=${end}`);
      return undefined;
    }
  }
  return what === 'lr' ? { kind: 'find', what, options: lrFinderSchema.resolveNamed(options) } : { kind: 'find', what, options: gradientSurveySchema.resolveNamed(options) };
}
