import { ConfigError } from '../engine/errors';
import type { ParamInfo, ParamList, ParamValue } from '../engine/params';
import { normalizeName, type NamedEntry, type Registry } from '../engine/registry';
import type { ArgumentNode, NameNode, Span, ValueNode } from './nodes';
import type { ConceptRef, LanguageProblem } from './program';

/** Collects a cell's problems; every check reports and carries on. */
export class ProblemList {
  readonly items: LanguageProblem[] = [];

  error(span: Span, code: string, message: string): void {
    this.items.push({ start: span.start, end: span.end, code, severity: 'error', message });
  }

  /** Reports a ConfigError from the engine at `span`; rethrows anything else. */
  fromConfigError(span: Span, error: unknown, code = 'invalid-value'): void {
    if (!(error instanceof ConfigError)) throw error;
    this.error(span, code, error.message);
  }
}

/** A written value as a parameter value: numbers, booleans, strings, and bare names (for choices like `mode=fan_out`). */
export function literalValue(node: ValueNode, problems: ProblemList, what: string): ParamValue | undefined {
  switch (node.type) {
    case 'number':
    case 'boolean':
    case 'string':
      return node.value;
    case 'name':
      return node.text;
    default:
      problems.error(node, 'expected-value', `${what} takes a single value here, not a ${node.type === 'list' ? 'list' : 'call'}`);
      return undefined;
  }
}

/** A value that must be a number. */
export function numberValue(node: ValueNode, problems: ProblemList, what: string): number | undefined {
  if (node.type === 'number') return node.value;
  problems.error(node, 'expected-number', `${what} must be a number`);
  return undefined;
}

/**
 * Binds arguments to a schema: positional values fill the parameters in the
 * order the schema lists them, named ones go by name (case ignored, `-` read
 * as `_`). Each value is checked on its own, so every bad argument gets its
 * own squiggle; then the whole set is resolved, which catches a missing
 * required parameter at `owner`.
 */
export function bindOptions(
  schema: ParamList,
  args: readonly ArgumentNode[],
  owner: Span,
  problems: ProblemList,
  /** Values the session fills in later (a cosine period from the run's length): not reported missing. */
  later: Readonly<Record<string, ParamValue>> = {},
  /** Other spellings of parameter names (`val` for `validation`). */
  aliases: Readonly<Record<string, string>> = {},
  /** Parameters whose value names a concept (a layer's activation): each resolves its value and records the ConceptRef in `refs`. */
  concepts: ConceptParams = { resolvers: {}, refs: {}, positional: Infinity },
): Record<string, ParamValue> | undefined {
  const params: ParamInfo[] = schema.describe();
  const spellings = { ...schema.aliases, ...aliases };
  const options: Record<string, ParamValue> = {};
  const given = new Set<string>();
  const keysWritten = new Set<string>();
  let positional = 0;
  let failed = false;
  for (const arg of args) {
    let name: string;
    const written = arg.key && normalizeName(arg.key.text);
    if (written !== undefined) {
      name = spellings[written] ?? written;
    } else {
      if (positional >= concepts.positional) {
        const named = params.slice(0, concepts.positional).map((param) => param.name);
        const takes = named.length === 0 ? 'takes no values without names' : `takes ${named.join(' and ')} without names`;
        problems.error(arg, 'too-many-values', `${schema.owner} ${takes}; name the others (${params.slice(concepts.positional).map((param) => `${param.name}=…`).join(', ')})`);
        failed = true;
        continue;
      }
      const param = params[positional++];
      if (param === undefined) {
        const takes = params.length === 0 ? 'takes no parameters' : `takes at most ${params.length} value${params.length === 1 ? '' : 's'} without a name`;
        problems.error(arg, 'too-many-values', `${schema.owner} ${takes}`);
        failed = true;
        continue;
      }
      name = param.name;
    }
    if (given.has(name)) {
      // The same key written twice is reported by the parser; a value given both
      // without and with a name, or under two spellings, is found only here.
      if (written === undefined || !keysWritten.has(written)) {
        problems.error(arg.key ?? arg, 'duplicate-key', `${schema.owner}: ${name} is given twice`);
        failed = true;
      }
      continue;
    }
    given.add(name);
    if (written !== undefined) keysWritten.add(written);
    const resolveConceptValue = concepts.resolvers[name];
    if (resolveConceptValue) {
      const ref = resolveConceptValue(arg.value);
      if (ref === undefined) failed = true;
      else concepts.refs[name] = ref;
      continue;
    }
    const value = literalValue(arg.value, problems, `${schema.owner}: ${name}`);
    if (value === undefined) {
      failed = true;
      continue;
    }
    try {
      schema.checkNamed(name, value);
      options[name] = value;
    } catch (error) {
      const unknown = arg.key !== undefined && !params.some((param) => param.name === name);
      problems.fromConfigError(unknown ? arg.key! : arg.value, error, unknown ? 'unknown-parameter' : 'invalid-value');
      failed = true;
    }
  }
  if (failed) return undefined;
  try {
    schema.resolveNamed({ ...later, ...options });
  } catch (error) {
    problems.fromConfigError(owner, error, 'missing-value');
    return undefined;
  }
  return options;
}

/** How `bindOptions` reads parameters that name concepts, and how many values may go without names. */
export interface ConceptParams {
  readonly resolvers: Readonly<Record<string, (value: ValueNode) => ConceptRef | undefined>>;
  /** Filled with each concept given, by parameter name. */
  readonly refs: Record<string, ConceptRef>;
  readonly positional: number;
}

/** The name and own arguments of a concept written as `name` or `name(args)`. */
export function conceptParts(value: ValueNode, problems: ProblemList, kind: string): { name: NameNode; args: readonly ArgumentNode[] } | undefined {
  if (value.type === 'name') return { name: value, args: [] };
  if (value.type === 'call') return { name: value.callee, args: value.args };
  problems.error(value, 'expected-name', `expected the name of ${article(kind)} ${kind}`);
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/**
 * Resolves a concept against its registry: the name (with a "did you mean"
 * for a typo), its options, and — through `build` — the checks a concept can
 * only make once built (AdamW's β₁ with β₂, an exponential schedule given both
 * forms). Returns undefined after reporting what is wrong.
 */
export function resolveConcept<E extends NamedEntry>(
  registry: Registry<E>,
  name: NameNode,
  args: readonly ArgumentNode[],
  span: Span,
  problems: ProblemList,
  build?: (entry: E, options: Record<string, ParamValue>) => unknown,
  later: Readonly<Record<string, ParamValue>> = {},
): ConceptRef | undefined {
  let entry: E;
  try {
    entry = registry.get(name.text);
  } catch (error) {
    problems.fromConfigError(name, error, 'unknown-name');
    return undefined;
  }
  const applicable = Object.fromEntries(Object.entries(later).filter(([name]) => entry.params.describe().some((p) => p.name === name)));
  const options = bindOptions(entry.params, args, span, problems, applicable);
  if (options === undefined) return undefined;
  if (build) {
    try {
      build(entry, options);
    } catch (error) {
      // A size too large to allocate (a huge window) is the user's value, not a fault of the checker.
      if (error instanceof RangeError) problems.error(span, 'invalid-value', `${entry.params.owner}: a value is too large to build (${error.message})`);
      else problems.fromConfigError(span, error);
      return undefined;
    }
  }
  return { name: entry.name, options, start: span.start, end: span.end };
}
