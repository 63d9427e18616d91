import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grammar as writtenGrammar, jsonText, languageConfiguration } from '../../scripts/grammar';
import { layers as registeredLayers } from '../../src/engine/layers';
import { STATEMENT_KEYWORDS } from '../../src/lang/statements';

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  patterns?: Rule[];
}

interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const grammar = JSON.parse(read('syntaxes/nnlab.tmLanguage.json')) as Grammar;
const configuration = JSON.parse(read('language-configuration.json')) as {
  comments: { lineComment: string };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
};

/** Every regex source in the grammar, with where it sits. */
function regexes(node: unknown, path = ''): [string, string][] {
  if (typeof node !== 'object' || node === null) return [];
  const found: [string, string][] = [];
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'match' || key === 'begin' || key === 'end' || key === 'while') && typeof value === 'string') found.push([`${path}.${key}`, value]);
    else found.push(...regexes(value, `${path}.${key}`));
  }
  return found;
}

/**
 * Escapes that Oniguruma reads one way and JavaScript another (`\h` is a hex
 * digit there, a plain `h` here) or not at all; `new RegExp` would not notice.
 */
const onigurumaOnly = /(?<!\\)(?:\\\\)*\\[hHAzZGKR]|\(\?[imx-]+[):]/;

/** The first word of every backquoted name in the first column of the table under `heading` (`maxpool`, `avgpool` names two). */
function tableNames(markdown: string, heading: string): string[] {
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows = lines.slice(first, first + lines.slice(first).findIndex((line) => !line.startsWith('|')));
  const firstCells = rows.map((row) => /^\|([^|]*)\|/.exec(row)?.[1] ?? '');
  return [...new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`(\w+)/g)].map((match) => match[1])))];
}

const language = read('docs/language.md');
const statements = tableNames(language, '## Statements');
const layers = tableNames(language, '### Layers');

function captured(rule: string, line: string): string | undefined {
  const match = new RegExp(grammar.repository[rule].match!).exec(line);
  return match === null ? undefined : (match[1] ?? match[0]);
}

describe('syntaxes/nnlab.tmLanguage.json', () => {
  it('is current with the statement keywords and the layer registry (npm run docs writes it)', () => {
    expect(read('syntaxes/nnlab.tmLanguage.json')).toBe(jsonText(writtenGrammar));
    expect(read('language-configuration.json')).toBe(jsonText(languageConfiguration));
  });

  it('is named source.nnlab and includes only rules it defines', () => {
    expect(grammar.scopeName).toBe('source.nnlab');
    const includes = grammar.patterns.map((pattern) => (pattern as { include?: string }).include);
    expect(includes.map((include) => Object.keys(grammar.repository).includes(include?.slice(1) ?? ''))).not.toContain(false);
  });

  it.each(regexes(grammar))('%s compiles in JavaScript without Oniguruma-only syntax', (_, source) => {
    expect(() => new RegExp(source)).not.toThrow();
    expect(source).not.toMatch(onigurumaOnly);
  });

  it('documents the statement keywords and the registered layers in docs/language.md', () => {
    expect(statements).toEqual([...STATEMENT_KEYWORDS]);
    expect([...layers].sort()).toEqual(registeredLayers.entries().map((entry) => entry.name).sort());
  });

  it.each(statements)('highlights the statement keyword %s at the left margin only', (keyword) => {
    expect(captured('statement-keyword', `${keyword} x=1`)).toBe(keyword);
    expect(captured('statement-keyword', keyword)).toBe(keyword);
    expect(captured('statement-keyword', `  ${keyword}`)).toBeUndefined();
    expect(captured('statement-keyword', `${keyword}s`)).toBeUndefined();
    expect(captured('statement-keyword', `x ${keyword}`)).toBeUndefined();
  });

  it.each(layers)('highlights the layer keyword %s on an indented line only', (keyword) => {
    expect(captured('layer-keyword', `  ${keyword} 3`)).toBe(keyword);
    expect(captured('layer-keyword', `\t${keyword}`)).toBe(keyword);
    expect(captured('layer-keyword', `${keyword} 3`)).toBeUndefined();
    expect(captured('layer-keyword', `  ${keyword}_x`)).toBeUndefined();
  });

  it.each([
    ['then', 'warmup 10 then cosine', 'then'],
    ['then', 'x thenx', undefined],
    ['parameter', 'adam lr=0.1', 'lr'],
    ['parameter', 'x min_delta = 1', 'min_delta'],
    ['call', 'dense 3 leaky_relu(0.01)', 'leaky_relu'],
    ['call', 'x he-normal (mode=fan_in)', 'he-normal'],
    ['boolean', 'x nesterov=true', 'true'],
    ['boolean', 'x trueish', undefined],
    ['number', 'x 1e-5', '1e-5'],
    ['number', 'x lr=-0.5', '-0.5'],
    ['number', 'x .5', '.5'],
    ['number', 'x 2.5E3', '2.5E3'],
    ['number', 'optimizer beta2', undefined],
    ['number', 'x 1.2.3', undefined],
    ['comment', 'loss mse # mean squared', '#'],
  ])('%s rule on %j captures %j', (rule, line, expected) => {
    expect(captured(rule, line)).toBe(expected);
  });
});

describe('language-configuration.json', () => {
  it('comments with # and compiles its patterns', () => {
    expect(configuration.comments.lineComment).toBe('#');
    for (const source of [configuration.wordPattern, ...Object.values(configuration.indentationRules)]) {
      expect(() => new RegExp(source)).not.toThrow();
    }
  });

  it.each([
    ['model', true],
    ['model  # the network', true],
    ['models', false],
    ['  dense 3', false],
    ['loss mse', false],
  ])('indents after %j: %s', (line, indents) => {
    expect(new RegExp(configuration.indentationRules.increaseIndentPattern).test(line)).toBe(indents);
  });

  it.each(statements)('brings %s back to the left margin when typed in a block', (keyword) => {
    expect(new RegExp(configuration.indentationRules.decreaseIndentPattern).test(`  ${keyword}`)).toBe(true);
  });

  it('does not outdent a layer', () => {
    for (const layer of layers) expect(new RegExp(configuration.indentationRules.decreaseIndentPattern).test(`  ${layer} 3`)).toBe(false);
  });
});
