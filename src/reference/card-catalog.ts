import type { CardCatalog, CardEntry } from './card-data';
import { catalog, registryOf } from './catalog';
import { CONCEPT_KINDS } from './entry';

/** The formula cards' part of the catalog, with every spelling each registry accepts. */
export function cardCatalog(): CardCatalog {
  const entries: Record<string, Record<string, CardEntry>> = {};
  const spellings: Record<string, Record<string, string>> = {};
  for (const kind of CONCEPT_KINDS) entries[kind] = {};
  for (const { kind, name, title, summary, params, template, symbols } of catalog()) {
    entries[kind][name] = { kind, name, title, summary, params, template, symbols };
  }
  for (const kind of CONCEPT_KINDS) {
    const registry = registryOf(kind);
    spellings[kind] = Object.fromEntries(registry.allNames().map((spelling) => [spelling, registry.get(spelling).name]));
  }
  return { entries, spellings };
}
