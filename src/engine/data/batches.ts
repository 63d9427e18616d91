import { ConfigError } from '../errors';
import { boolean, number, ParamSchema, type Options } from '../params';
import { Rng, type RngState } from '../rng';
import type { Dataset } from './dataset';
import type { Augmentation } from './preprocessing';

export const batchSchema = new ParamSchema('batches', {
  batchSize: number({
    default: 32,
    min: 1,
    integer: true,
    doc: 'Samples per batch (Keras default 32). 1 is plain SGD; a size ≥ the sample count is one full batch (gradient descent).',
  }),
  shuffle: boolean({
    default: true,
    doc: 'Visit the samples in a new seeded order each epoch (Keras fit shuffles by default; PyTorch DataLoader does not).',
  }),
  dropLast: boolean({ default: false, doc: 'Skip the last, smaller batch of an epoch (PyTorch drop_last); by default it is kept.' }),
  oneHot: boolean({ default: false, doc: 'Classification only: y rows as one-hot vectors (width = classes) instead of class indices.' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed of the per-epoch shuffles.' }),
});

/** Options of `BatchIterator`; each field is documented in `batchSchema`. */
export type BatchOptions = Options<typeof batchSchema.specs> & {
  /** Applied to each batch's inputs in place, after they are copied (e.g. `gaussianNoise`). */
  readonly augment?: Augmentation;
};

/** One mini-batch. Its arrays are the iterator's own buffers, overwritten by the next batch. */
export interface Batch {
  /** size × features inputs. */
  readonly x: Float32Array;
  /** size × targetWidth targets (class indices, or one-hot rows with `oneHot`). */
  readonly y: Float32Array;
  readonly size: number;
  /** Position in the epoch, from 0. */
  readonly index: number;
}

/** Where an iterator is: enough to continue a run exactly where it stopped. */
export interface BatchIteratorState {
  /** Epochs started so far. */
  readonly epoch: number;
  /** The next batch of the current epoch. */
  readonly nextBatch: number;
  /** The generator as it was before this epoch's shuffle, so the order can be rebuilt. */
  readonly rng: RngState;
}

interface BatchBuffers {
  x: Float32Array;
  y: Float32Array;
  size: number;
  index: number;
}

/**
 * Mini-batches over a data set, epoch after epoch:
 *
 *   it.startEpoch();
 *   for (let batch = it.next(); batch; batch = it.next()) step(batch.x, batch.y, batch.size);
 *
 * An epoch visits every sample exactly once, in an order shuffled from the
 * seed (a new order each epoch, the same sequence of orders for the same
 * seed). The batches have `batchSize` samples except the last, which holds
 * the count mod batchSize left over and is kept unless `dropLast` (so
 * batchesPerEpoch = ⌈count / batchSize⌉, or ⌊count / batchSize⌋ with
 * dropLast). The batch buffers are made once, at both sizes, so `next`
 * allocates nothing.
 */
export class BatchIterator {
  /** The size of a full batch: the requested size, or the sample count if that is smaller. */
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  /** Width of a y row: the data set's target width, or with `oneHot` the class count times the labels per sample. */
  readonly targetWidth: number;
  private readonly order: Int32Array;
  private readonly rng: Rng;
  private readonly shuffle: boolean;
  private readonly oneHot: boolean;
  private readonly augment: Augmentation | undefined;
  private readonly full: BatchBuffers;
  private readonly last: BatchBuffers;
  private epochRng: RngState;
  private epochs = 0;
  private cursor = 0;

  constructor(
    readonly dataset: Dataset,
    options: BatchOptions = {},
  ) {
    const { augment, ...schemaOptions } = options;
    const o = batchSchema.resolve(schemaOptions);
    if (o.oneHot && dataset.classes === undefined) {
      throw new ConfigError(`batches: one_hot needs classification data, but ${dataset.name} is ${dataset.task}`);
    }
    this.batchSize = Math.min(o.batchSize, dataset.count);
    const leftover = dataset.count % this.batchSize;
    this.batchesPerEpoch = o.dropLast || leftover === 0 ? Math.floor(dataset.count / this.batchSize) : Math.ceil(dataset.count / this.batchSize);
    this.targetWidth = o.oneHot ? (dataset.classes?.length ?? 1) * dataset.targetWidth : dataset.targetWidth;
    this.shuffle = o.shuffle;
    this.oneHot = o.oneHot;
    this.augment = augment;
    this.rng = new Rng(o.seed);
    this.epochRng = this.rng.getState();
    this.order = Int32Array.from({ length: dataset.count }, (_, i) => i);
    const x = new Float32Array(this.batchSize * dataset.features);
    const y = new Float32Array(this.batchSize * this.targetWidth);
    this.full = { x, y, size: this.batchSize, index: 0 };
    const lastSize = leftover === 0 || o.dropLast ? this.batchSize : leftover;
    this.last = { x: x.subarray(0, lastSize * dataset.features), y: y.subarray(0, lastSize * this.targetWidth), size: lastSize, index: 0 };
  }

  /** Epochs started so far. */
  get epoch(): number {
    return this.epochs;
  }

  /** True before the first epoch and once the current epoch's last batch has been handed out. */
  get epochDone(): boolean {
    return this.epochs === 0 || this.cursor >= this.batchesPerEpoch;
  }

  /** Begins the next epoch: a fresh seeded order (or the data set's own, without shuffle). */
  startEpoch(): void {
    this.epochRng = this.rng.getState();
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    if (this.shuffle) this.rng.shuffle(this.order);
    this.epochs++;
    this.cursor = 0;
  }

  /**
   * The next batch of the current epoch, or undefined once the epoch is done.
   * Starts the first epoch if none has been started.
   */
  next(): Batch | undefined {
    if (this.epochs === 0) this.startEpoch();
    if (this.cursor >= this.batchesPerEpoch) return undefined;
    const batch = this.cursor === this.batchesPerEpoch - 1 ? this.last : this.full;
    batch.index = this.cursor;
    this.fill(batch, this.cursor * this.batchSize);
    this.cursor++;
    return batch;
  }

  getState(): BatchIteratorState {
    return { epoch: this.epochs, nextBatch: this.cursor, rng: this.epochRng };
  }

  /** Continues from a saved state: the same epoch order, from the same batch. */
  setState(state: BatchIteratorState): void {
    if (!Number.isInteger(state.nextBatch) || state.nextBatch < 0 || state.nextBatch > this.batchesPerEpoch) {
      throw new ConfigError(`batches: the saved position ${state.nextBatch} is not a batch of an epoch of ${this.batchesPerEpoch}`);
    }
    this.rng.setState(state.rng);
    if (state.epoch === 0) {
      this.epochRng = state.rng;
      this.epochs = 0;
      this.cursor = 0;
      return;
    }
    this.epochs = state.epoch - 1;
    this.startEpoch();
    this.cursor = state.nextBatch;
  }

  private fill(batch: BatchBuffers, start: number): void {
    const { x: source, y: targets, features, targetWidth } = this.dataset;
    for (let k = 0; k < batch.size; k++) {
      const row = this.order[start + k];
      for (let f = 0; f < features; f++) batch.x[k * features + f] = source[row * features + f];
      if (this.oneHot) {
        // One one-hot row of `classes` per label: per sample, or per timestep for sequence labelling.
        const classes = this.targetWidth / targetWidth;
        for (let c = 0; c < this.targetWidth; c++) batch.y[k * this.targetWidth + c] = 0;
        for (let t = 0; t < targetWidth; t++) batch.y[k * this.targetWidth + t * classes + targets[row * targetWidth + t]] = 1;
      } else {
        for (let t = 0; t < targetWidth; t++) batch.y[k * targetWidth + t] = targets[row * targetWidth + t];
      }
    }
    this.augment?.apply(batch.x);
  }
}
