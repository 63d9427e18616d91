import type { ParamInfo } from '../engine/params';
import type { CatalogEntry } from './catalog';
import { formatDefault, validValues } from './docs';

/**
 * A catalog entry as Markdown for an editor hover: title, summary, the
 * formula once — as an image (typeset by the caller, who knows the theme)
 * whose alt text is the plain-text formula, or as plain text when there is
 * no image — its parameters as a list (a hover is narrow: a table would
 * scroll sideways), when to use it, its pitfalls, and where PyTorch, Keras
 * and textbooks differ — which says which form is the default here.
 */

/** What the host adds to an entry's Markdown: an image of the formula, a link to the panel. */
export interface EntryMarkdownOptions {
  /** A URI of the formula as an image, or undefined to show the plain formula alone. */
  readonly formulaImage?: (tex: string) => string | undefined;
  /** A link to the entry in the formula reference panel, if the host has one. */
  readonly referenceLink?: (entry: CatalogEntry) => string | undefined;
}

/** What a kind of concept is called under its title. */
const KIND_LABELS: Readonly<Record<CatalogEntry['kind'], string>> = {
  layer: 'layer',
  activation: 'activation',
  initializer: 'initializer',
  optimizer: 'optimizer',
  clipping: 'gradient clipping',
  schedule: 'learning-rate schedule',
  loss: 'loss',
  metric: 'metric',
  dataset: 'data set',
  diagnostic: 'diagnostic',
  finder: 'find statement',
};

/** Characters Markdown would read as formatting in prose. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** The entry's hover. */
export function entryMarkdown(entry: CatalogEntry, options: EntryMarkdownOptions = {}): string {
  const lines = [`**${escapeMarkdown(entry.name)}** — ${escapeMarkdown(entry.title)} *(${KIND_LABELS[entry.kind]})*`, ''];
  if (entry.aliases.length > 0) lines.push(`Also: ${entry.aliases.map((alias) => `\`${alias}\``).join(', ')}`, '');
  lines.push(escapeMarkdown(entry.summary), '');
  const image = imageOf(entry, options);
  if (image !== undefined) lines.push(`![${altText(entry.plain)}](${image})`, '');
  else lines.push('```text', entry.plain, '```', '');
  if (entry.params.length > 0) lines.push(...parameterList(entry.params), '');
  lines.push(`**When to use.** ${escapeMarkdown(entry.whenToUse)}`, '');
  lines.push(`**Pitfalls.** ${escapeMarkdown(entry.pitfalls)}`, '');
  if (entry.variants !== undefined) lines.push(`**Variants and defaults.** ${escapeMarkdown(entry.variants)}`, '');
  lines.push(`*${escapeMarkdown(entry.references.join('; '))}*`);
  const link = options.referenceLink?.(entry);
  if (link !== undefined) lines.push('', `[Open in the formula reference](${link})`);
  return lines.join('\n');
}

/**
 * Parameters for a hover, one a line:
 * "`lr` = `0.001` · > 0 — the step size". Shared by statement hovers.
 */
export function parameterList(params: readonly ParamInfo[]): string[] {
  return [
    '**Parameters**',
    '',
    ...params.map((param) => `- \`${param.name}\` = ${formatDefault(param)} · ${escapeMarkdown(validValues(param))} — ${escapeMarkdown(param.doc)}`),
  ];
}

/** The plain formula as an image's alt text: one line, no bracket that would end it. */
function altText(plain: string): string {
  return plain.replace(/\s*\n\s*/g, '; ').replace(/[\\[\]]/g, (c) => `\\${c}`);
}

function imageOf(entry: CatalogEntry, options: EntryMarkdownOptions): string | undefined {
  try {
    return options.formulaImage?.(entry.tex);
  } catch {
    // The plain formula below still says it all; a hover never fails over a picture.
    return undefined;
  }
}
