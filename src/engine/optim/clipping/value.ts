import type { Parameter } from '../../parameter';
import { ParamSchema, requiredNumber, type Options } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, type ClipResult, type GradientClipper } from './clipper';

const valueSchema = new ParamSchema('clip value', {
  clipValue: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: each gradient component is clamped into [−τ, τ].' }),
});

/** Options of `clipByValue`. */
export type ValueOptions = Options<typeof valueSchema.specs>;

/** Clipping by value (./value.entry.ts). The norms reported are global L2 norms. */
class ValueClipper extends Clipper<typeof valueSchema.specs> {
  clip(params: readonly Parameter[]): ClipResult {
    const limit = this.o.clipValue;
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let p = 0; p < params.length; p++) {
      const grad = params[p].grad;
      for (let i = 0; i < grad.length; i++) {
        const g = grad[i];
        before += g * g;
        if (g > limit || g < -limit) {
          grad[i] = g > limit ? limit : -limit;
          clipped = true;
        }
        after += grad[i] * grad[i];
      }
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, limit);
  }
}

/** Each gradient component clamped into [−τ, τ]; see the `value` clipper. */
export function clipByValue(options: ValueOptions): GradientClipper {
  return new ValueClipper('value', valueSchema.resolve(options));
}

/** Registry entry of `value`. */
export const valueEntry = defineEntry('value', ['clip_by_value', 'clip_grad_value_', 'clip_grad_value', 'clipvalue'], valueSchema, (o) => new ValueClipper('value', o));
