import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { embeddingParams } from '../../../src/engine/layers/embedding';
import { embeddingText } from '../../../src/engine/layers/embedding.entry';
import { gruParams } from '../../../src/engine/layers/gru';
import { lstmParams } from '../../../src/engine/layers/lstm';
import { gruText, lstmText, rnnText } from '../../../src/engine/layers/recurrent.entry';
import { rnnParams } from '../../../src/engine/layers/rnn';
import type { ParamList } from '../../../src/engine/params';
import type { EntrySource } from '../../../src/reference/entry';
import { placeholders, renderTemplate } from '../../../src/reference/template';

/**
 * The sequence layers' catalog texts are written before the layers are in the
 * catalog, so the checks the catalog makes of every entry are made here: the
 * TeX typesets, each placeholder is a parameter with a symbol, and the plain
 * form shows the same Greek letters as the TeX.
 */

const texts: readonly (readonly [EntrySource, ParamList])[] = [
  [embeddingText, embeddingParams],
  [rnnText, rnnParams],
  [lstmText, lstmParams],
  [gruText, gruParams],
];

const GREEK: Readonly<Record<string, string>> = { sigma: 'σ', delta: 'δ', alpha: 'α', beta: 'β', eta: 'η', varepsilon: 'ε', sqrt: '√' };

describe.each(texts.map(([text, params]) => [text.name, text, params] as const))('%s catalog text', (_, text, params) => {
  it('typesets, with every placeholder a parameter that has a symbol', () => {
    const names = params.describe().map((param) => param.name);
    for (const name of placeholders(text.formula)) expect(names).toContain(name);
    const tex = renderTemplate(text.formula, text.symbols ?? {});
    expect(katex.renderToString(tex, { throwOnError: true, displayMode: true })).toContain('katex');
  });

  it('shows the same Greek letters in plain text as in TeX', () => {
    const inTex = new Set([...text.formula.matchAll(/\\([a-z]+)/g)].flatMap((match) => GREEK[match[1]] ?? []));
    const inPlain = new Set([...text.plain].filter((char) => Object.values(GREEK).includes(char)));
    expect([...inPlain].sort()).toEqual([...inTex].sort());
  });
});
