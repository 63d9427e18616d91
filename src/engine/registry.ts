import { ConfigError, didYouMean, quoted } from './errors';
import type { ParamList, ParamSchema, ParamSpecs, ParamValue, Resolved } from './params';

/** What every named concept (initializer, optimizer, schedule, …) declares. */
export interface NamedEntry {
  /** The Keras-style name the language and the catalog use. */
  readonly name: string;
  /** Other accepted spellings, PyTorch names first. */
  readonly aliases: readonly string[];
  readonly params: ParamList;
}

/** An entry built from language options, plus what its family's `create` takes besides them (a data set's sources). */
export interface OptionsEntry<T, C extends unknown[] = []> extends NamedEntry {
  /** Options use language spellings (`max_norm=1`) and are checked by `params`. */
  create(options?: Readonly<Record<string, ParamValue>>, ...context: C): T;
}

/**
 * The registry entry of one concept: `create` resolves language options
 * through `params` and hands the typed result to `build`, the same factory
 * TypeScript callers use, so a default or a range is written once, in the
 * schema. Activations, initializers, losses, metrics, clippers and data sets
 * build their entries with this; optimizers and schedules with
 * `defineContextEntry`.
 */
export function defineEntry<S extends ParamSpecs, T, C extends unknown[] = []>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  build: (options: Resolved<S>, ...context: C) => T,
): OptionsEntry<T, C> {
  return { name, aliases, params, create: (options = {}, ...context) => build(params.resolveNamed(options), ...context) };
}

/** An entry whose `create` takes one value before the options: an optimizer its parameters, a schedule its base rate. */
export interface ContextEntry<C, T> extends NamedEntry {
  create(context: C, options?: Readonly<Record<string, ParamValue>>): T;
}

/** `defineEntry` for a family whose `create` takes a value before the options. */
export function defineContextEntry<S extends ParamSpecs, C, T>(
  name: string,
  aliases: readonly string[],
  params: ParamSchema<S>,
  build: (context: C, options: Resolved<S>) => T,
): ContextEntry<C, T> {
  return { name, aliases, params, create: (context, options = {}) => build(context, params.resolveNamed(options)) };
}

/** Names are matched case-insensitively, with `-` read as `_`. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

/**
 * The names of one kind of concept ("optimizer", "initializer") and their
 * aliases. Looking up an unknown name throws with a "did you mean" hint.
 */
export class Registry<E extends NamedEntry> {
  private readonly byName = new Map<string, E>();

  constructor(
    readonly kind: string,
    entries: readonly E[],
  ) {
    for (const entry of entries) this.register(entry);
  }

  /**
   * Adds a concept under its name and aliases, so the language, the catalog
   * and the diagnostics know it from then on. A spelling another entry holds
   * is refused: a name means one concept.
   */
  register(entry: E): void {
    for (const name of [entry.name, ...entry.aliases]) {
      const existing = this.byName.get(normalizeName(name));
      if (existing !== undefined && existing !== entry) throw new Error(`${this.kind} name '${name}' is registered twice`);
    }
    for (const name of [entry.name, ...entry.aliases]) this.byName.set(normalizeName(name), entry);
  }

  /** The entry for a name or alias; throws ConfigError for an unknown one. */
  get(name: string): E {
    const entry = this.byName.get(normalizeName(name));
    if (entry === undefined) {
      throw new ConfigError(`unknown ${this.kind} ${quoted(name)}${didYouMean(normalizeName(name), this.byName.keys())}`);
    }
    return entry;
  }

  has(name: string): boolean {
    return this.byName.has(normalizeName(name));
  }

  /** Each entry once, in registration order. */
  entries(): E[] {
    return [...new Set(this.byName.values())];
  }

  /** Every accepted spelling: names and aliases. */
  allNames(): string[] {
    return [...this.byName.keys()];
  }
}
