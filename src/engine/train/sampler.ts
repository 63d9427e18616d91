import { ConfigError } from '../errors';
import { BatchBuffer } from '../layers/layer';
import type { Rng } from '../rng';
import type { SampleSet } from './config';

/** Where a sampler is in its epoch, so a resumed run draws the same batches. */
export interface SamplerState {
  readonly order: Uint32Array;
  readonly position: number;
}

/** One mini-batch: views into the sampler's buffers, valid until the next batch. */
export interface Batch {
  x: Float32Array;
  y: Float32Array;
  size: number;
}

/**
 * Mini-batches over a training set: a seeded shuffle each epoch, then
 * consecutive slices of the shuffled order gathered into buffers made once.
 * The last batch of an epoch keeps the remainder (PyTorch drop_last=False),
 * except that a remainder of one sample joins the batch before it when the
 * batch size is larger than 1, because batch norm has no statistics for a
 * single sample. Batch size 1 is SGD; the whole set is gradient descent.
 */
export class BatchSampler {
  readonly batchesPerEpoch: number;
  private readonly order: Uint32Array;
  private position = 0;
  private readonly x: BatchBuffer;
  private readonly y: BatchBuffer;
  private readonly batch: Batch = { x: new Float32Array(0), y: new Float32Array(0), size: 0 };
  private readonly targetWidth: number;
  private readonly batchSize: number;

  constructor(
    private readonly data: SampleSet,
    batchSize: number,
    /** σ of Gaussian noise added to every input of a batch (augmentation; 0 for none). */
    private readonly inputNoise = 0,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ConfigError(`train: batch must be a whole number ≥ 1, got ${batchSize}`);
    if (data.count < 1) throw new ConfigError('train: the training set is empty');
    if (!(inputNoise >= 0)) throw new ConfigError(`augment: noise must be ≥ 0, got ${inputNoise}`);
    this.batchSize = Math.min(batchSize, data.count);
    const remainder = data.count % this.batchSize;
    const full = Math.floor(data.count / this.batchSize);
    this.batchesPerEpoch = remainder === 1 && full > 0 && this.batchSize > 1 ? full : full + (remainder > 0 ? 1 : 0);
    this.order = Uint32Array.from({ length: data.count }, (_, i) => i);
    this.position = data.count;
    this.targetWidth = data.y.length / data.count;
    this.x = new BatchBuffer(data.features);
    this.y = new BatchBuffer(this.targetWidth);
  }

  get atEpochStart(): boolean {
    return this.position === 0 || this.position >= this.data.count;
  }

  get atEpochEnd(): boolean {
    return this.position >= this.data.count;
  }

  /** Starts an epoch with a fresh seeded order. */
  shuffle(rng: Rng): void {
    rng.shuffle(this.order);
    this.position = 0;
  }

  /** The next batch of the epoch (the same object each call); `rng` draws the input noise. */
  next(rng: Rng): Batch {
    const count = this.data.count;
    let size = Math.min(this.batchSize, count - this.position);
    if (count - this.position - size === 1 && this.batchSize > 1) size += 1;
    const features = this.data.features;
    const width = this.targetWidth;
    const x = this.x.forBatch(size);
    const y = this.y.forBatch(size);
    const source = this.data;
    for (let i = 0; i < size; i++) {
      const sample = this.order[this.position + i];
      for (let j = 0; j < features; j++) x[i * features + j] = source.x[sample * features + j];
      for (let j = 0; j < width; j++) y[i * width + j] = source.y[sample * width + j];
    }
    if (this.inputNoise > 0) {
      for (let i = 0; i < x.length; i++) x[i] += rng.normal(0, this.inputNoise);
    }
    this.position += size;
    const batch = this.batch;
    batch.x = x;
    batch.y = y;
    batch.size = size;
    return batch;
  }

  getState(): SamplerState {
    return { order: this.order.slice(), position: this.position };
  }

  setState(state: SamplerState): void {
    if (state.order.length !== this.order.length) {
      throw new ConfigError(`train: saved batch order has ${state.order.length} samples, the training set has ${this.order.length}`);
    }
    this.order.set(state.order);
    this.position = state.position;
  }
}
