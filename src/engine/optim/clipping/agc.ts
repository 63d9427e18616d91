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
 * Unit-wise adaptive gradient clipping (NFNets; rule and sources in
 * ./agc.entry.ts). A unit is a row of a weight ([units, …] as in PyTorch) or
 * one element of a 1-D parameter. ClipResult.threshold is λ, a ratio, not a norm.
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
