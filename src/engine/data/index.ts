/**
 * The data a training run learns from: synthetic generators, the stored Iris
 * and MNIST sets, the user's own CSV files, splits, feature scaling, input
 * noise and mini-batches. Files are reached only through readers the host
 * passes in, so this folder runs unchanged in a worker, a CLI or a browser.
 */
export { balancedCounts, classCounts, createDataset, oneHotTargets, selectRows, withRows } from './dataset';
export type { Dataset, DatasetFields, Task } from './dataset';
export {
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
export { irisSchema, loadIris, loadMnist, MNIST_PIXELS, mnistSchema } from './real-data';
export type { MnistDigitReader, MnistOptions } from './real-data';
export { AUTO_MAX_CLASSES, csvSchema, loadCsvFile, parseCsv } from './csv';
export type { CsvOptions, TextReader } from './csv';
export { datasets, loadDataset } from './datasets';
export type { DatasetEntry, DataSources } from './datasets';
export { splitDataset, splitSchema } from './split';
export type { SplitOptions, Splits } from './split';
export { FeatureScaler, fitMinMax, fitScaler, fitStandardizer, GaussianNoise, gaussianNoise } from './preprocessing';
export type { Augmentation, ScalerKind } from './preprocessing';
export { BatchIterator, batchSchema } from './batches';
export type { Batch, BatchIteratorState, BatchOptions } from './batches';
