import type { CatalogEntry } from '../../reference/catalog';

/**
 * The command that opens the formula reference panel at one entry. Hovers
 * link to it; it is registered by registerLanguageFeatures and is not in the
 * command palette (nnlab.openFormulaReference is).
 */
export const SHOW_REFERENCE_COMMAND = 'nnlab.showFormulaReference';

/** A `command:` link to the entry, for trusted Markdown that enables SHOW_REFERENCE_COMMAND. */
export function referenceLink(entry: Pick<CatalogEntry, 'kind' | 'name'>): string {
  return `command:${SHOW_REFERENCE_COMMAND}?${encodeURIComponent(JSON.stringify([`${entry.kind}/${entry.name}`]))}`;
}
