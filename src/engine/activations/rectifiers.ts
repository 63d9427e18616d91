import { number, ParamSchema } from '../params';
import { defineEntry } from '../registry';
import { fixedActivation, type Activation } from './activation';

/** The ReLU family: zero or a small slope below 0, so a unit can die. */

/** relu: a = max(0, z); f'(0) = 0 as in PyTorch. */
export const relu: Activation = {
  name: 'relu',
  elementwise: true,
  family: 'relu',
  negativeSlope: 0,
  forward(z, a, length) {
    for (let i = 0; i < length; i++) a[i] = z[i] > 0 ? z[i] : 0;
  },
  backward(z, _a, gradA, gradZ, length) {
    for (let i = 0; i < length; i++) gradZ[i] = z[i] > 0 ? gradA[i] : 0;
  },
};

/** leaky_relu(α): a = z for z > 0, αz otherwise (Maas et al. 2013). α = 0.01 as PyTorch; Keras's layer uses 0.3. */
export function leakyRelu(alpha = 0.01): Activation {
  return {
    name: 'leaky_relu',
    elementwise: true,
    family: 'relu',
    negativeSlope: alpha,
    forward(z, a, length) {
      for (let i = 0; i < length; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
    },
    backward(z, _a, gradA, gradZ, length) {
      for (let i = 0; i < length; i++) gradZ[i] = z[i] > 0 ? gradA[i] : alpha * gradA[i];
    },
  };
}

/** elu(α): a = z for z > 0, α(eᶻ − 1) otherwise (Clevert et al. 2016); f' = a + α below 0. */
export function elu(alpha = 1): Activation {
  return {
    name: 'elu',
    elementwise: true,
    family: 'relu',
    forward(z, a, length) {
      for (let i = 0; i < length; i++) a[i] = z[i] > 0 ? z[i] : alpha * Math.expm1(z[i]);
    },
    backward(z, a, gradA, gradZ, length) {
      for (let i = 0; i < length; i++) gradZ[i] = z[i] > 0 ? gradA[i] : gradA[i] * (a[i] + alpha);
    },
  };
}

const leakySchema = new ParamSchema('activation leaky_relu', {
  alpha: number({ default: 0.01, min: 0, doc: 'slope for z < 0 (PyTorch negative_slope 0.01; Keras LeakyReLU 0.3)' }),
});
const eluSchema = new ParamSchema('activation elu', {
  alpha: number({ default: 1, min: 0, minExclusive: true, doc: 'value approached as z → −∞ is −α' }),
});

/** Registry entries of relu, leaky_relu and elu. */
export const rectifierEntries = [
  fixedActivation('relu', ['ReLU'], relu),
  defineEntry('leaky_relu', ['LeakyReLU'], leakySchema, (o) => leakyRelu(o.alpha)),
  defineEntry('elu', ['ELU'], eluSchema, (o) => elu(o.alpha)),
];
