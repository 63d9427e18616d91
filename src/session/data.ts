import type { Dataset } from '../engine/data/dataset';
import { datasets, loadDataset } from '../engine/data/datasets';
import type { ParamValue } from '../engine/params';
import { loadCsvFile } from '../engine/data/csv';
import { fitScaler, type FeatureScaler } from '../engine/data/preprocessing';
import { splitDataset } from '../engine/data/split';
import type { Declarations } from './declarations';
import { attributeTo, declarationKey } from './declarations';
import type { SessionHost } from './host';

/** The data a run trains on, split and scaled as declared. */
export interface PreparedData {
  /** Identifies the declarations it was made from; equal keys, equal data. */
  readonly key: string;
  readonly full: Dataset;
  readonly train: Dataset;
  readonly validation?: Dataset;
  readonly test?: Dataset;
  /** Fitted on the training split only, applied to every split. */
  readonly scaler?: FeatureScaler;
}

/**
 * Loads, splits and scales the declared data. Data sets are regenerated only
 * when their declarations change, so rerunning `train` reuses them.
 */
export function prepareData(declarations: Declarations, host: SessionHost, seedOverride: number | undefined, cached?: PreparedData): PreparedData {
  const source = declarations.data!.value;
  const split = declarations.split?.value;
  const normalize = declarations.normalize?.value ?? 'none';
  const key = declarationKey({ source, split, normalize, seedOverride });
  if (cached?.key === key) return cached;
  const full = attributeTo('data', () =>
    source.kind === 'csv'
      ? loadCsvFile(source.path, { target: source.target, task: source.task }, (path) => host.readText(path))
      : loadDataset(source.dataset.name, withSeed(source.dataset.name, source.dataset.options, seedOverride), { readMnistDigit: host.readMnistDigit }),
  );
  const parts = split && (split.validation > 0 || split.test > 0)
    ? attributeTo('split', () => splitDataset(full, { validation: split.validation, test: split.test, seed: seedOverride ?? split.seed, stratify: split.stratify }))
    : { train: full };
  if (normalize === 'none') return { key, full, ...parts };
  const scaler = attributeTo('normalize', () => fitScaler(normalize, parts.train));
  return {
    key,
    full,
    scaler,
    train: scaler.apply(parts.train),
    ...(parts.validation ? { validation: scaler.apply(parts.validation) } : {}),
    ...(parts.test ? { test: scaler.apply(parts.test) } : {}),
  };
}

/** `--seed N` replaces every seed, a generator's included (Iris has none to replace). */
function withSeed(name: string, options: Readonly<Record<string, ParamValue>>, seed: number | undefined): Readonly<Record<string, ParamValue>> {
  const seeded = datasets.get(name).params.describe().some((param) => param.name === 'seed');
  return seed === undefined || !seeded ? options : { ...options, seed };
}
