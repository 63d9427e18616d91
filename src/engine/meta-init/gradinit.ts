import type { GradInitSettings } from '../initializers';
import type { BatchGradient } from './batch-gradient';
import { hessianVectorProduct, norm } from './hessian-vector';
import { sliceOf, tensorDot, type TensorSlice } from './tensor-slices';
import type { TuningBatch, TuningBatches } from './tuning-batches';

/** The optimizer whose first step GradInit simulates, and its learning rate η. */
export interface SimulatedStep {
  readonly kind: 'sgd' | 'adam';
  readonly lr: number;
}

/** What one GradInit update measured. */
export interface GradInitStep {
  /** L(θ − η·A[g]; S̃): the loss after the simulated step, on the second batch. */
  readonly lossAfterStep: number;
  /** ‖g‖₂ (sgd) or ‖g‖₁ (adam) of the first batch's gradient. */
  readonly gradientNorm: number;
  /** Whether ‖g‖ > γ, so this update lowered the gradient norm instead of the loss. */
  readonly constrained: boolean;
}

// Adam on the scales, as the paper updates α; PyTorch's defaults.
const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * GradInit (Zhu et al. 2021, Algorithm 1). Each tuned tensor is θ_j = α_j·θ⁰_j
 * with α_j = 1 at the start. Per update, with two batches S and S̃:
 *   g = ∇L(θ; S); if ‖g‖ > γ, lower ‖g‖ (∇_θ‖g‖₂ = Hg/‖g‖₂, ∇_θ‖g‖₁ = H·sign g);
 *   else lower L(θ − η·A[g]; S̃), A[g] = g for SGD and sign g for Adam's first
 *   step, whose θ-gradient is (I − ηH)·g̃ for SGD and g̃ for Adam (the sign has
 *   zero derivative), g̃ = ∇L(θ − η·A[g]; S̃).
 * ∂/∂α_j = ⟨θ⁰_j, (∇_θ)_j⟩; α takes an Adam step of size τ and is clipped to
 * α ≥ α_min. Hessian-vector products are finite differences of gradients
 * (./hessian-vector.ts). Returns what each update measured and leaves θ in
 * the model; `scales` receives the final α.
 */
export function tuneGradInit(
  objective: BatchGradient,
  tensors: readonly TensorSlice[],
  batches: TuningBatches,
  settings: GradInitSettings,
  step: SimulatedStep,
  scales: Float64Array,
  signal?: { readonly aborted: boolean },
): GradInitStep[] {
  const start = objective.read();
  const alpha = scales.fill(1);
  const m = new Float64Array(tensors.length);
  const v = new Float64Array(tensors.length);
  const record: GradInitStep[] = [];
  for (let t = 1; t <= settings.steps && !signal?.aborted; t++) {
    const measured = scaleGradient(objective, start, tensors, alpha, [batches.take(), batches.take()], step, settings.gamma);
    record.push({ lossAfterStep: measured.lossAfterStep, gradientNorm: measured.gradientNorm, constrained: measured.constrained });
    if (measured.scaleGradient === undefined) break;
    measured.scaleGradient.forEach((gradient, j) => {
      m[j] = BETA1 * m[j] + (1 - BETA1) * gradient;
      v[j] = BETA2 * v[j] + (1 - BETA2) * gradient * gradient;
      const mHat = m[j] / (1 - BETA1 ** t);
      const vHat = v[j] / (1 - BETA2 ** t);
      alpha[j] = Math.max(settings.minScale, alpha[j] - (settings.lr * mHat) / (Math.sqrt(vHat) + ADAM_EPSILON));
    });
  }
  objective.write(scaled(start, tensors, alpha));
  return record;
}

/**
 * One GradInit measurement at scales α on batches S and S̃: what the step
 * records, and ∂/∂α_j of the quantity it lowers (‖g‖ above γ, else the
 * loss after the simulated step) — undefined when that is not finite.
 */
export function scaleGradient(
  objective: BatchGradient,
  start: Float64Array,
  tensors: readonly TensorSlice[],
  alpha: Float64Array,
  [first, second]: readonly [TuningBatch, TuningBatch],
  step: SimulatedStep,
  gamma: number,
): GradInitStep & { readonly scaleGradient: Float64Array | undefined } {
  const at = (p: Float64Array) => objective.at(p).gradient;
  const point = scaled(start, tensors, alpha);
  objective.useBatch(first.inputs, first.targets, first.rows);
  const g = at(point);
  const update = simulatedUpdate(g, step.kind);
  const gradientNorm = step.kind === 'sgd' ? norm(g) : sumOfMagnitudes(g);
  const after = new Float64Array(point.length);
  for (let i = 0; i < point.length; i++) after[i] = point[i] - step.lr * update[i];
  objective.useBatch(second.inputs, second.targets, second.rows);
  // Measured on every step for the chart; under the constraint the step may overflow, and it is not what is lowered then.
  const { loss: lossAfterStep, gradient: gAfter } = objective.at(after);
  const constrained = gradientNorm > gamma;
  if (!Number.isFinite(gradientNorm) || (!constrained && !Number.isFinite(lossAfterStep))) return { lossAfterStep, gradientNorm, constrained, scaleGradient: undefined };
  objective.useBatch(first.inputs, first.targets, first.rows);
  let direction: Float64Array;
  if (constrained) {
    const unit = step.kind === 'sgd' ? g.map((x) => x / gradientNorm) : g.map((x) => Math.sign(x));
    direction = hessianVectorProduct(at, point, unit, g);
  } else if (step.kind === 'sgd') {
    const curvature = hessianVectorProduct(at, point, gAfter, g);
    direction = gAfter.map((x, i) => x - step.lr * curvature[i]);
  } else {
    direction = gAfter;
  }
  return { lossAfterStep, gradientNorm, constrained, scaleGradient: Float64Array.from(tensors, (tensor) => tensorDot(start, direction, tensor)) };
}

/** A[g]: the first step's direction. Adam's first update is g/(|g| + ε) ≈ sign g, as the paper takes it. */
function simulatedUpdate(g: Float64Array, kind: SimulatedStep['kind']): Float64Array {
  return kind === 'sgd' ? g : g.map((x) => Math.sign(x));
}

function sumOfMagnitudes(g: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]);
  return sum;
}

/** θ with each tuned tensor j at α_j·θ⁰_j, the rest as at the start. */
function scaled(start: Float64Array, tensors: readonly TensorSlice[], alpha: Float64Array): Float64Array {
  const point = Float64Array.from(start);
  tensors.forEach((tensor, j) => {
    const slice = sliceOf(point, tensor);
    for (let i = 0; i < slice.length; i++) slice[i] *= alpha[j];
  });
  return point;
}
