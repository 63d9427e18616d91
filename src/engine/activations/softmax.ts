import { fixedActivation, type Activation } from './activation';

/**
 * softmax over each row: aᵢ = e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z). Subtracting the
 * row maximum keeps e^· finite for any logits. Backward: dzᵢ = aᵢ(daᵢ − Σⱼ daⱼaⱼ).
 */
export const softmax: Activation = {
  name: 'softmax',
  elementwise: false,
  family: 'other',
  forward(z, a, length, width) {
    for (let row = 0; row < length; row += width) {
      let max = -Infinity;
      for (let j = 0; j < width; j++) if (z[row + j] > max) max = z[row + j];
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const e = Math.exp(z[row + j] - max);
        a[row + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < width; j++) a[row + j] *= inv;
    }
  },
  backward(_z, a, gradA, gradZ, length, width) {
    for (let row = 0; row < length; row += width) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += gradA[row + j] * a[row + j];
      for (let j = 0; j < width; j++) gradZ[row + j] = a[row + j] * (gradA[row + j] - dot);
    }
  },
};

/** Registry entry of softmax. */
export const softmaxEntry = fixedActivation('softmax', ['Softmax'], softmax);
