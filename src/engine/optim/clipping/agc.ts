import type { Parameter } from '../../parameter';
import { number, ParamSchema, type Options } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, scale, type ClipResult, type GradientClipper } from './clipper';

const agcSchema = new ParamSchema('clip agc', {
  clipping: number({ default: 0.01, min: 0, minExclusive: true, doc: 'λ: the largest gradient-to-weight norm ratio per unit.' }),
  eps: number({ default: 1e-3, min: 0, minExclusive: true, doc: 'ε: weights smaller than this count as ε, so zero-initialised units can still move.' }),
});

/** Options of `adaptiveGradientClipping`. */
export type AgcOptions = Options<typeof agcSchema.specs>;

/**
 * Unit-wise adaptive gradient clipping (Brock et al., 2021, "High-Performance
 * Large-Scale Image Recognition Without Normalization", NFNets): for each
 * output unit i — a row of a weight ([units, …] as in PyTorch), or one element
 * of a 1-D parameter (bias, scale, shift) —
 *   if ‖G_i‖ > λ·max(‖W_i‖, ε) then G_i ← G_i·λ·max(‖W_i‖, ε)/‖G_i‖.
 * The NFNets and timm code take a 1-D parameter's norm over the whole vector
 * instead; per element keeps every unit's bias to its own scale. The paper
 * leaves the final classifier layer unclipped: pass the parameter list without
 * it to do the same. ClipResult.threshold is λ, a ratio, not a norm.
 */
class AdaptiveGradientClipper extends Clipper<typeof agcSchema.specs> {
  clip(params: readonly Parameter[]): ClipResult {
    const { clipping, eps } = this.o;
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let p = 0; p < params.length; p++) {
      const { shape, value, grad } = params[p];
      const units = shape.length <= 1 ? grad.length : shape[0];
      const width = units === 0 ? 0 : grad.length / units;
      for (let u = 0; u < units; u++) {
        const from = u * width;
        const to = from + width;
        let weightSq = 0;
        let gradSq = 0;
        for (let i = from; i < to; i++) {
          weightSq += value[i] * value[i];
          gradSq += grad[i] * grad[i];
        }
        const gradNorm = Math.sqrt(gradSq);
        const maxNorm = clipping * Math.max(Math.sqrt(weightSq), eps);
        before += gradSq;
        if (Number.isFinite(gradNorm) && gradNorm > maxNorm) {
          scale(grad, maxNorm / gradNorm, from, to);
          after += maxNorm * maxNorm;
          clipped = true;
        } else {
          after += gradSq;
        }
      }
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, clipping);
  }
}

/** Unit-wise AGC with ratio λ; see the `agc` clipper. */
export function adaptiveGradientClipping(options: AgcOptions = {}): GradientClipper {
  return new AdaptiveGradientClipper('agc', agcSchema.resolve(options));
}

/** Registry entry of `agc`. */
export const agcEntry = defineEntry('agc', ['adaptive_gradient_clipping', 'unitwise'], agcSchema, (o) => new AdaptiveGradientClipper('agc', o));
