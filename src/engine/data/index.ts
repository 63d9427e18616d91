/**
 * The data a training run learns from: synthetic generators, images and
 * sequences, the stored Iris and MNIST sets and a shipped text, the user's own
 * CSV files, splits, feature scaling, input noise, image augmentation and
 * mini-batches. Files are reached only through readers the host
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
export { makeShapes, SHAPE_CLASSES, shapesSchema } from './images';
export {
  addingSchema,
  charTextSchema,
  copyMemorySchema,
  makeAdding,
  makeCharText,
  makeCopyMemory,
  makeReversal,
  makeSineSequence,
  PAD_TOKEN,
  reversalSchema,
  sineSequenceSchema,
} from './sequences';
export type { CharTextReader } from './sequences';
export type { MnistDigitReader, MnistOptions } from './real-data';
export { AUTO_MAX_CLASSES, csvSchema, loadCsvFile, parseCsv } from './csv';
export type { CsvOptions, TextReader } from './csv';
export { datasets, loadDataset } from './datasets';
export type { DatasetEntry, DataSources } from './datasets';
export { splitDataset, splitSchema } from './split';
export type { SplitOptions, Splits } from './split';
export { FeatureScaler, fitMinMax, fitScaler, fitStandardizer, GaussianNoise, gaussianNoise } from './preprocessing';
export type { Augmentation, ScalerKind } from './preprocessing';
export { ImageAugmentation, imageAugmentSchema, imageShapeOf, transformImage } from './augment';
export type { ImageAugmentOptions, ImageShape, ImageTransform } from './augment';
export { BatchIterator, batchSchema } from './batches';
export type { Batch, BatchIteratorState, BatchOptions } from './batches';
