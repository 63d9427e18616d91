import { ConfigError } from '../errors';

/** What a data set is for: one class per sample, or real-valued targets. */
export type Task = 'classification' | 'regression';

/**
 * Samples as rows: x is count×features, y is count×targetWidth.
 *
 * Classification data keeps class indices stored as floats: one per sample
 * (targetWidth 1), the "sparse" labels of Keras and the target of PyTorch's
 * CrossEntropyLoss, which the engine's losses and metrics read as class
 * indices whenever the prediction width is above 1; or, for sequence
 * labelling, one per timestep (targetWidth T > 1). `oneHotTargets` turns them
 * into dense rows for the losses that want one.
 */
export interface Dataset {
  readonly name: string;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
  readonly features: number;
  /**
   * How one sample's features are laid out, outermost first; the product is
   * `features`. [features] for a plain row, [C, H, W] for an image (channels
   * first, PyTorch's NCHW), [T, F] for a sequence of T steps of F values, [T]
   * for a sequence of token ids. A dense layer reads any of them as the flat row.
   */
  readonly sampleShape: readonly number[];
  /**
   * 'classification': y holds class indices, one per sample (targetWidth 1) or
   * one per timestep (targetWidth T, sequence labelling); 'regression': y
   * holds targetWidth values per sample.
   */
  readonly task: Task;
  readonly targetWidth: number;
  /** Classification only: number of classes and their names (e.g. ['setosa', …] or ['0','1']). */
  readonly classes?: readonly string[];
  readonly featureNames: readonly string[];
}

/** The fields of a data set before they are checked. */
export interface DatasetFields {
  readonly name: string;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly task: Task;
  readonly features: number;
  /** Default [features]; see `Dataset.sampleShape`. */
  readonly sampleShape?: readonly number[];
  /** Values per sample in y: regression targets, or class indices per timestep for sequence labelling. Default 1. */
  readonly targetWidth?: number;
  readonly classes?: readonly string[];
  /** Default x1, x2, …. */
  readonly featureNames?: readonly string[];
}

/**
 * A checked data set: lengths agree with count × width, the sample shape
 * holds exactly `features` values, every classification label (one per
 * sample or per timestep) is a whole number in [0, classes), and no feature
 * is NaN or infinite. A data set that passes here never fails later inside a
 * loss with a shape error.
 */
export function createDataset(fields: DatasetFields): Dataset {
  const { name, x, y, task, features } = fields;
  const fail = (why: string): never => {
    throw new ConfigError(`data set ${name}: ${why}`);
  };
  if (!Number.isInteger(features) || features < 1) fail(`features must be a whole number ≥ 1, got ${features}`);
  if (x.length % features !== 0) fail(`x holds ${x.length} values, not a whole number of rows of ${features} features`);
  const count = x.length / features;
  if (count < 1) fail('it has no samples');
  const sampleShape = fields.sampleShape ?? [features];
  if (sampleShape.length === 0 || sampleShape.some((size) => !Number.isInteger(size) || size < 1)) {
    fail(`the sample shape must be whole numbers ≥ 1, got [${sampleShape.join(', ')}]`);
  }
  const shapeSize = sampleShape.reduce((product, size) => product * size, 1);
  if (shapeSize !== features) fail(`the sample shape [${sampleShape.join(', ')}] holds ${shapeSize} values, not the ${features} features`);
  const targetWidth = fields.targetWidth ?? 1;
  if (!Number.isInteger(targetWidth) || targetWidth < 1) fail(`target width must be a whole number ≥ 1, got ${targetWidth}`);
  if (y.length !== count * targetWidth) fail(`y must hold count × target width = ${count} × ${targetWidth} values, got ${y.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) fail(`feature ${i % features} of sample ${Math.floor(i / features)} is ${x[i]}`);
  }
  let classes: readonly string[] | undefined;
  if (task === 'classification') {
    classes = fields.classes ?? fail('classification needs its class names');
    if (classes.length < 2) fail(`classification needs at least 2 classes, got ${classes.length}`);
    for (let i = 0; i < y.length; i++) {
      const label = y[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes.length) {
        const sample = Math.floor(i / targetWidth);
        const where = targetWidth === 1 ? `sample ${sample}` : `sample ${sample} at step ${i % targetWidth}`;
        fail(`the class of ${where} must be a whole number in [0, ${classes.length - 1}], got ${label}`);
      }
    }
  } else {
    if (fields.classes !== undefined) fail('regression data has no classes');
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) fail(`target ${i % targetWidth} of sample ${Math.floor(i / targetWidth)} is ${y[i]}`);
  }
  const featureNames = fields.featureNames ?? Array.from({ length: features }, (_, j) => `x${j + 1}`);
  if (featureNames.length !== features) fail(`${featureNames.length} feature names for ${features} features`);
  return Object.freeze({
    name,
    x,
    y,
    count,
    features,
    sampleShape: Object.freeze([...sampleShape]),
    task,
    targetWidth,
    ...(classes === undefined ? {} : { classes: Object.freeze([...classes]) }),
    featureNames: Object.freeze([...featureNames]),
  });
}

/** The same data set with the rows `rows` (in that order), copied. */
export function selectRows(ds: Dataset, rows: ArrayLike<number>, name = ds.name): Dataset {
  const x = new Float32Array(rows.length * ds.features);
  const y = new Float32Array(rows.length * ds.targetWidth);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    x.set(ds.x.subarray(row * ds.features, (row + 1) * ds.features), r * ds.features);
    y.set(ds.y.subarray(row * ds.targetWidth, (row + 1) * ds.targetWidth), r * ds.targetWidth);
  }
  return withRows(ds, x, y, rows.length, name);
}

/** `ds` with new feature rows (same features and targets layout); no checks beyond the lengths. */
export function withRows(ds: Dataset, x: Float32Array, y: Float32Array, count: number, name = ds.name): Dataset {
  if (x.length !== count * ds.features || y.length !== count * ds.targetWidth) {
    throw new ConfigError(`data set ${name}: ${count} rows need ${count * ds.features} features and ${count * ds.targetWidth} targets, got ${x.length} and ${y.length}`);
  }
  return Object.freeze({ ...ds, name, x, y, count });
}

/** How many labels each class has (samples, or timesteps for sequence labelling); [] for regression. */
export function classCounts(ds: Dataset): number[] {
  if (ds.classes === undefined) return [];
  const counts = new Array<number>(ds.classes.length).fill(0);
  for (let i = 0; i < ds.y.length; i++) counts[ds.y[i]]++;
  return counts;
}

/**
 * One-hot rows from class indices: row i is e_{labels[i]}, the dense target
 * categorical cross-entropy and mean squared error on class scores expect.
 * Writes into `out` when given (length labels × classes), so a batch loop
 * allocates nothing.
 */
export function oneHotTargets(labels: ArrayLike<number>, classes: number, out?: Float32Array): Float32Array {
  const size = labels.length * classes;
  const target = out ?? new Float32Array(size);
  if (target.length !== size) {
    throw new ConfigError(`one-hot targets: the buffer must hold labels × classes = ${labels.length} × ${classes} = ${size} values, got ${target.length}`);
  }
  target.fill(0);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new ConfigError(`one-hot targets: the class of sample ${i} must be a whole number in [0, ${classes - 1}], got ${label}`);
    }
    target[i * classes + label] = 1;
  }
  return target;
}

/** Samples per class as near equal as whole numbers allow: the first n mod k classes get one more. */
export function balancedCounts(total: number, classes: number): number[] {
  const base = Math.floor(total / classes);
  return Array.from({ length: classes }, (_, c) => base + (c < total % classes ? 1 : 0));
}
