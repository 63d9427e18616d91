import type { Dataset } from '../data/dataset';
import type { Rng } from '../rng';

/** One mini-batch of training rows, copied out. */
export interface TuningBatch {
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly rows: number;
}

/**
 * Mini-batches of the training data for the initialization tuners: the
 * samples in an order shuffled by `rng`, taken `rows` at a time and wrapping
 * round, so a seed fixes every batch the tuning sees.
 */
export class TuningBatches {
  private readonly order: Int32Array;
  private readonly targetWidth: number;
  private next = 0;

  constructor(
    private readonly data: Dataset,
    readonly rows: number,
    rng: Rng,
  ) {
    this.order = new Int32Array(data.count);
    for (let i = 0; i < data.count; i++) this.order[i] = i;
    for (let i = data.count - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
    this.targetWidth = data.y.length / data.count;
  }

  /** The following `rows` samples. */
  take(): TuningBatch {
    const { data, rows, targetWidth } = this;
    const inputs = new Float32Array(rows * data.features);
    const targets = new Float32Array(rows * targetWidth);
    for (let r = 0; r < rows; r++) {
      const sample = this.order[this.next];
      this.next = (this.next + 1) % data.count;
      inputs.set(data.x.subarray(sample * data.features, (sample + 1) * data.features), r * data.features);
      targets.set(data.y.subarray(sample * targetWidth, (sample + 1) * targetWidth), r * targetWidth);
    }
    return { inputs, targets, rows };
  }
}
