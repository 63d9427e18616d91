import type { Activation } from '../activations';
import type { Initializer } from '../initializers';
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
  /** Written `trainable=false`: its parameters are not updated (see ./trainable.ts). */
  readonly frozen?: boolean;
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

/**
 * A layer with a kernel and its activation fused in (dense, conv2d): what the
 * diagnostics, LSUV and the landscape read of it. Its output's units are the
 * last axis, or the channels of an image.
 */
export interface ActivatedLayer extends Layer {
  readonly activation: Activation;
  readonly weight: Parameter;
  readonly kernelInitializer: Initializer;
  /** z of the last forward pass, laid out as the output. */
  readonly preactivation: Float32Array;
  /** f(z) of the last forward pass. */
  readonly output: Float32Array;
}

export function isActivated(layer: Layer): layer is ActivatedLayer {
  return 'activation' in layer && 'preactivation' in layer && 'weight' in layer && 'kernelInitializer' in layer;
}

/** Units of a layer's output and the values each unit owns in a row: channels of an image (height·width each), else the last axis (one each). */
export function unitLayout(outputShape: readonly number[]): { readonly units: number; readonly stride: number } {
  if (outputShape.length === 3) return { units: outputShape[0], stride: outputShape[1] * outputShape[2] };
  return { units: outputShape[outputShape.length - 1], stride: 1 };
}
