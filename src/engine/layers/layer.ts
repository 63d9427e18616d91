import type { Parameter, StateBuffer } from '../parameter';
import type { Rng } from '../rng';

/** What a forward pass needs besides its input: the mode and the run's Rng. */
export interface ForwardContext {
  /** Training mode: batch statistics in batch norm, masks in dropout. */
  readonly training: boolean;
  /** Dropout draws its masks from here, so a seeded run replays exactly. */
  readonly rng: Rng;
}

/**
 * One layer of a Sequential model on batch×width row-major blocks.
 * The arrays `forward` and `backward` return belong to the layer and stay valid
 * until its next call, so nothing is allocated per step once the batch size
 * has been seen.
 */
export interface Layer {
  /** PyTorch-style position name: `0`, `1`, … */
  readonly name: string;
  readonly kind: 'dense' | 'batchnorm' | 'dropout';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly parameters: readonly Parameter[];
  readonly buffers: readonly StateBuffer[];
  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array;
  /** dL/dinput from dL/doutput; parameter gradients are written (not added). */
  backward(gradOutput: Float32Array, batch: number): Float32Array;
}

/**
 * A batch×width scratch array that grows to the largest batch seen and hands
 * out a cached view per batch size, so steady-state steps allocate nothing.
 */
export class BatchBuffer {
  private storage = new Float32Array(0);
  private view = this.storage;

  constructor(readonly width: number) {}

  forBatch(batch: number): Float32Array {
    const length = batch * this.width;
    if (length !== this.view.length) {
      if (length > this.storage.length) this.storage = new Float32Array(length);
      this.view = this.storage.subarray(0, length);
    }
    return this.view;
  }
}
