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

/**
 * Where `createParameter` takes its arrays from while `parametersIn` builds
 * something; fresh arrays otherwise.
 */
let placement: { values: Float32Array; grads: Float32Array; offset: number } | undefined;

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
    value: place(size, 'values'),
    grad: place(size, 'grads'),
  };
}

function place(size: number, which: 'values' | 'grads'): Float32Array {
  if (!placement) return new Float32Array(size);
  const start = placement.offset;
  const end = start + size;
  if (end > placement[which].length) throw new RangeError(`parameters: ${end} floats do not fit a storage of ${placement[which].length}`);
  // Grads come second for each parameter, so only then does the next one start further on.
  if (which === 'grads') placement.offset = end;
  return placement[which].subarray(start, end);
}

/**
 * Runs `build` with every parameter it creates stored in `values` and
 * `grads` (views, one after the other in creation order) instead of arrays
 * of its own, and returns what it built. A replica on another thread then
 * reads its weights from, and writes its gradients to, memory the caller
 * shares with it: no copy per step. The caller checks the layout it needs.
 */
export function parametersIn<T>(values: Float32Array, grads: Float32Array, build: () => T): T {
  if (placement) throw new Error('parametersIn: calls do not nest');
  placement = { values, grads, offset: 0 };
  try {
    return build();
  } finally {
    placement = undefined;
  }
}
