import { aligned, type EntrySource } from '../../reference/entry';
import { texNumber } from '../../reference/template';
import { languageName } from '../params';
import type { DiagnosticCode } from './diagnostic';
import { thresholdsOf } from './names';
import { DEFAULT_THRESHOLDS, type DiagnosticThresholds } from './snapshot';

/**
 * What the diagnostics' catalog texts share. A diagnostic's parameters are
 * the thresholds it reads (./names.ts); its formula shows the measurement,
 * the threshold as a symbol, and the default value (docs/diagnostics.md
 * copies the summary and advice, and adds how each rule is measured).
 */

/** The symbol each threshold shows in a formula. */
const SYMBOLS = {
  symmetry_tolerance: String.raw`\tau_{\text{sym}}`, vanishing_ratio: String.raw`\tau_{\text{van}}`, exploding_ratio: String.raw`\tau_{\text{exp}}`,
  vanishing_through_time: String.raw`\tau_{\text{van},t}`, exploding_through_time: String.raw`\tau_{\text{exp},t}`,
  dead_fraction: String.raw`\tau_{\text{dead}}`, saturated_fraction: String.raw`\tau_{\text{sat}}`, clipping_fraction: String.raw`\tau_{\text{clip}}`,
  min_window_steps: String.raw`S_{\min}`, loss_rise_factor: String.raw`\rho`, loss_trend_rise: String.raw`\tau_{\text{trend}}`,
  plateau_epochs: 'E', plateau_change: String.raw`\tau_{\text{flat}}`, plateau_loss_floor: String.raw`\tau_{\text{floor}}`,
  chance_epochs: 'E', chance_loss_margin: String.raw`\tau_{\ell}`, chance_accuracy_margin: String.raw`\tau_{\text{acc}}`,
  overfitting_epochs: 'E', overfitting_gap: 'G', overfitting_margin: 'M',
  update_ratio_high: String.raw`\tau_{\text{high}}`, update_ratio_low: String.raw`\tau_{\text{low}}`,
} satisfies Record<string, string>;

/** "τ_dead = 0.5" for each threshold the code reads: the defaults, as TeX and as text. */
function defaults(code: DiagnosticCode): { tex: string; plain: string } {
  const keys = thresholdsOf[code];
  const symbol = (key: keyof DiagnosticThresholds) => SYMBOLS[languageName(key) as keyof typeof SYMBOLS];
  const label = keys.length === 1 ? 'default' : 'defaults';
  return {
    tex: String.raw`&\text{${label}: } ` + keys.map((key) => `${symbol(key)} = ${texNumber(DEFAULT_THRESHOLDS[key])}`).join(',\\ '),
    plain: `${label}: ` + keys.map((key) => `${languageName(key)} = ${DEFAULT_THRESHOLDS[key]}`).join(', '),
  };
}

/** The training loss at epoch 0, which the loss rules measure against. */
export const LOSS0 = String.raw`\ell_0 = \text{training loss at epoch } 0`;

/** The papers several diagnostics cite. */
export const REFERENCES = {
  init: 'Glorot & Bengio 2010, Understanding the difficulty of training deep feedforward neural networks',
  he: 'He, Zhang, Ren & Sun 2015, Delving Deep into Rectifiers',
  gradients: 'Hochreiter 1991, Untersuchungen zu dynamischen neuronalen Netzen (vanishing gradients)',
  pascanu: 'Pascanu, Mikolov & Bengio 2013, On the difficulty of training recurrent neural networks',
  bengio: 'Bengio, Simard & Frasconi 1994, Learning long-term dependencies with gradient descent is difficult',
  lecun: 'LeCun, Bottou, Orr & Müller 1998, Efficient BackProp',
  book: 'Goodfellow, Bengio & Courville 2016, Deep Learning, chapter 8',
};

/** A diagnostic as its entry file writes it: its formula as lines, without the defaults line. */
type DiagnosticSource = Omit<EntrySource, 'name' | 'formula' | 'symbols'> & {
  readonly name: DiagnosticCode;
  readonly lines: readonly string[];
};

/** A diagnostic's entry, with its defaults line appended to the formula and the plain text. */
export function diagnostic(source: DiagnosticSource): EntrySource {
  const { lines, ...rest } = source;
  const known = defaults(source.name);
  const hasDefaults = thresholdsOf[source.name].length > 0;
  return {
    ...rest,
    formula: aligned(...lines, ...(hasDefaults ? [known.tex] : [])),
    symbols: SYMBOLS,
    plain: hasDefaults ? `${source.plain};  ${known.plain}` : source.plain,
  };
}

