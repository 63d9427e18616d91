import type { Parameter } from '../../parameter';
import { ParamSchema, requiredNumber, type Options } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, globalGradientNorm, type ClipResult, type GradientClipper } from './clipper';

const normSchema = new ParamSchema('clip norm', {
  maxNorm: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: the largest global gradient norm let through.' }),
});

/** Options of `clipByGlobalNorm`. */
export type GlobalNormOptions = Options<typeof normSchema.specs>;

/**
 * Clipping by global norm, the exact rule rather than PyTorch's ‖g‖ + 1e-6
 * (./norm.entry.ts), so gradients below τ stay bit-for-bit untouched.
 */
class GlobalNormClipper extends Clipper<typeof normSchema.specs> {
  clip(params: readonly Parameter[]): ClipResult {
    return this.clipToNorm(params, globalGradientNorm(params), this.o.maxNorm);
  }
}

/** g ← g·τ/‖g‖ when the global norm ‖g‖ exceeds τ; see the `norm` clipper. */
export function clipByGlobalNorm(options: GlobalNormOptions): GradientClipper {
  return new GlobalNormClipper('norm', normSchema.resolve(options));
}

/** Registry entry of `norm`. */
export const normEntry = defineEntry('norm', ['clip_by_global_norm', 'clip_grad_norm_', 'clip_grad_norm', 'global_norm'], normSchema, (o) => new GlobalNormClipper('norm', o));
