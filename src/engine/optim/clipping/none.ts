import type { Parameter } from '../../parameter';
import { ParamSchema } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, globalGradientNorm, type ClipResult, type GradientClipper } from './clipper';

const noneSchema = new ParamSchema('clip none', {});

/** Clipping `none`: gradients pass unchanged; the norm is still measured for the charts. */
class NoClipping extends Clipper {
  clip(params: readonly Parameter[]): ClipResult {
    const norm = globalGradientNorm(params);
    return this.report(norm, norm, false, Infinity);
  }
}

/** No clipping: the gradient norm is reported, nothing is changed. */
export function noClipping(): GradientClipper {
  return new NoClipping('none', {});
}

/** Registry entry of `none`. */
export const noneEntry = defineEntry('none', ['off'], noneSchema, () => new NoClipping('none', {}));
