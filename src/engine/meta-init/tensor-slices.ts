import { norm } from './hessian-vector';

/** A tuned tensor's place in the flat parameter vector. */
export interface TensorSlice {
  readonly layer: string;
  /** The parameter's name, e.g. `0.weight`. */
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

/** The slice of `vector` a tensor occupies. */
export function sliceOf(vector: Float64Array, tensor: TensorSlice): Float64Array {
  return vector.subarray(tensor.offset, tensor.offset + tensor.length);
}

/** ‖w_j‖ of one tensor. */
export function tensorNorm(vector: Float64Array, tensor: TensorSlice): number {
  return norm(sliceOf(vector, tensor));
}

/** A copy of `vector` with one tensor multiplied by `factor`. */
export function withTensorScaled(vector: Float64Array, tensor: TensorSlice, factor: number): Float64Array {
  const copy = Float64Array.from(vector);
  const slice = sliceOf(copy, tensor);
  for (let i = 0; i < slice.length; i++) slice[i] *= factor;
  return copy;
}

/** ⟨a_j, b_j⟩ over one tensor's slice. */
export function tensorDot(a: Float64Array, b: Float64Array, tensor: TensorSlice): number {
  let sum = 0;
  for (let i = tensor.offset; i < tensor.offset + tensor.length; i++) sum += a[i] * b[i];
  return sum;
}
