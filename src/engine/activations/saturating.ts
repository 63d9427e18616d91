import { fixedActivation, type Activation } from './activation';

/** tanh and sigmoid: their outputs saturate at the asymptotes, where f′ → 0. */

/** tanh: a = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ); f' = 1 − a². */
export const tanh: Activation = {
  name: 'tanh',
  elementwise: true,
  family: 'saturating',
  forward(z, a, length) {
    for (let i = 0; i < length; i++) a[i] = Math.tanh(z[i]);
  },
  backward(_z, a, gradA, gradZ, length) {
    for (let i = 0; i < length; i++) gradZ[i] = gradA[i] * (1 - a[i] * a[i]);
  },
};

/** sigmoid: a = 1/(1 + e⁻ᶻ), written to avoid overflow for large |z|; f' = a(1 − a). */
export const sigmoid: Activation = {
  name: 'sigmoid',
  elementwise: true,
  family: 'saturating',
  forward(z, a, length) {
    for (let i = 0; i < length; i++) a[i] = logistic(z[i]);
  },
  backward(_z, a, gradA, gradZ, length) {
    for (let i = 0; i < length; i++) gradZ[i] = gradA[i] * a[i] * (1 - a[i]);
  },
};

/** The logistic function, stable for either sign of z. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Registry entries of tanh and sigmoid. */
export const saturatingEntries = [fixedActivation('tanh', ['Tanh'], tanh), fixedActivation('sigmoid', ['Sigmoid', 'logistic'], sigmoid)];
