import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import { DIAGNOSTIC_CODES, thresholdSchema } from '../../src/engine/diagnostics';
import { varianceFormula } from '../../src/engine/diagnostics/concepts';
import { initializers } from '../../src/engine/initializers';
import { batchNormParams } from '../../src/engine/layers/batchnorm';
import { dropoutParams } from '../../src/engine/layers/dropout';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import type { ParamInfo, ParamValue } from '../../src/engine/params';
import { Rng } from '../../src/engine/rng';
import { thresholdsOf } from '../../src/engine/diagnostics/names';
import { denseParams } from '../../src/engine/layers/dense';
import { catalog, CONCEPT_KINDS, ENTRY_SOURCES, fillParameters, lookup, registryOf, type CatalogEntry } from '../../src/reference/catalog';
import { referenceMarkdown } from '../../src/reference/docs';
import { placeholders, texNumber } from '../../src/reference/template';

function entry(kind: CatalogEntry['kind'], name: string): CatalogEntry {
  const found = lookup(kind, name);
  if (found === undefined) throw new Error(`no catalog entry for ${kind} ${name}`);
  return found;
}

/** Every engine layer kind, as a record so a new kind fails the typecheck until it is listed here. */
/** A small model of each layer kind on an input it reads. */
const ENGINE_LAYER_KINDS: Record<string, { input: number[]; layers: LayerConfig[] }> = {
  dense: { input: [3], layers: [{ kind: 'dense', units: 2, activation: createActivation('relu') }] },
  batchnorm: { input: [3], layers: [{ kind: 'batchnorm' }] },
  dropout: { input: [3], layers: [{ kind: 'dropout' }] },
  conv2d: { input: [1, 5, 5], layers: [{ kind: 'conv2d', filters: 2, kernel: 3 }] },
  maxpool: { input: [1, 4, 4], layers: [{ kind: 'maxpool' }] },
  avgpool: { input: [1, 4, 4], layers: [{ kind: 'avgpool' }] },
  global_avgpool: { input: [2, 3, 3], layers: [{ kind: 'global_avgpool' }] },
  flatten: { input: [2, 3, 3], layers: [{ kind: 'flatten' }] },
  embedding: { input: [4], layers: [{ kind: 'embedding', inputDim: 5, outputDim: 3 }] },
  rnn: { input: [4, 2], layers: [{ kind: 'rnn', units: 3 }] },
  lstm: { input: [4, 2], layers: [{ kind: 'lstm', units: 3 }] },
  gru: { input: [4, 2], layers: [{ kind: 'gru', units: 3 }] },
  layernorm: { input: [4, 2], layers: [{ kind: 'layernorm' }] },
  positional: { input: [4, 2], layers: [{ kind: 'positional' }] },
  attention: { input: [4, 2], layers: [{ kind: 'attention', heads: 1 }] },
};

describe('catalog coverage, both ways', () => {
  const registered = CONCEPT_KINDS.filter((kind) => kind !== 'layer' && kind !== 'diagnostic');

  it.each(registered)('every %s name and alias the engine accepts has its entry', (kind) => {
    const registry = registryOf(kind);
    const missing = registry.allNames().filter((name) => lookup(kind, name)?.name !== registry.get(name).name);
    expect(missing).toEqual([]);
  });

  it.each(CONCEPT_KINDS)('every %s entry is a canonical name its registry holds, written once', (kind) => {
    const registry = registryOf(kind);
    const written = ENTRY_SOURCES[kind].map((source) => source.name);
    expect(new Set(written).size).toBe(written.length);
    expect(written.filter((name) => !registry.has(name) || registry.get(name).name !== name)).toEqual([]);
    expect([...written].sort()).toEqual(registry.entries().map((e) => e.name).sort());
  });

  it('has one entry per engine layer kind, and the engine builds each of them', () => {
    const names = catalog().filter((e) => e.kind === 'layer').map((e) => e.name);
    expect(names.sort()).toEqual(Object.keys(ENGINE_LAYER_KINDS).sort());
    for (const name of names) {
      const { input, layers } = ENGINE_LAYER_KINDS[name];
      const model = new Sequential(input, layers, new Rng(1));
      expect(model.layers.map((layer) => layer.kind)).toEqual([name]);
    }
  });

  it('has one entry per diagnostic code', () => {
    const names = catalog().filter((e) => e.kind === 'diagnostic').map((e) => e.name);
    expect(names).toEqual([...DIAGNOSTIC_CODES]);
  });

  it('finds entries by alias, ignoring case and reading - as _, and not by unknown names', () => {
    expect(lookup('initializer', 'kaiming_normal_')?.name).toBe('he_normal');
    expect(lookup('initializer', 'Xavier_Uniform')?.name).toBe('glorot_uniform');
    expect(lookup('optimizer', 'ADAM')?.name).toBe('adam');
    expect(lookup('loss', 'CrossEntropyLoss')?.name).toBe('cross_entropy');
    expect(lookup('layer', 'BatchNorm1d')?.name).toBe('batchnorm');
    expect(lookup('layer', 'Linear')?.name).toBe('dense');
    expect(lookup('diagnostic', 'dying_relu')?.name).toBe('dying-relu');
    expect(lookup('schedule', 'none')?.name).toBe('constant');
    expect(lookup('clipping', 'none')?.name).toBe('none');
    expect(lookup('optimizer', 'adamm')).toBeUndefined();
    expect(lookup('metric', 'he_normal')).toBeUndefined();
  });

  it('reads aliases from the registry', () => {
    for (const e of catalog()) expect(e.aliases).toEqual(registryOf(e.kind).get(e.name).aliases);
  });
});

/** A value for every parameter: its default, or for one without a default a plausible number. */
function sampleValues(params: readonly ParamInfo[]): Record<string, ParamValue> {
  return Object.fromEntries(params.map((p) => [p.name, p.default ?? (p.kind === 'number' ? 10 : 'x')]));
}

/** Values chosen to break careless TeX: tiny, negative, scientific, text with underscores. */
function awkwardValues(params: readonly ParamInfo[]): Record<string, ParamValue> {
  return Object.fromEntries(
    params.map((p) => [p.name, p.kind === 'number' ? -2.5e-7 : p.kind === 'boolean' ? false : (p.values?.at(-1) ?? 'a_b')]),
  );
}

function render(tex: string): string {
  return katex.renderToString(tex, { throwOnError: true, displayMode: true });
}

describe('formulas typeset', () => {
  it.each(catalog().map((e) => [`${e.kind} ${e.name}`, e] as const))('%s renders with KaTeX, with and without values', (_label, e) => {
    expect(render(e.tex)).toContain('katex');
    expect(render(fillParameters(e, sampleValues(e.params)))).toContain('katex');
    expect(render(fillParameters(e, awkwardValues(e.params)))).toContain('katex');
  });

  it('leaves no parameter placeholder in the TeX shown', () => {
    const left = catalog().filter((e) => placeholders(e.tex).some((name) => e.params.some((p) => p.name === name)));
    expect(left.map((e) => e.name)).toEqual([]);
  });
});

describe('content', () => {
  it('gives every entry a title, summary, plain formula, when to use, pitfalls and a reference', () => {
    const thin = catalog().filter(
      (e) =>
        [e.title, e.summary, e.plain, e.whenToUse, e.pitfalls].some((text) => text.trim().length < 3) ||
        e.references.length === 0 ||
        e.references.some((reference) => reference.trim().length < 10),
    );
    expect(thin.map((e) => `${e.kind} ${e.name}`)).toEqual([]);
  });

  it('documents every parameter of every concept', () => {
    const undocumented = catalog().flatMap((e) => e.params.filter((p) => p.doc.trim().length < 3).map((p) => `${e.name}.${p.name}`));
    expect(undocumented).toEqual([]);
  });

  it('states the PyTorch/Keras default where the taught forms disagree', () => {
    expect(entry('optimizer', 'momentum').variants).toMatch(/velocity.*ema/s);
    expect(entry('optimizer', 'momentum').tex).toMatch(/ema/);
    expect(entry('optimizer', 'adam').variants).toMatch(/bias_correction=false/);
    expect(entry('initializer', 'lecun_normal').variants).toMatch(/Xavier/);
    expect(entry('initializer', 'he_normal').variants).toMatch(/√\(2\/n\)/);
  });

  it('states in each variance-scaling initializer’s plain formula the rule its registry entry draws by', () => {
    const ruled = initializers.entries().filter((e) => e.variance !== undefined);
    expect(ruled.map((e) => e.name)).toEqual(['glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform']);
    for (const { name } of ruled) {
      // At gain g = 1 and slope a = 0: σ² = 2g²/((1 + a²)·n_in) reads Var(W) = 2/n_in, g²/n_in reads 1/n_in.
      const atDefaults = entry('initializer', name)
        .plain.replace(/σ²/g, 'Var(W)')
        .replace(/(\d)g²/g, '$1')
        .replace(/g²/g, '1')
        .replace(/\(\(1 \+ a²\)·(n_\w+)\)/g, '$1');
      expect(atDefaults, name).toContain(varianceFormula(name));
    }
    expect(varianceFormula('glorot_normal')).toBe('Var(W) = 2/(n_in + n_out)');
    expect(varianceFormula('orthogonal')).toBe('its variance');
  });

  it('shows each diagnostic’s default thresholds in its formula and plain text', () => {
    // dying-relu reads dead_fraction, default 0.5: "\tau_{\text{dead}} = 0.5" and "dead_fraction = 0.5".
    expect(entry('diagnostic', 'dying-relu').tex).toContain(String.raw`\tau_{\text{dead}} = 0.5`);
    expect(entry('diagnostic', 'dying-relu').plain).toContain('dead_fraction = 0.5');
    // exploding_ratio 1e3 is a plain 1000; a ratio of 1e-3 would read 0.001.
    expect(entry('diagnostic', 'exploding-gradients').tex).toContain(String.raw`\tau_{\text{exp}} = 1000`);
    expect(entry('diagnostic', 'vanishing-gradients').tex).toContain(String.raw`\tau_{\text{van}} = 0.001`);
  });
});

describe('parameters come from the engine', () => {
  it('equal describe() of each registry entry’s schema', () => {
    for (const e of catalog().filter((c) => c.kind !== 'diagnostic')) {
      expect(e.params, `${e.kind} ${e.name}`).toEqual(registryOf(e.kind).get(e.name).params.describe());
    }
  });

  it('equal the layer schemas, then the trainable option every layer takes: batchnorm and dropout from the engine, dense as the language writes it', () => {
    // The registry adds `trainable` after each layer's own parameters.
    const own = (name: string) => entry('layer', name).params.slice(0, -1);
    expect(own('batchnorm')).toEqual(batchNormParams.describe());
    expect(own('dropout')).toEqual(dropoutParams.describe());
    expect(own('dense')).toEqual(denseParams.describe());
    expect(entry('layer', 'dense').params.map((p) => p.name)).toEqual(['units', 'activation', 'init', 'bias_init', 'use_bias', 'trainable']);
    expect(entry('layer', 'dense').params.find((p) => p.name === 'activation')?.values).toEqual(registryOf('activation').entries().map((a) => a.name));
  });

  it('give each diagnostic the thresholds it reads, as the engine’s threshold schema describes them', () => {
    const all = thresholdSchema.describe();
    for (const code of DIAGNOSTIC_CODES) {
      const keys: readonly string[] = thresholdsOf[code];
      expect(entry('diagnostic', code).params, code).toEqual(all.filter((p) => keys.includes(p.key)).sort((a, b) => keys.indexOf(a.key) - keys.indexOf(b.key)));
    }
    const used = new Set(Object.values(thresholdsOf).flat());
    expect(all.filter((p) => !used.has(p.key as never)).map((p) => p.name)).toEqual([]);
  });
});

describe('fillParameters', () => {
  it('substitutes a value for its symbol and keeps the symbols of parameters not given', () => {
    // step: η_t = η₀·γ^⌊t/T⌋ with γ = 0.5 and T = 30.
    const step = entry('schedule', 'step');
    expect(step.tex).toBe(String.raw`\eta_t = \eta_0 \cdot {\gamma}^{\lfloor t / {T} \rfloor}`);
    expect(fillParameters(step, { gamma: 0.5, step_size: 30 })).toBe(String.raw`\eta_t = \eta_0 \cdot {0.5}^{\lfloor t / {30} \rfloor}`);
    expect(fillParameters(step, { gamma: 0.5 })).toBe(String.raw`\eta_t = \eta_0 \cdot {0.5}^{\lfloor t / {T} \rfloor}`);
  });

  it('fills the constant initializer, and ignores values its formula does not show', () => {
    const constant = entry('initializer', 'constant');
    expect(fillParameters(constant, { value: 0.5, lr: 3 })).toBe('W = {0.5}');
    expect(fillParameters(constant, { value: -2 })).toBe('W = {(-2)}');
  });

  it('fills Adam’s rate, betas and ε, accepting TypeScript spellings too', () => {
    const adam = entry('optimizer', 'adam');
    const filled = fillParameters(adam, { lr: 0.003, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
    // w_t = w_{t-1} − η·m̂/(√v̂ + ε) with η = 0.003 and ε = 10⁻⁸.
    expect(filled).toContain(String.raw`w_t &= w_{t-1} - {0.003}\, \frac{\hat m_t}{\sqrt{\hat v_t} + {10^{-8}}}`);
    expect(filled).toContain(String.raw`m_t &= {0.9}\, m_{t-1} + (1 - {0.9})\, g_t`);
    expect(filled).toContain(String.raw`+ {0}\, w_{t-1}`);
    expect(filled).not.toMatch(/\\eta|\\beta|\\varepsilon|\\lambda/);
  });

  it('shows a choice through its symbol table: He with mode=fan_out divides by n_out', () => {
    const he = entry('initializer', 'he_normal');
    expect(he.tex).toContain(String.raw`{n_{\text{in}}}`);
    const filled = fillParameters(he, { mode: 'fan_out', negative_slope: 0.01, gain: 1 });
    // σ² = 2·1²/((1 + 0.01²)·n_out)
    expect(filled).toContain(String.raw`\frac{2\,{1}^2}{\left(1 + {0.01}^2\right) {n_{\text{out}}}}`);
  });

  it('writes numbers for reading', () => {
    expect([0, 0.003, 1e-8, 2.5e-7, -0.5, 1234567, 1 / 3, Infinity].map(texNumber)).toEqual([
      '0', '0.003', '10^{-8}', String.raw`(2.5 \times 10^{-7})`, '(-0.5)', String.raw`(1.23457 \times 10^{6})`, '0.333333', String.raw`\infty`,
    ]);
  });
});

describe('docs/reference.md', () => {
  it('is up to date (run `npm run docs` after changing the catalog or a registry)', () => {
    const written = readFileSync(join(__dirname, '..', '..', 'docs', 'reference.md'), 'utf8');
    expect(written).toBe(referenceMarkdown());
  });

  it('lists every entry with its formula block and parameter table', () => {
    const page = referenceMarkdown();
    for (const e of catalog()) expect(page, e.name).toContain(`### \`${e.name}\` — ${e.title}\n`);
    expect(page).toContain(`$$\n${entry('initializer', 'he_normal').tex}\n$$`);
    expect(page).toContain('| `max_norm` | *required* | > 0 |');
  });
});
