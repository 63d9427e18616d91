import type { CardCatalog, CardEntry } from './card-data';
import { catalog, registryOf } from './catalog';
import { CONCEPT_KINDS, type ConceptKind } from './entry';

/** The formula cards' part of the catalog, with every spelling each registry accepts. */
export function cardCatalog(): CardCatalog {
  const entries = Object.fromEntries(CONCEPT_KINDS.map((kind) => [kind, {} as Record<string, CardEntry>]));
  for (const { kind, name, title, summary, params, template, symbols } of catalog()) entries[kind][name] = { kind, name, title, summary, params, template, symbols };
  const spellingsOf = (kind: ConceptKind) => Object.fromEntries(registryOf(kind).allNames().map((spelling) => [spelling, registryOf(kind).get(spelling).name]));
  return { entries, spellings: Object.fromEntries(CONCEPT_KINDS.map((kind) => [kind, spellingsOf(kind)])) };
}
