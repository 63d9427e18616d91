// The editor's TextMate grammar and language configuration, written from the
// language's statement keywords and the layer registry by `npm run docs`, so a
// new statement or layer is highlighted (and outdented) without a third list.
import { layers } from '../src/engine/layers';
import { STATEMENT_KEYWORDS } from '../src/lang/statements';

/** A keyword alternation that does not match a longer word (`models`, `dense-x`). */
function keywords(words: readonly string[]): string {
  return `(${words.join('|')})(?![\\w-])`;
}

const statements = keywords(STATEMENT_KEYWORDS);
const layerNames = keywords(layers.entries().map((entry) => entry.name));
const word = String.raw`[A-Za-z_][\w-]*`;
const number = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

/** syntaxes/nnlab.tmLanguage.json. Regexes stay within the syntax Oniguruma and JavaScript share, so a test compiles them with new RegExp. */
export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'NN Lab',
  scopeName: 'source.nnlab',
  comment: 'Written by npm run docs (scripts/grammar.ts) from the statement keywords and the layer registry; edit the script, not this file.',
  patterns: ['comment', 'string', 'statement-keyword', 'layer-keyword', 'then', 'parameter', 'call', 'boolean', 'number', 'punctuation'].map(
    (rule) => ({ include: `#${rule}` }),
  ),
  repository: {
    comment: {
      match: '(#).*$',
      name: 'comment.line.number-sign.nnlab',
      captures: { 1: { name: 'punctuation.definition.comment.nnlab' } },
    },
    string: {
      begin: '"',
      end: '"|$',
      name: 'string.quoted.double.nnlab',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.nnlab' } },
      endCaptures: { 0: { name: 'punctuation.definition.string.end.nnlab' } },
      patterns: [{ match: String.raw`\\["\\]`, name: 'constant.character.escape.nnlab' }],
    },
    'statement-keyword': { match: `^${statements}`, captures: { 1: { name: 'keyword.control.statement.nnlab' } } },
    'layer-keyword': { match: `^[ \\t]+${layerNames}`, captures: { 1: { name: 'keyword.control.layer.nnlab' } } },
    then: { match: String.raw`(?<![\w-])then(?![\w-])`, name: 'keyword.control.then.nnlab' },
    parameter: {
      match: String.raw`(?<![\w-])(${word})[ \t]*(=)`,
      captures: { 1: { name: 'variable.parameter.nnlab' }, 2: { name: 'keyword.operator.assignment.nnlab' } },
    },
    call: { match: String.raw`(?<![\w-])(${word})[ \t]*(?=\()`, captures: { 1: { name: 'entity.name.function.nnlab' } } },
    boolean: { match: String.raw`(?<![\w-])(?:true|false|True|False|TRUE|FALSE)(?![\w-])`, name: 'constant.language.boolean.nnlab' },
    number: { match: String.raw`(?<![\w.-])${number}(?![\w.+-])`, name: 'constant.numeric.nnlab' },
    punctuation: {
      patterns: [
        { match: '[()]', name: 'punctuation.section.parens.nnlab' },
        { match: String.raw`[\[\]]`, name: 'punctuation.section.brackets.nnlab' },
        { match: ',', name: 'punctuation.separator.comma.nnlab' },
      ],
    },
  },
};

/** language-configuration.json: a statement keyword typed inside the model block goes back to the left margin. */
export const languageConfiguration = {
  comments: { lineComment: '#' },
  brackets: [
    ['(', ')'],
    ['[', ']'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    ['(', ')'],
    ['[', ']'],
    ['"', '"'],
  ],
  wordPattern: `${number}|${word}`,
  indentationRules: {
    increaseIndentPattern: String.raw`^[ \t]*model[ \t]*(?:#.*)?$`,
    decreaseIndentPattern: String.raw`^[ \t]*(?:${STATEMENT_KEYWORDS.join('|')})(?![\w-])`,
  },
  folding: { offSide: true },
};

/** The text a generated JSON file holds. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
