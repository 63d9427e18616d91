import { ConfigError } from '../errors';
import type { ParamSchema, ParamSpecs, ParamValue, Resolved } from '../params';
import { defineEntry, Registry, type OptionsEntry } from '../registry';
import type { Dataset, Task } from './dataset';
import {
  blobsSchema,
  circlesSchema,
  linearSchema,
  makeBlobs,
  makeCircles,
  makeLinear,
  makeMoons,
  makeSine,
  makeSpirals,
  makeXor,
  moonsSchema,
  sineSchema,
  spiralsSchema,
  xorSchema,
} from './generators';
import { irisSchema, loadIris, loadMnist, mnistSchema, type MnistDigitReader } from './real-data';

/**
 * Where the stored data sets come from. The engine opens no files: the host
 * passes readers (in Node, those of src/node/assets).
 */
export interface DataSources {
  readonly readMnistDigit?: MnistDigitReader;
}

/** A named data set: its parameters, its task, and how to make it. */
export interface DatasetEntry extends OptionsEntry<Dataset, [sources?: DataSources]> {
  readonly task: Task;
  /** Generated from a formula, or read from stored data. */
  readonly origin: 'generated' | 'stored';
}

function entry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  task: Task,
  origin: DatasetEntry['origin'],
  schema: ParamSchema<S>,
  build: (options: Resolved<S>, sources: DataSources) => Dataset,
): DatasetEntry {
  return { ...defineEntry(name, aliases, schema, (o, sources?: DataSources) => build(o, sources ?? {})), task, origin };
}

/**
 * Every data set the language names: sklearn-style generators (their sklearn
 * function names as aliases) and the stored Iris and MNIST sets. A CSV file is
 * not here: it is named by its path, see `loadCsvFile`.
 */
export const datasets = new Registry<DatasetEntry>('dataset', [
  entry('spirals', ['spiral'], 'classification', 'generated', spiralsSchema, (o) => makeSpirals(o)),
  entry('moons', ['make_moons', 'two_moons'], 'classification', 'generated', moonsSchema, (o) => makeMoons(o)),
  entry('circles', ['make_circles'], 'classification', 'generated', circlesSchema, (o) => makeCircles(o)),
  entry('xor', [], 'classification', 'generated', xorSchema, (o) => makeXor(o)),
  entry('blobs', ['make_blobs', 'gaussian_blobs'], 'classification', 'generated', blobsSchema, (o) => makeBlobs(o)),
  entry('linear', ['make_regression', 'linear_regression'], 'regression', 'generated', linearSchema, (o) => makeLinear(o)),
  entry('sine', ['sin', 'sinusoid'], 'regression', 'generated', sineSchema, (o) => makeSine(o)),
  entry('iris', ['load_iris'], 'classification', 'stored', irisSchema, () => loadIris()),
  entry('mnist', ['mnist_digits'], 'classification', 'stored', mnistSchema, (o, sources) => {
    const read = sources.readMnistDigit ?? missingReader();
    return loadMnist(o, read);
  }),
]);

function missingReader(): never {
  throw new ConfigError('dataset mnist: no reader for the MNIST images was given; the host must pass readMnistDigit');
}

/**
 * Makes the data set a name or alias stands for. Throws ConfigError for an
 * unknown name ("unknown dataset 'moon' (did you mean 'moons'?)") and for an
 * unknown or out-of-range option.
 */
export function loadDataset(name: string, options?: Readonly<Record<string, ParamValue>>, sources?: DataSources): Dataset {
  return datasets.get(name).create(options, sources);
}
