import type { MetaInitSettings } from '../initializers';
import type { BatchGradient } from './batch-gradient';
import { gradientQuotient, hessianVectorProduct } from './hessian-vector';
import { tensorNorm, withTensorScaled, type TensorSlice } from './tensor-slices';
import type { TuningBatches } from './tuning-batches';

/** Relative change of one tensor's norm that probes which way the gradient quotient falls. */
const NORM_PROBE = 0.01;

/** A norm never falls below this fraction of where it started, so sign steps cannot flip or zero a tensor. */
const LEAST_NORM_FRACTION = 0.01;

/**
 * The gradient quotient of the batch at `point` (./hessian-vector.ts), with
 * Hg by a forward difference of gradients: two gradients per evaluation.
 */
export function quotientAt(objective: BatchGradient, point: Float64Array, epsilon: number): number {
  const at = (p: Float64Array) => objective.at(p).gradient;
  const gradient = at(point);
  return gradientQuotient(gradient, hessianVectorProduct(at, point, gradient, gradient), epsilon);
}

/**
 * MetaInit (Dauphin & Schoenholz 2019, Algorithm 1): for `steps` batches,
 * measure GQ and, for each tuned weight tensor w_j, the sign of ∂GQ/∂‖w_j‖;
 * step each norm by sign-SGD with momentum,
 *   m_j ← μ·m_j − lr·sign(∂GQ/∂‖w_j‖),  ‖w_j‖ ← ‖w_j‖ + m_j,
 * keeping w_j's direction. The paper differentiates GQ by automatic
 * differentiation through the Hessian-vector product; only the sign is used,
 * so here it is the sign of GQ(w_j·(1 + NORM_PROBE)) − GQ(w): 2·(tensors + 1)
 * gradients per step. Returns GQ before each step and leaves the tuned
 * weights in the model.
 */
export function tuneMetaInit(
  objective: BatchGradient,
  tensors: readonly TensorSlice[],
  batches: TuningBatches,
  settings: MetaInitSettings,
  signal?: { readonly aborted: boolean },
): number[] {
  const { steps, lr, momentum, epsilon } = settings;
  let point = objective.read();
  const leastNorms = tensors.map((t) => LEAST_NORM_FRACTION * tensorNorm(point, t));
  const memory = new Float64Array(tensors.length);
  const values: number[] = [];
  for (let step = 0; step < steps && !signal?.aborted; step++) {
    const batch = batches.take();
    objective.useBatch(batch.inputs, batch.targets, batch.rows);
    const quotient = quotientAt(objective, point, epsilon);
    values.push(quotient);
    if (!Number.isFinite(quotient)) break;
    tensors.forEach((tensor, j) => {
      const probed = quotientAt(objective, withTensorScaled(point, tensor, 1 + NORM_PROBE), epsilon);
      memory[j] = momentum * memory[j] - lr * Math.sign(probed - quotient);
    });
    tensors.forEach((tensor, j) => {
      const current = tensorNorm(point, tensor);
      if (current === 0) return;
      point = withTensorScaled(point, tensor, Math.max(current + memory[j], leastNorms[j]) / current);
    });
  }
  objective.write(point);
  return values;
}
