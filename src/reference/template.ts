import type { ParamValue } from '../engine/params';
import type { SymbolSpec } from './entry';

/**
 * Formula templates: how a catalog formula shows a parameter either as its
 * symbol or as the value a run gave it.
 *
 * A template is TeX in which `{{name}}` stands for the parameter `name`
 * (language spelling: `{{weight_decay}}`). Each placeholder has a symbol:
 *
 *   template  w_t = w_{t-1} - {{lr}}\,\hat m_t      symbols  { lr: '\eta' }
 *   no values w_t = w_{t-1} - {\eta}\,\hat m_t
 *   lr=0.003  w_t = w_{t-1} - {0.003}\,\hat m_t
 *
 * Every substitution is wrapped in braces, so a symbol never runs into the
 * letter after it (`{\eta}g`) and a value can carry a superscript
 * (`{0.9}^t`). Numbers are written for reading: 0.003, 10^{-8},
 * 2.5 × 10^{-7}; negative numbers and products sit in parentheses so
 * `{{a}}^2` stays right. A choice value is shown through the symbol's value
 * table when it has one (mode=fan_out → n_{\text{out}}), else as text, as are
 * booleans. A parameter with no value keeps its symbol.
 */

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

/** The parameter names a template refers to, each once, in order of appearance. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]))];
}

/**
 * The template with every placeholder replaced: by the TeX of its value when
 * `values` has one (keys in language spelling, `weight_decay`), otherwise by
 * its symbol.
 */
export function renderTemplate(
  template: string,
  symbols: Readonly<Record<string, SymbolSpec>>,
  values: Readonly<Record<string, ParamValue>> = {},
): string {
  const given = new Map(Object.entries(values));
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const spec = symbols[name];
    if (spec === undefined) throw new Error(`formula placeholder {{${name}}} has no symbol`);
    const value = given.get(name);
    return `{${value === undefined ? symbolOf(spec) : texValue(value, spec)}}`;
  });
}

function symbolOf(spec: SymbolSpec): string {
  return typeof spec === 'string' ? spec : spec.symbol;
}

/** A parameter value as TeX: a number for reading, a choice through its table, anything else as text. */
export function texValue(value: ParamValue, spec?: SymbolSpec): string {
  if (typeof value === 'number') return texNumber(value);
  const text = String(value);
  if (spec !== undefined && typeof spec !== 'string' && Object.hasOwn(spec.values, text)) return spec.values[text];
  return `\\text{${escapeText(text)}}`;
}

/**
 * A number in TeX: plain decimals from 10⁻⁴ up to 10⁶ (six significant
 * digits), powers of ten beyond; negative numbers and a×10^b in parentheses.
 */
export function texNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '(-\\infty)';
  const size = Math.abs(x);
  let text: string;
  let product = false;
  if (size === 0 || (size >= 1e-4 && size < 1e6)) {
    text = String(Number(size.toPrecision(6)));
  } else {
    const [mantissa, exponent] = size.toExponential().split('e');
    const power = `10^{${Number(exponent)}}`;
    const digits = String(Number(Number(mantissa).toPrecision(6)));
    product = digits !== '1';
    text = product ? `${digits} \\times ${power}` : power;
  }
  if (x < 0) return `(-${text})`;
  return product ? `(${text})` : text;
}

/** Characters that \text{} would read as commands. */
function escapeText(text: string): string {
  return text.replace(/[\\{}]/g, '').replace(/[_&%$#]/g, (c) => `\\${c}`);
}
