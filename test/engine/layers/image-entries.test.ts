import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { batchNormParams } from '../../../src/engine/layers/batchnorm';
import { batchNormText } from '../../../src/engine/layers/batchnorm.entry';
import { conv2dParams } from '../../../src/engine/layers/conv2d';
import { conv2dText } from '../../../src/engine/layers/conv2d.entry';
import { flattenParams } from '../../../src/engine/layers/flatten';
import { flattenText } from '../../../src/engine/layers/flatten.entry';
import { avgPoolParams, globalAvgPoolParams, maxPoolParams } from '../../../src/engine/layers/pool2d';
import { avgPoolText, globalAvgPoolText, maxPoolText } from '../../../src/engine/layers/pool2d.entry';
import type { ParamList } from '../../../src/engine/params';
import type { EntrySource } from '../../../src/reference/entry';
import { placeholders, renderTemplate } from '../../../src/reference/template';

/**
 * The image layers' catalog texts, held to the rules the catalog applies to
 * every registered entry: each placeholder a parameter with a symbol, TeX
 * that KaTeX typesets with and without a run's values, and a plain form that
 * shows the same Greek letters and operators as the TeX.
 */
const ENTRIES: readonly [EntrySource, ParamList, Record<string, string | number>][] = [
  [conv2dText, conv2dParams, { filters: 16, kernel: 3, stride: 1, padding: 'same', dilation: 2, activation: 'relu', init: 'he_normal' }],
  [maxPoolText, maxPoolParams, { size: 2, stride: 2, padding: 0 }],
  [avgPoolText, avgPoolParams, { size: 3, stride: 2, padding: 1 }],
  [globalAvgPoolText, globalAvgPoolParams, {}],
  [flattenText, flattenParams, {}],
  [batchNormText, batchNormParams, { momentum: 0.1, eps: 1e-5 }],
];

const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', varepsilon: 'ε', epsilon: 'ε', eta: 'η', theta: 'θ', kappa: 'κ',
  lambda: 'λ', mu: 'μ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', nabla: '∇', sqrt: '√',
};
const SHOWN = new Set(Object.values(GREEK));

describe.each(ENTRIES.map(([text, params, values]) => [text.name, text, params, values] as const))('%s catalog text', (_, text, params, values) => {
  it('shows only its parameters, each with a symbol', () => {
    const names = params.describe().map((p) => p.name);
    for (const name of placeholders(text.formula)) {
      expect(names, `{{${name}}}`).toContain(name);
      expect(text.symbols?.[name], `symbol of {{${name}}}`).toBeDefined();
    }
  });

  it('typesets with symbols and with a run’s values', () => {
    for (const tex of [renderTemplate(text.formula, text.symbols ?? {}), renderTemplate(text.formula, text.symbols ?? {}, values)]) {
      expect(() => katex.renderToString(tex, { throwOnError: true, displayMode: true })).not.toThrow();
    }
  });

  it('shows the same Greek letters and operators in plain text as in TeX', () => {
    const tex = renderTemplate(text.formula, text.symbols ?? {});
    const inTex = new Set([...tex.matchAll(/\\([a-z]+)/g)].flatMap((match) => GREEK[match[1]] ?? []));
    const inPlain = new Set([...text.plain].filter((char) => SHOWN.has(char)));
    expect([...inPlain].sort()).toEqual([...inTex].sort());
  });
});
