/**
 * A trainable tensor and its gradient, both flat row-major Float32Arrays.
 * Names follow PyTorch's state-dict spelling (`0.weight`, `2.running_mean`) so
 * weight files move between NN Lab and PyTorch unchanged.
 */
export interface Parameter {
  /** Unique within a model, e.g. `0.weight`. */
  readonly name: string;
  /** The layer this parameter belongs to (per-layer clipping groups by it). */
  readonly layer: string;
  /** Row-major shape; a dense weight is [units, inputs] as in PyTorch. */
  readonly shape: readonly number[];
  readonly value: Float32Array;
  /** dL/dvalue of the last backward pass (overwritten, not accumulated). */
  readonly grad: Float32Array;
  /** Weight decay usually skips biases and normalisation scales; see `role`. */
  readonly role: 'weight' | 'bias' | 'scale' | 'shift';
}

/** Non-trainable state a layer keeps, such as batch-norm running statistics. */
export interface StateBuffer {
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float32Array;
}

export function createParameter(
  layer: string,
  suffix: string,
  shape: readonly number[],
  role: Parameter['role'],
): Parameter {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return {
    name: `${layer}.${suffix}`,
    layer,
    shape,
    role,
    value: new Float32Array(size),
    grad: new Float32Array(size),
  };
}
