import type { Parameter } from '../../parameter';
import { ParamSchema, requiredNumber, type Options } from '../../params';
import { defineEntry } from '../../registry';
import { Clipper, scale, sumOfSquares, type ClipResult, type GradientClipper } from './clipper';

const layerSchema = new ParamSchema('clip layer_norm', {
  maxNorm: requiredNumber({ min: 0, minExclusive: true, doc: 'τ: the largest gradient norm let through for each layer.' }),
});

/** Options of `clipByLayerNorm`. */
export type LayerNormOptions = Options<typeof layerSchema.specs>;

/** Per-layer norm clipping (./layer-norm.entry.ts): a layer's parameters, grouped by Parameter.layer, form one vector. */
class LayerNormClipper extends Clipper<typeof layerSchema.specs> {
  /** The parameter list the grouping was built for, compared element by element. */
  private groupedFor: Parameter[] = [];
  private layerOf = new Int32Array(0);
  private layerSums = new Float64Array(0);

  clip(params: readonly Parameter[]): ClipResult {
    this.group(params);
    const { maxNorm } = this.o;
    const sums = this.layerSums;
    sums.fill(0);
    for (let p = 0; p < params.length; p++) sums[this.layerOf[p]] += sumOfSquares(params[p].grad);
    let before = 0;
    let after = 0;
    let clipped = false;
    for (let l = 0; l < sums.length; l++) {
      const norm = Math.sqrt(sums[l]);
      before += sums[l];
      if (Number.isFinite(norm) && norm > maxNorm) {
        sums[l] = maxNorm / norm; // from here on: the layer's scale factor
        after += maxNorm * maxNorm;
        clipped = true;
      } else {
        after += sums[l];
        sums[l] = 1;
      }
    }
    for (let p = 0; p < params.length; p++) {
      const factor = sums[this.layerOf[p]];
      if (factor !== 1) scale(params[p].grad, factor);
    }
    return this.report(Math.sqrt(before), Math.sqrt(after), clipped, maxNorm);
  }

  /** Builds the layer index once per parameter list, not once per step. */
  private group(params: readonly Parameter[]): void {
    if (params.length === this.groupedFor.length) {
      let same = true;
      for (let p = 0; p < params.length && same; p++) same = params[p] === this.groupedFor[p];
      if (same) return;
    }
    const index = new Map<string, number>();
    this.layerOf = new Int32Array(params.length);
    params.forEach((p, i) => {
      if (!index.has(p.layer)) index.set(p.layer, index.size);
      this.layerOf[i] = index.get(p.layer) as number;
    });
    this.layerSums = new Float64Array(index.size);
    this.groupedFor = [...params];
  }
}

/** Each layer's gradient clipped to norm τ on its own; see the `layer_norm` clipper. */
export function clipByLayerNorm(options: LayerNormOptions): GradientClipper {
  return new LayerNormClipper('layer_norm', layerSchema.resolve(options));
}

/** Registry entry of `layer_norm`. */
export const layerNormEntry = defineEntry('layer_norm', ['per_layer', 'per_layer_norm'], layerSchema, (o) => new LayerNormClipper('layer_norm', o));
