import type { ParamInfo } from '../engine/params';
import { lookup } from '../reference/catalog';
import { entryMarkdown, escapeMarkdown, parameterList, type EntryMarkdownOptions } from '../reference/entry-markdown';
import type { Target } from './locate';
import { KIND_WORDS, paramDetail, statementShape, STATEMENT_DOCS, type Shape } from './shapes';

/**
 * The hover of whatever `locate` found, as Markdown: a concept's catalog
 * entry with its formula, a statement's form and parameters, or one
 * parameter's meaning, default and range and whose parameter it is.
 * Undefined for a name no catalog entry has (its squiggle says why).
 */
export function hoverMarkdown(target: Target, options: EntryMarkdownOptions = {}): string | undefined {
  switch (target.type) {
    case 'concept': {
      const entry = lookup(target.kind, target.name);
      return entry && entryMarkdown(entry, options);
    }
    case 'statement':
      return statementMarkdown(target.keyword);
    case 'parameter':
      return parameterMarkdown(target.param, target.owner);
    case 'value':
      return parameterMarkdown(target.param, target.owner, target.text);
  }
}

function statementMarkdown(keyword: keyof typeof STATEMENT_DOCS): string {
  const docs = STATEMENT_DOCS[keyword];
  const lines = [`**${keyword}** *(statement)*`, '', '```text', docs.form, '```', '', escapeMarkdown(docs.summary)];
  const shape = statementShape(keyword, undefined);
  if (shape && shape.params.length > 0) lines.push('', ...parameterList(shape.params));
  return lines.join('\n');
}

/** "optimizer adam", "layer dense", "initializer he_normal", "train". */
function ownerName(owner: Shape): string {
  return owner.concept ? `${KIND_WORDS[owner.concept.kind]} ${owner.concept.name}` : owner.label;
}

function parameterMarkdown(param: ParamInfo, owner: Shape, value?: string): string {
  const heading = value === undefined ? `**${escapeMarkdown(param.name)}**` : `**${escapeMarkdown(value)}** — the value of **${escapeMarkdown(param.name)}**`;
  const lines = [`${heading} *(parameter of ${escapeMarkdown(ownerName(owner))})*`, '', escapeMarkdown(param.doc), ''];
  lines.push(`\`${paramDetail(param, owner.keySlots?.[param.name])}\``);
  return lines.join('\n');
}
