import { choice, ParamSchema } from '../params';
import { defineEntry } from '../registry';
import type { Activation } from './activation';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2 = 1 / Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * gelu (Hendrycks & Gimpel 2016): a = z·Φ(z). `exact` uses the error function
 * (PyTorch's default); `tanh` is the approximation ½z(1 + tanh(√(2/π)(z + 0.044715z³))).
 */
export function gelu(approximate: 'none' | 'tanh' = 'none'): Activation {
  if (approximate === 'tanh') {
    return {
      name: 'gelu',
      elementwise: true,
      family: 'other',
      forward(z, a, length) {
        for (let i = 0; i < length; i++) {
          const x = z[i];
          a[i] = 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
        }
      },
      backward(z, _a, gradA, gradZ, length) {
        for (let i = 0; i < length; i++) {
          const x = z[i];
          const t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
          const dInner = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
          gradZ[i] = gradA[i] * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner);
        }
      },
    };
  }
  return {
    name: 'gelu',
    elementwise: true,
    family: 'other',
    forward(z, a, length) {
      for (let i = 0; i < length; i++) a[i] = z[i] * 0.5 * (1 + erf(z[i] * INV_SQRT_2));
    },
    backward(z, _a, gradA, gradZ, length) {
      // d/dz zΦ(z) = Φ(z) + zφ(z)
      for (let i = 0; i < length; i++) {
        const x = z[i];
        const cdf = 0.5 * (1 + erf(x * INV_SQRT_2));
        gradZ[i] = gradA[i] * (cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x));
      }
    },
  };
}

/**
 * The error function, from the Chebyshev fit of erfc in Numerical Recipes
 * (fractional error below 1.2e-7), as exact as float32 activations can hold;
 * JavaScript has no Math.erf.
 */
export function erf(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - y : y - 1;
}

const geluSchema = new ParamSchema('activation gelu', {
  approximate: choice({ values: ['none', 'tanh'] as const, default: 'none', doc: 'exact erf form (PyTorch default) or the tanh approximation' }),
});

/** Registry entry of gelu. */
export const geluEntry = defineEntry('gelu', ['GELU'], geluSchema, (o) => gelu(o.approximate));
