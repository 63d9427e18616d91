import { activations } from '../engine/activations';
import { activationTexts } from '../engine/activations.entry';
import { datasets } from '../engine/data';
import { datasetTexts } from '../engine/data/datasets.entry';
import { diagnosticTexts } from '../engine/diagnostics/entries';
import { diagnostics } from '../engine/diagnostics/names';
import { initializers } from '../engine/initializers';
import { initializerTexts } from '../engine/initializers/entries';
import { layerTexts } from '../engine/layers/entries';
import { layers } from '../engine/layers';
import { losses } from '../engine/losses';
import { lossTexts } from '../engine/losses/entries';
import { metrics } from '../engine/metrics';
import { metricTexts } from '../engine/metrics/entries';
import { clippers } from '../engine/optim/clipping';
import { clippingTexts } from '../engine/optim/clipping/entries';
import { optimizers } from '../engine/optim/optimizers';
import { optimizerTexts } from '../engine/optim/optimizers/entries';
import { schedules } from '../engine/optim/schedules';
import { scheduleTexts } from '../engine/optim/schedules/entries';
import type { NamedEntry, Registry } from '../engine/registry';
import { finders } from '../engine/train/finders';
import { finderTexts } from '../engine/train/finders/entries';
import { CONCEPT_KINDS, type CatalogEntry, type ConceptKind, type EntrySource } from './entry';
import { placeholders, renderTemplate } from './template';

/**
 * The formula catalog: one entry for every concept the engine names — each
 * registered activation, initializer, optimizer, clipping method, schedule,
 * loss, metric, data set and layer, and every diagnostic code.
 * Hover, completion, the renderer's formula cards, the formula-reference
 * panel and docs/reference.md all read it, so a formula is written once.
 *
 * An entry's text sits beside the engine code it describes, in the
 * `<member>.entry.ts` files a family folder's `entries.ts` lists, apart from
 * its registry for the reasons docs/engine.md gives ("Two lists per family");
 * aliases and parameters are read from the registry. Formulas are templates:
 * see `./template` for the `{{param}}` scheme.
 */

export { CONCEPT_KINDS, type CatalogEntry, type ConceptKind } from './entry';
export { fillParameters } from './card-data';

/** The registry that holds the names, aliases and parameters of one kind. */
export function registryOf(kind: ConceptKind): Registry<NamedEntry> {
  return REGISTRIES[kind];
}

const REGISTRIES: Readonly<Record<ConceptKind, Registry<NamedEntry>>> = {
  layer: layers,
  activation: activations,
  initializer: initializers,
  optimizer: optimizers,
  clipping: clippers,
  schedule: schedules,
  loss: losses,
  metric: metrics,
  dataset: datasets,
  diagnostic: diagnostics,
  finder: finders,
};

const written: Record<ConceptKind, EntrySource[]> = {
  layer: [...layerTexts],
  activation: [...activationTexts],
  initializer: [...initializerTexts],
  optimizer: [...optimizerTexts],
  clipping: [...clippingTexts],
  schedule: [...scheduleTexts],
  loss: [...lossTexts],
  metric: [...metricTexts],
  dataset: [...datasetTexts],
  diagnostic: [...diagnosticTexts],
  finder: [...finderTexts],
};

/** The written text of every entry, by kind. */
export const ENTRY_SOURCES: Readonly<Record<ConceptKind, readonly EntrySource[]>> = written;

/**
 * Adds the text of a concept its registry gained after start-up
 * (`optimizers.register(…)`), so hover, completion, the formula panel and the
 * docs show it as they show the built-in ones. The text is checked against the
 * registry entry here, not at the first hover.
 */
export function registerEntrySource(kind: ConceptKind, source: EntrySource): void {
  join(kind, source);
  if (written[kind].some((existing) => existing.name === source.name)) throw new Error(`catalog: ${kind} '${source.name}' is written twice`);
  written[kind].push(source);
  built = undefined;
}

let built: { readonly all: readonly CatalogEntry[]; readonly byKind: ReadonlyMap<ConceptKind, ReadonlyMap<string, CatalogEntry>> } | undefined;

function build(): NonNullable<typeof built> {
  const all: CatalogEntry[] = [];
  const byKind = new Map<ConceptKind, Map<string, CatalogEntry>>();
  for (const kind of CONCEPT_KINDS) {
    const entries = new Map<string, CatalogEntry>();
    for (const source of ENTRY_SOURCES[kind]) {
      const entry = join(kind, source);
      if (entries.has(entry.name)) throw new Error(`catalog: ${kind} '${entry.name}' is written twice`);
      entries.set(entry.name, entry);
    }
    // The registry's order, so the reference lists concepts as the engine does.
    const order = new Map(REGISTRIES[kind].entries().map((registered, index) => [registered.name, index]));
    const sorted = [...entries.values()].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    all.push(...sorted);
    byKind.set(kind, entries);
  }
  return { all, byKind };
}

/**
 * One entry: the written text joined with its registry entry. A name the
 * registry does not hold as a canonical name, a placeholder that is not a
 * parameter, or one without a symbol is a mistake in the catalog itself.
 */
function join(kind: ConceptKind, source: EntrySource): CatalogEntry {
  const registry = REGISTRIES[kind];
  const registered = registry.has(source.name) ? registry.get(source.name) : undefined;
  if (registered === undefined || registered.name !== source.name) {
    throw new Error(`catalog: '${source.name}' is not the name of a registered ${kind}`);
  }
  const params = registered.params.describe();
  const symbols = source.symbols ?? {};
  for (const name of placeholders(source.formula)) {
    if (!params.some((param) => param.name === name)) {
      throw new Error(`catalog: ${kind} '${source.name}' formula shows {{${name}}}, which is not one of its parameters`);
    }
    if (symbols[name] === undefined) throw new Error(`catalog: ${kind} '${source.name}' formula shows {{${name}}} without a symbol`);
  }
  return {
    kind,
    name: source.name,
    aliases: registered.aliases,
    title: source.title,
    summary: source.summary,
    tex: renderTemplate(source.formula, symbols),
    plain: source.plain,
    params,
    whenToUse: source.whenToUse,
    pitfalls: source.pitfalls,
    ...(source.variants === undefined ? {} : { variants: source.variants }),
    references: source.references,
    template: source.formula,
    symbols,
  };
}

function catalogIndex(): NonNullable<typeof built> {
  built ??= build();
  return built;
}

/** Every entry, kind by kind in CONCEPT_KINDS order, each kind in its registry's order. */
export function catalog(): readonly CatalogEntry[] {
  return catalogIndex().all;
}

/**
 * The entry a name or alias stands for (`kaiming_normal_` → he_normal),
 * matched as the registries match: ignoring case, `-` read as `_`.
 * Undefined for a name the kind does not know.
 */
export function lookup(kind: ConceptKind, name: string): CatalogEntry | undefined {
  const registry = REGISTRIES[kind];
  if (!registry.has(name)) return undefined;
  return catalogIndex().byKind.get(kind)?.get(registry.get(name).name);
}
