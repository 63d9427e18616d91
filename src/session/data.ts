import type { Dataset } from '../engine/data/dataset';
import { datasets } from '../engine/data/datasets';
import type { ParamValue } from '../engine/params';
import { loadCsvFile } from '../engine/data/csv';
import { MNIST_PIXELS } from '../engine/data/real-data';
import { ConfigError } from '../engine/errors';
import { cutText, head, QUOTED_CHARACTERS } from '../engine/text-limits';
import { fitScaler, type FeatureScaler } from '../engine/data/preprocessing';
import { splitDataset } from '../engine/data/split';
import type { Declarations } from './declarations';
import { attributeTo, declarationKey } from './declarations';
import type { SessionHost } from './host';
import { bytesText, grouped, limitText, MAX_PATH_LENGTH, type Limits } from './limits';

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

/** The key of the data the declarations describe: prepared data with another key is stale. */
export function dataKey({ data, split, normalize }: Declarations, seedOverride: number | undefined): string {
  return declarationKey({ source: data?.value, split: split?.value, normalize: normalize?.value ?? 'none', seedOverride });
}

/**
 * Loads, splits and scales the declared data. Data sets are regenerated only
 * when their declarations change, so rerunning `train` reuses them. A data
 * set of more than `limits.maxDataValues` values is refused before it is made
 * (a CSV file once its rows are counted).
 */
export function prepareData(declarations: Declarations, host: SessionHost, seedOverride: number | undefined, limits: Limits, cached?: PreparedData): PreparedData {
  const source = declarations.data!.value;
  const split = declarations.split?.value;
  const normalize = declarations.normalize?.value ?? 'none';
  const key = dataKey(declarations, seedOverride);
  if (cached?.key === key) return cached;
  const full = attributeTo('data', () =>
    source.kind === 'csv'
      ? loadCsvFile(checkedPath('data', source.path), { target: source.target, task: source.task }, (path) => checkCsvSize(path, host.readText(path), limits))
      : loadGenerated(source.dataset.name, withSeed(source.dataset.name, source.dataset.options, seedOverride), host, limits),
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

/** A path a statement names, refused when it is longer than any file system takes. */
export function checkedPath(action: string, path: string): string {
  if (path.length > MAX_PATH_LENGTH) {
    throw new ConfigError(`${action}: the path '${head(path, QUOTED_CHARACTERS)}…' is ${grouped(path.length)} characters long; paths hold at most ${grouped(MAX_PATH_LENGTH)}`);
  }
  return path;
}

/**
 * Features of the data sets whose width is no option (a test checks each
 * against the set it makes); blobs and linear have a `features` option.
 */
const FIXED_FEATURES: Readonly<Record<string, number>> = { spirals: 2, moons: 2, circles: 2, xor: 2, sine: 1, iris: 4, mnist: MNIST_PIXELS };

/** A named data set, after checking from its options alone that it fits the limit. */
function loadGenerated(name: string, options: Readonly<Record<string, ParamValue>>, host: SessionHost, limits: Limits) {
  const entry = datasets.get(name);
  const resolved = entry.params.resolveNamed(options) as Readonly<Record<string, unknown>>;
  const samples = resolved.n ?? resolved.samples;
  const features = resolved.features ?? FIXED_FEATURES[entry.name] ?? entry.featuresOf?.(options);
  // Iris has no sample count: it is always 150 × 4.
  if (typeof samples === 'number' && typeof features === 'number') {
    checkValues(`data ${entry.name}: ${grouped(samples)} samples × ${grouped(features)} features`, samples * features, limits);
  }
  return entry.create(options, { readMnistDigit: host.readMnistDigit, readCharText: host.readCharText });
}

/**
 * A CSV file's text, once its data rows and columns are counted and found to
 * fit the limit: reading it cell by cell costs about 100 bytes of heap a
 * value, so a file past the limit is refused before that. Rows end as the
 * reader's do (LF, CRLF or a lone CR); a quoted cell with a line break in it
 * counts as one more row, which only errs towards the limit.
 */
function checkCsvSize(path: string, text: string, limits: Limits): string {
  let columns = 1;
  let rows = 0;
  let inHeader = true;
  let quoted = false;
  let blank = true;
  // One pass by character code: a file of hundreds of megabytes is counted in about a second.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === CR) {
      if (code === CR && text.charCodeAt(i + 1) === LF) i++;
      if (!inHeader && !blank) rows++;
      inHeader = false;
      blank = true;
    } else if (inHeader) {
      if (code === QUOTE) quoted = !quoted;
      else if (code === COMMA && !quoted) columns++;
    } else if (code !== SPACE && code !== TAB) {
      blank = false;
    }
  }
  if (!inHeader && !blank) rows++;
  const features = columns - 1;
  checkValues(`data ${cutText(path)}: ${grouped(rows)} rows × ${grouped(features)} features`, rows * features, limits);
  return text;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;

/** "data blobs: 1,000,000 samples × 10,000 features = 10,000,000,000 values (40 GB of float32); the limit is …". */
function checkValues(what: string, values: number, limits: Limits): void {
  if (values <= limits.maxDataValues) return;
  throw new ConfigError(`${what} = ${grouped(values)} values (${bytesText(values * 4)} of float32); ${limitText(limits, 'maxDataValues')}`);
}
