import { describe, expect, it } from 'vitest';
import { catalog, type CatalogEntry } from '../../src/reference/catalog';
import { placeholders } from '../../src/reference/template';

/**
 * An entry's plain formula is written by hand beside its TeX, so the two can
 * drift: a symbol renamed in one and not the other. This reads the Greek
 * letters and operators each one shows and asks for the same set.
 */

const TEX_SYMBOLS: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', varepsilon: 'ε', epsilon: 'ε', eta: 'η', theta: 'θ', kappa: 'κ',
  lambda: 'λ', mu: 'μ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', nabla: '∇', sqrt: '√',
};
const SHOWN = new Set(Object.values(TEX_SYMBOLS));

function texSymbols(tex: string): Set<string> {
  return new Set([...tex.matchAll(/\\([a-z]+)/g)].flatMap((match) => TEX_SYMBOLS[match[1]] ?? []));
}

/**
 * The TeX whose symbols the plain text must show. A diagnostic's TeX shows
 * its thresholds as symbols (τ_dead) where its plain text names them as the
 * language writes them (dead_fraction), which `thresholdsUnnamed` checks; so
 * those, and the defaults line that shows only thresholds, are left out here.
 */
function shownTex(entry: CatalogEntry): string {
  if (entry.kind !== 'diagnostic') return entry.tex;
  return entry.template.replace(/\{\{\w+\}\}/g, '').replace(/\\\\ &\\text\{defaults?: \}.*?(?=\\end\{aligned\})/, '');
}

/** The thresholds a diagnostic's formula shows that its plain text, before the defaults line, does not name. */
function thresholdsUnnamed(entry: CatalogEntry): string[] {
  if (entry.kind !== 'diagnostic') return [];
  const rule = entry.plain.replace(/;  defaults?: .*$/, '');
  return placeholders(entry.template).filter((name) => !new RegExp(`(?<!\\w)${name}(?!\\w)`).test(rule));
}

function plainSymbols(plain: string): Set<string> {
  return new Set([...plain].filter((char) => SHOWN.has(char)));
}

describe('plain formulas', () => {
  it('reads the symbols of both forms', () => {
    expect(texSymbols(String.raw`w_t = w_{t-1} - \eta\, \frac{g}{\sqrt{v} + \varepsilon}`)).toEqual(new Set(['η', '√', 'ε']));
    expect(plainSymbols('w ← w − η·g/(√v + ε)')).toEqual(new Set(['η', '√', 'ε']));
  });

  it.each(catalog().map((entry) => [entry.name, entry] as const))(
    '%s shows the same symbols in plain text as in TeX',
    (_, entry) => {
      expect([...plainSymbols(entry.plain)].sort()).toEqual([...texSymbols(shownTex(entry))].sort());
      expect(thresholdsUnnamed(entry)).toEqual([]);
    },
  );

  it('finds a threshold the plain text leaves unnamed', () => {
    const dyingRelu = catalog().find((entry) => entry.name === 'dying-relu')!;
    expect(thresholdsUnnamed(dyingRelu)).toEqual([]);
    expect(thresholdsUnnamed({ ...dyingRelu, plain: dyingRelu.plain.replace(/dead_fraction/g, 'τ') })).toEqual(['dead_fraction']);
  });
});
