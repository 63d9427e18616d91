import type { ParamInfo } from '../engine/params';
import { catalog, CONCEPT_KINDS, type CatalogEntry, type ConceptKind } from './catalog';
import { KIND_HEADINGS } from './entry';

/**
 * The formula-reference panel's data: every catalog entry, grouped by kind,
 * as plain JSON the webview can typeset and filter. Parameters come with
 * their defaults and valid ranges already written out, so the webview only
 * draws.
 */

/** One parameter as the panel's table shows it. */
export interface ReferenceParam {
  readonly name: string;
  /** `0.9`, `required`, or `—` for one that may stay unset. */
  readonly default: string;
  /** `[0, 1)`, `fan_in | fan_out`, `true | false`, or empty. */
  readonly valid: string;
  readonly doc: string;
}

/** One concept as the panel shows it: the catalog entry's text, its parameters written out. */
export interface ReferenceEntry
  extends Pick<CatalogEntry, 'kind' | 'name' | 'aliases' | 'title' | 'summary' | 'tex' | 'plain' | 'whenToUse' | 'pitfalls' | 'variants' | 'references'> {
  readonly params: readonly ReferenceParam[];
}

/** One kind of concept, under its heading. */
export interface ReferenceSection {
  readonly kind: ConceptKind;
  readonly heading: string;
  readonly entries: readonly ReferenceEntry[];
}

function referenceParam(param: ParamInfo): ReferenceParam {
  const valid = param.values ? param.values.join(' | ') : param.kind === 'boolean' ? 'true | false' : param.range;
  const written = param.required ? 'required' : param.default === undefined ? '—' : String(param.default);
  return { name: param.name, default: written, valid, doc: param.doc };
}

function referenceEntry(entry: CatalogEntry): ReferenceEntry {
  return {
    kind: entry.kind,
    name: entry.name,
    aliases: entry.aliases,
    title: entry.title,
    summary: entry.summary,
    tex: entry.tex,
    plain: entry.plain,
    params: entry.params.map(referenceParam),
    whenToUse: entry.whenToUse,
    pitfalls: entry.pitfalls,
    ...(entry.variants === undefined ? {} : { variants: entry.variants }),
    references: entry.references,
  };
}

/** Every kind with its entries, in the catalog's order; kinds without entries are left out. */
export function referenceSections(): ReferenceSection[] {
  const entries = catalog();
  return CONCEPT_KINDS.map((kind) => ({
    kind,
    heading: KIND_HEADINGS[kind],
    entries: entries.filter((entry) => entry.kind === kind).map(referenceEntry),
  })).filter((section) => section.entries.length > 0);
}

/**
 * The sections as JSON safe to place inside an HTML <script> element: `<`
 * is escaped, so no text of the catalog can close the element early.
 */
export function referenceSectionsJson(sections: readonly ReferenceSection[] = referenceSections()): string {
  return JSON.stringify(sections).replace(/</g, '\\u003c');
}
