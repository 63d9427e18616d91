import type { ParamInfo, ParamValue } from '../engine/params';
import type { ConceptKind, SymbolSpec } from './entry';
import { renderTemplate } from './template';

/**
 * The part of the catalog a formula card shows, as plain data: the renderer
 * receives it built into its bundle (scripts/renderer-build.mjs), so it
 * carries the entries' text without the engine registries they are read from.
 */

/** What a formula card shows of one catalog entry. */
export interface CardEntry {
  readonly kind: ConceptKind;
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly params: readonly ParamInfo[];
  readonly template: string;
  readonly symbols: Readonly<Record<string, SymbolSpec>>;
}

/** Every entry by kind and name, and each kind's accepted spellings (normalized as the registries keep them) with the name they stand for. */
export interface CardCatalog {
  readonly entries: Readonly<Record<string, Readonly<Record<string, CardEntry>>>>;
  readonly spellings: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The entry a name or alias stands for, matched as the registries match
 * (ignoring case, `-` read as `_`); undefined for a name the kind lacks.
 */
export function cardEntry(cards: CardCatalog, kind: ConceptKind, name: string): CardEntry | undefined {
  const spelling = name.trim().toLowerCase().replace(/-/g, '_');
  const canonical = Object.hasOwn(cards.spellings[kind] ?? {}, spelling) ? cards.spellings[kind][spelling] : undefined;
  return canonical === undefined ? undefined : cards.entries[kind]?.[canonical];
}

/**
 * The entry's TeX with a run's parameter values in place of their symbols,
 * wherever the formula shows them: adam with { lr: 0.003 } turns η into
 * 0.003. Keys are language spellings (`weight_decay`) or TypeScript ones
 * (`weightDecay`); parameters not given, or not in the formula, keep their
 * symbol. The result renders with KaTeX.
 */
export function fillParameters(entry: Pick<CardEntry, 'params' | 'template' | 'symbols'>, values: Readonly<Record<string, ParamValue>>): string {
  const given = (key: string): ParamValue | undefined => (Object.hasOwn(values, key) ? values[key] : undefined);
  const named = entry.params.flatMap((param) => {
    const value = given(param.name) ?? given(param.key);
    return value === undefined ? [] : [[param.name, value] as const];
  });
  return renderTemplate(entry.template, entry.symbols, Object.fromEntries(named));
}
