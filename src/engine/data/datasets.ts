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
import { shapesSchema, makeShapes } from './images';
import { irisSchema, loadIris, loadMnist, mnistSchema, type MnistDigitReader } from './real-data';
import {
  addingSchema,
  charTextSchema,
  copyMemorySchema,
  makeAdding,
  makeCharText,
  makeCopyMemory,
  makeReversal,
  makeSineSequence,
  reversalSchema,
  sineSequenceSchema,
  type CharTextReader,
} from './sequences';

/**
 * Where the stored data sets come from. The engine opens no files: the host
 * passes readers (in Node, those of src/node/assets).
 */
export interface DataSources {
  readonly readMnistDigit?: MnistDigitReader;
  /** The text `char_text` learns from. */
  readonly readCharText?: CharTextReader;
}

/** A named data set: its parameters, its task, and how to make it. */
export interface DatasetEntry extends OptionsEntry<Dataset, [sources?: DataSources]> {
  readonly task: Task;
  /** Generated from a formula, or read from stored data. */
  readonly origin: 'generated' | 'stored';
  /**
   * The features per sample the options ask for, known before the set is
   * made, for the sets whose width follows from options other than
   * `features` (an image's size, a sequence's length).
   */
  readonly featuresOf?: (options: Readonly<Record<string, ParamValue>>) => number;
}

function entry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  task: Task,
  origin: DatasetEntry['origin'],
  schema: ParamSchema<S>,
  build: (options: Resolved<S>, sources: DataSources) => Dataset,
  width?: (options: Resolved<S>) => number,
): DatasetEntry {
  return {
    ...defineEntry(name, aliases, schema, (o, sources?: DataSources) => build(o, sources ?? {})),
    task,
    origin,
    ...(width === undefined ? {} : { featuresOf: (options: Readonly<Record<string, ParamValue>>) => width(schema.resolveNamed(options)) }),
  };
}

/**
 * Every data set the language names: sklearn-style generators (their sklearn
 * function names as aliases), the stored Iris and MNIST sets, synthetic
 * images, the sequence benchmarks of recurrent networks and a shipped text. A
 * CSV file is not here: it is named by its path, see `loadCsvFile`.
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
    const read = sources.readMnistDigit ?? missingReader('mnist', 'the MNIST images', 'readMnistDigit');
    return loadMnist(o, read);
  }),
  entry('shapes', ['bars_and_shapes'], 'classification', 'generated', shapesSchema, (o) => makeShapes(o), (o) => o.size * o.size),
  entry('adding', ['adding_problem'], 'regression', 'generated', addingSchema, (o) => makeAdding(o), (o) => 2 * o.length),
  entry('copy_memory', ['copy', 'copying_memory'], 'classification', 'generated', copyMemorySchema, (o) => makeCopyMemory(o), (o) => o.delay + 2 * o.symbols),
  entry('sine_sequence', ['sine_windows'], 'regression', 'generated', sineSequenceSchema, (o) => makeSineSequence(o), (o) => o.length),
  entry('reversal', ['reverse', 'sequence_reversal'], 'classification', 'generated', reversalSchema, (o) => makeReversal(o), (o) => o.length),
  entry(
    'char_text',
    ['characters', 'char_rnn'],
    'classification',
    'stored',
    charTextSchema,
    (o, sources) => makeCharText(o, sources.readCharText ?? missingReader('char_text', 'its text', 'readCharText')),
    (o) => o.length,
  ),
]);

function missingReader(name: string, what: string, reader: string): never {
  throw new ConfigError(`dataset ${name}: no reader for ${what} was given; the host must pass ${reader}`);
}

/**
 * Makes the data set a name or alias stands for. Throws ConfigError for an
 * unknown name ("unknown dataset 'moon' (did you mean 'moons'?)") and for an
 * unknown or out-of-range option.
 */
export function loadDataset(name: string, options?: Readonly<Record<string, ParamValue>>, sources?: DataSources): Dataset {
  return datasets.get(name).create(options, sources);
}
