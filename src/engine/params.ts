import { ConfigError, didYouMean, quoted } from './errors';
import { cutText } from './text-limits';

/**
 * Parameter schemas: the one place a concept's parameters, defaults and valid
 * ranges are written. Constructors resolve their options through a schema, the
 * language resolves `key=value` arguments through the same schema, and the
 * catalog lists it, so a range is never written twice.
 */

/**
 * A numeric parameter. `optional` ones have no default and may stay unset;
 * `required` ones have no default and must be given.
 */
export interface NumberParam {
  readonly kind: 'number';
  readonly doc: string;
  readonly default?: number;
  readonly optional?: boolean;
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is not allowed (e.g. lr > 0, β < 1). */
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

export interface BooleanParam {
  readonly kind: 'boolean';
  readonly doc: string;
  readonly default: boolean;
}

export interface ChoiceParam<C extends string = string> {
  readonly kind: 'choice';
  readonly doc: string;
  readonly values: readonly C[];
  readonly default: C;
  /** A whole number ≥ min is accepted in place of a named value too (conv2d's `padding=same` or `padding=1`). */
  readonly orWholeNumber?: { readonly min: number };
}

export type ParamSpec = NumberParam | BooleanParam | ChoiceParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;
export type ParamValue = number | boolean | string;

type ValueOf<P> = P extends ChoiceParam<infer C>
  ? P extends { orWholeNumber: object }
    ? C | number
    : C
  : P extends BooleanParam
    ? boolean
    : P extends { optional: true }
      ? number | undefined
      : number;

/** The fully resolved options a schema produces: every key present. */
export type Resolved<S extends ParamSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** What a caller may pass: any subset of the keys. */
export type Options<S extends ParamSpecs> = Partial<Resolved<S>>;

export function number(spec: Omit<NumberParam, 'kind'>): NumberParam {
  return { kind: 'number', ...spec };
}

export function optionalNumber(spec: Omit<NumberParam, 'kind' | 'optional' | 'default'>): NumberParam & { optional: true } {
  return { kind: 'number', optional: true, ...spec };
}

export function requiredNumber(spec: Omit<NumberParam, 'kind' | 'required' | 'default' | 'optional'>): NumberParam & { required: true } {
  return { kind: 'number', required: true, ...spec };
}

export function boolean(spec: Omit<BooleanParam, 'kind'>): BooleanParam {
  return { kind: 'boolean', ...spec };
}

export function choice<const C extends string>(spec: Omit<ChoiceParam<C>, 'kind'>): ChoiceParam<C> {
  return { kind: 'choice', ...spec };
}

/** The language spelling of a TypeScript key: `weightDecay` → `weight_decay`. */
export function languageName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** "[0, 1)", "> 0", "≥ 0", "" — the valid range in words, for messages and docs. */
export function rangeText(spec: NumberParam): string {
  const { min, max } = spec;
  if (min !== undefined && max !== undefined) {
    return `${spec.minExclusive ? '(' : '['}${min}, ${max}${spec.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${spec.minExclusive ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${spec.maxExclusive ? '<' : '≤'} ${max}`;
  return '';
}

/** One parameter as documentation shows it. */
export interface ParamInfo {
  readonly key: string;
  readonly name: string;
  readonly kind: ParamSpec['kind'];
  readonly doc: string;
  readonly default: ParamValue | undefined;
  /** Has no default: the caller must give it. */
  readonly required: boolean;
  readonly range: string;
  readonly values?: readonly string[];
}

/** What registries, completion and docs read of any schema, whatever its keys. */
export interface ParamList {
  /** Reads as "optimizer adam" in messages. */
  readonly owner: string;
  describe(): ParamInfo[];
  checkNamed(name: string, value: ParamValue): void;
  resolveNamed(values: Readonly<Record<string, ParamValue>>): Record<string, unknown>;
  /** Other spellings of parameter names, each to its language name (`n` for mnist's `samples`, as the generated sets spell it). */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A named concept's parameters; `owner` reads as "optimizer adam". */
export class ParamSchema<S extends ParamSpecs> implements ParamList {
  private readonly keyByName: ReadonlyMap<string, keyof S & string>;

  constructor(
    readonly owner: string,
    readonly specs: S,
    readonly aliases: Readonly<Record<string, string>> = {},
  ) {
    this.keyByName = new Map(Object.keys(specs).map((key) => [languageName(key), key]));
  }

  /**
   * Fills defaults and checks every given value; throws a ConfigError that names
   * the parameter, the rule and the value ("optimizer adam: beta2 must be in
   * [0, 1), got 1.2").
   */
  resolve(options: Options<S> = {}): Resolved<S> {
    const given = options as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!(key in this.specs)) this.unknown(key, Object.keys(this.specs));
    }
    const resolved: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(this.specs)) {
      const value = given[key];
      if (value === undefined && spec.kind === 'number' && spec.required) {
        throw new ConfigError(`${this.owner}: ${languageName(key)} is required — ${spec.doc}`);
      }
      resolved[key] = value === undefined ? spec.default : this.check(key, spec, value);
    }
    return resolved as Resolved<S>;
  }

  /** As `resolve`, from language spellings (`weight_decay=0.01`). */
  resolveNamed(values: Readonly<Record<string, ParamValue>>): Resolved<S> {
    const options: Record<string, ParamValue> = {};
    for (const [name, value] of Object.entries(values)) {
      const key = this.keyByName.get(name);
      if (key === undefined) this.unknown(name, this.keyByName.keys());
      options[key] = value;
    }
    return this.resolve(options as Options<S>);
  }

  /**
   * Checks one parameter given in its language spelling on its own, without
   * requiring the others: a checker can then point at each bad argument.
   * Throws the same ConfigError `resolveNamed` would.
   */
  checkNamed(name: string, value: ParamValue): void {
    const key = this.keyByName.get(name);
    if (key === undefined) this.unknown(name, this.keyByName.keys());
    this.check(key, this.specs[key], value);
  }

  /** Every parameter, for completion, hover and docs. */
  describe(): ParamInfo[] {
    return Object.entries(this.specs).map(([key, spec]) => ({
      key,
      name: languageName(key),
      kind: spec.kind,
      doc: spec.doc,
      default: spec.default,
      required: spec.kind === 'number' && spec.required === true,
      range: spec.kind === 'number' ? rangeText(spec) : spec.kind === 'choice' && spec.orWholeNumber ? `a whole number ≥ ${spec.orWholeNumber.min}` : '',
      ...(spec.kind === 'choice' ? { values: spec.values } : {}),
    }));
  }

  private unknown(name: string, known: Iterable<string>): never {
    const list = [...known];
    const takes = list.length === 0 ? 'it takes no parameters' : `it takes ${list.join(', ')}`;
    throw new ConfigError(`${this.owner}: unknown parameter ${quoted(name)}${didYouMean(name, list)}; ${takes}`);
  }

  private check(key: string, spec: ParamSpec, value: unknown): ParamValue {
    const name = languageName(key);
    const fail = (rule: string): never => {
      throw new ConfigError(`${this.owner}: ${name} ${rule}, got ${cutText(String(value))}`);
    };
    switch (spec.kind) {
      case 'boolean':
        if (typeof value !== 'boolean') fail('must be true or false');
        return value as boolean;
      case 'choice': {
        const wholeNumber = spec.orWholeNumber && `a whole number ≥ ${spec.orWholeNumber.min}`;
        if (typeof value === 'number' && spec.orWholeNumber) {
          if (!Number.isInteger(value) || value < spec.orWholeNumber.min) fail(`must be one of ${spec.values.join(', ')} or ${wholeNumber}`);
          return value;
        }
        if (typeof value !== 'string' || !spec.values.includes(value)) fail(`must be one of ${spec.values.join(', ')}${wholeNumber ? ` or ${wholeNumber}` : ''}`);
        return value as string;
      }
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a finite number');
        if (spec.integer && !Number.isInteger(value)) fail('must be a whole number');
        const below = spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min);
        const above = spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max);
        if (below || above) fail(spec.min !== undefined && spec.max !== undefined ? `must be in ${rangeText(spec)}` : `must be ${rangeText(spec)}`);
        return value;
      }
    }
  }
}
