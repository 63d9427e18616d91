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
 * One layer of a Sequential model on batch×width row-major blocks. Each
 * sample's values are one row laid out as PyTorch lays the tensor out without
 * its batch axis: [features], [channels, height, width] (NCHW), or
 * [timesteps, features] (batch_first).
 * The arrays `forward` and `backward` return belong to the layer and stay valid
 * until its next call, so nothing is allocated per step once the batch size
 * has been seen.
 */
export interface Layer {
  /** PyTorch-style position name: `0`, `1`, … */
  readonly name: string;
  /** The registered layer name: `dense`, `conv2d`, `lstm`, … */
  readonly kind: string;
  /** One sample's input shape, without the batch axis; its product is `inputSize`. */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
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
