import type { ParamInfo } from '../engine/params';
import { catalog, CONCEPT_KINDS, type CatalogEntry } from './catalog';
import { KIND_HEADINGS } from './entry';

/**
 * docs/reference.md, generated from the catalog: every concept with its
 * formula (TeX in $$ blocks, which VS Code's Markdown preview and GitHub
 * typeset), the same in plain text, its parameter table, when to use it, its
 * pitfalls, where tools disagree, and its papers. `npm run docs` writes it;
 * a test fails when it is out of date.
 */

/** The anchor GitHub and VS Code give a heading of plain words. */
export function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** A parameter's default as documentation shows it: `0.001`, *required*, or a dash. */
export function formatDefault(param: ParamInfo): string {
  if (param.required) return '*required*';
  if (param.default === undefined) return '—';
  return `\`${String(param.default)}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The parameter table of one concept, or a line saying it has none. */
function parameterTable(params: readonly ParamInfo[]): string[] {
  if (params.length === 0) return ['No parameters.'];
  const rows = params.map((param) => {
    return `| \`${param.name}\` | ${formatDefault(param)} | ${escapeCell(validValues(param))} | ${escapeCell(param.doc)} |`;
  });
  return ['| parameter | default | valid | meaning |', '| --- | --- | --- | --- |', ...rows];
}

/** What a parameter accepts: its choices, true or false, or its range. */
export function validValues(param: ParamInfo): string {
  if (param.values) return [...param.values, ...(param.range ? [param.range] : [])].join(' | ');
  return param.kind === 'boolean' ? 'true | false' : param.range;
}

function entrySection(entry: CatalogEntry): string[] {
  const lines = [`### \`${entry.name}\` — ${entry.title}`, ''];
  if (entry.aliases.length > 0) lines.push(`Also: ${entry.aliases.map((alias) => `\`${alias}\``).join(', ')}.`, '');
  lines.push(entry.summary, '', '$$', entry.tex, '$$', '', '```text', entry.plain, '```', '');
  lines.push(...parameterTable(entry.params), '');
  lines.push(`**When to use.** ${entry.whenToUse}`, '');
  lines.push(`**Pitfalls.** ${entry.pitfalls}`, '');
  if (entry.variants !== undefined) lines.push(`**Variants.** ${entry.variants}`, '');
  lines.push(`**References.** ${entry.references.join('; ')}.`, '');
  return lines;
}

/** The whole reference page as Markdown. */
export function referenceMarkdown(): string {
  const entries = catalog();
  const lines = [
    '# NN Lab formula reference',
    '',
    'Every concept NN Lab names — layers, activations, initializers, optimizers, gradient clipping,',
    'learning-rate schedules, losses, metrics, data sets and diagnostics — with its formula, its',
    'parameters (defaults and valid ranges), when to use it, its pitfalls, where PyTorch, Keras and',
    'textbooks disagree, and the papers it comes from.',
    '',
    'Generated from the formula catalog (`src/reference/`) and the engine\'s registries by',
    '`npm run docs`; do not edit by hand.',
    '',
    'Names follow Keras; the aliases listed (PyTorch spellings among them) are accepted too, ignoring',
    'case and reading `-` as `_`. Positional arguments fill the parameters in the order the tables list',
    'them. In the default column, *required* marks a parameter that must be given, — one that may stay',
    'unset.',
    '',
    '## Contents',
    '',
  ];
  for (const kind of CONCEPT_KINDS) {
    const names = entries.filter((entry) => entry.kind === kind).map((entry) => `\`${entry.name}\``);
    lines.push(`- [${KIND_HEADINGS[kind]}](#${anchor(KIND_HEADINGS[kind])}): ${names.join(', ')}`);
  }
  lines.push('');
  for (const kind of CONCEPT_KINDS) {
    lines.push(`## ${KIND_HEADINGS[kind]}`, '');
    for (const entry of entries.filter((e) => e.kind === kind)) lines.push(...entrySection(entry));
  }
  return lines.join('\n');
}
