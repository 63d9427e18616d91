import type { ParamValue } from '../engine/params';
import type { CatalogEntry, ConceptKind } from './entry';
import { renderTemplate } from './template';

/**
 * The part of the catalog a formula card shows, as plain data: the renderer's
 * bundle holds it (scripts/renderer-build.mjs) without the engine registries
 * it is read from.
 */

/** What a formula card shows of one catalog entry. */
export type CardEntry = Pick<CatalogEntry, 'kind' | 'name' | 'title' | 'summary' | 'params' | 'template' | 'symbols'>;

/** Entries by kind and name, and each kind's spellings (normalized as the registries keep them) with the name they stand for. */
export interface CardCatalog {
  readonly entries: Readonly<Record<string, Readonly<Record<string, CardEntry>>>>;
  readonly spellings: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The entry a name or alias stands for, matched as the registries match (ignoring case, `-` read as `_`). */
export function cardEntry(cards: CardCatalog, kind: ConceptKind, name: string): CardEntry | undefined {
  const spelling = name.trim().toLowerCase().replace(/-/g, '_');
  const canonical = Object.hasOwn(cards.spellings[kind] ?? {}, spelling) ? cards.spellings[kind][spelling] : undefined;
  return canonical === undefined ? undefined : cards.entries[kind]?.[canonical];
}

/**
 * The entry's TeX with a run's values in place of their symbols: adam with
 * { lr: 0.003 } turns η into 0.003. Keys are language (`weight_decay`) or
 * TypeScript (`weightDecay`) spellings; a parameter not given keeps its symbol.
 */
export function fillParameters(entry: Pick<CardEntry, 'params' | 'template' | 'symbols'>, values: Readonly<Record<string, ParamValue>>): string {
  const given = (key: string): ParamValue | undefined => (Object.hasOwn(values, key) ? values[key] : undefined);
  const named = entry.params.flatMap((param) => {
    const value = given(param.name) ?? given(param.key);
    return value === undefined ? [] : [[param.name, value] as const];
  });
  return renderTemplate(entry.template, entry.symbols, Object.fromEntries(named));
}
