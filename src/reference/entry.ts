import type { ParamInfo } from '../engine/params';

/**
 * The shape of the formula catalog: what one concept's entry holds, and the
 * form an entry is written in before the catalog joins it with its registry.
 */

/** Every kind of concept the catalog lists, in the order the reference shows them. */
export const CONCEPT_KINDS = [
  'layer',
  'activation',
  'initializer',
  'optimizer',
  'clipping',
  'schedule',
  'loss',
  'metric',
  'dataset',
  'diagnostic',
  'finder',
] as const;

export type ConceptKind = (typeof CONCEPT_KINDS)[number];

/** Each kind's section heading, as the reference page and the reference panel title it. */
export const KIND_HEADINGS: Readonly<Record<ConceptKind, string>> = {
  layer: 'Layers',
  activation: 'Activations',
  initializer: 'Initializers',
  optimizer: 'Optimizers',
  clipping: 'Gradient clipping',
  schedule: 'Learning-rate schedules',
  loss: 'Losses',
  metric: 'Metrics',
  dataset: 'Data sets',
  diagnostic: 'Diagnostics',
  finder: 'Finders (find lr, find clip)',
};

/**
 * How a placeholder is shown when no value is given: a TeX symbol, and for a
 * choice parameter the TeX of each value (`mode`: fan_in → n_{\text{in}}).
 */
export type SymbolSpec = string | { readonly symbol: string; readonly values: Readonly<Record<string, string>> };

/** One concept as hover, completion, formula cards and the reference page show it. */
export interface CatalogEntry {
  readonly kind: ConceptKind;
  /** The registry name (Keras spelling). */
  readonly name: string;
  /** Other accepted spellings, read from the registry. */
  readonly aliases: readonly string[];
  /** "He (Kaiming) normal". */
  readonly title: string;
  /** One sentence. */
  readonly summary: string;
  /** KaTeX display formula(s), parameters shown as their symbols; several lines use \begin{aligned}. */
  readonly tex: string;
  /** The same in plain Unicode text, for hovers and text outputs. */
  readonly plain: string;
  /** From the engine's ParamSchema.describe(), never retyped. */
  readonly params: readonly ParamInfo[];
  readonly whenToUse: string;
  readonly pitfalls: string;
  /** Where textbooks, lecture notes, PyTorch and Keras disagree, and which is the PyTorch/Keras default here. */
  readonly variants?: string;
  /** Papers, e.g. "He et al. 2015, Delving Deep into Rectifiers". */
  readonly references: readonly string[];
  /**
   * `tex` before its placeholders are resolved: `{{lr}}` stands for the
   * parameter `lr`. `fillParameters` turns it into TeX with a run's values.
   */
  readonly template: string;
  /** The symbol each placeholder of `template` shows when no value is given. */
  readonly symbols: Readonly<Record<string, SymbolSpec>>;
}

/**
 * An entry as it is written in a `*.entry.ts` file: the text, without what the
 * registries already know (aliases, parameters). `formula` is the TeX
 * template with `{{param}}` placeholders.
 */
export interface EntrySource {
  /** The registry's canonical name; the catalog refuses any other. */
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly formula: string;
  /** A symbol for every placeholder of `formula`. */
  readonly symbols?: Readonly<Record<string, SymbolSpec>>;
  readonly plain: string;
  readonly whenToUse: string;
  readonly pitfalls: string;
  readonly variants?: string;
  readonly references: readonly string[];
}

/** TeX lines as one aligned display: each line puts `&` where it should line up. */
export function aligned(...lines: readonly string[]): string {
  return `\\begin{aligned}${lines.join(' \\\\ ')}\\end{aligned}`;
}
