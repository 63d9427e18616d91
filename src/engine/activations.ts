import { createActivationKernels, type ActivationKernels } from './activations-wasm';
import { activeKernels } from './kernels';
import { ParamSchema, choice, number, type ParamValue } from './params';
import { defineEntry, Registry, type OptionsEntry } from './registry';

/**
 * Activation functions a = f(z), applied to a batch×width block. `backward`
 * turns dL/da into dL/dz using the saved z and a, so each derivative can use
 * whichever is cheaper (σ' = a(1−a) needs only a; GELU needs z).
 */
export interface Activation {
  readonly name: string;
  /** True when f acts on each element alone (everything but softmax). */
  readonly elementwise: boolean;
  /** For diagnostics: dying units (ReLU family) or saturation (tanh, sigmoid). */
  readonly family: 'relu' | 'saturating' | 'other';
  /**
   * ReLU family: the slope f′ below zero when it is a constant — 0 for relu,
   * α for leaky_relu — so diagnostics know whether a unit that is never
   * positive still learns. Absent where it is not constant (elu).
   */
  readonly negativeSlope?: number;
  forward(z: Float32Array, a: Float32Array, length: number, width: number): void;
  backward(z: Float32Array, a: Float32Array, gradA: Float32Array, gradZ: Float32Array, length: number, width: number): void;
}

/** linear: a = z. */
export const linear: Activation = {
  name: 'linear',
  elementwise: true,
  family: 'other',
  forward(z, a, length) {
    if (a !== z) a.set(z.subarray(0, length));
  },
  backward(_z, _a, gradA, gradZ, length) {
    if (gradZ !== gradA) gradZ.set(gradA.subarray(0, length));
  },
};

let simd: ActivationKernels | undefined | null = null;

/**
 * The ReLU family's WebAssembly loops (activations.wat) when the matrix
 * products run in WebAssembly (useKernels), else undefined. Both paths give
 * the same values: max, the masks and z·α are exact or rounded once.
 */
function simdKernels(): ActivationKernels | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (simd === null) simd = createActivationKernels();
  return simd;
}

/**
 * relu: a = max(0, z); f'(0) = 0 as in PyTorch. As PyTorch too, relu(NaN) is
 * NaN, relu(−0) is +0, and the gradient passes where z is NaN (its backward
 * zeroes it only where z ≤ 0).
 *
 * Neither loop branches on the sign of z: pre-activations have random signs,
 * and a mispredicted branch per value cost more than the arithmetic. In
 * JavaScript, (z + |z|)/2 is exactly max(z, 0) in float64 for every float32 z
 * but −∞ (where it is NaN), and the gradient is a product with 1 or 0; the
 * rare NaN either gives is then settled by a branch that is almost never
 * taken. In WebAssembly the same choices are vector masks.
 */
export const relu: Activation = {
  name: 'relu',
  elementwise: true,
  family: 'relu',
  negativeSlope: 0,
  forward(z, a, length) {
    const fast = simdKernels();
    if (fast) return fast.reluForward(z, a, length);
    for (let i = 0; i < length; i++) {
      const x = z[i];
      const y = (x + Math.abs(x)) * 0.5;
      a[i] = y === y ? y : x === x ? 0 : x;
    }
  },
  backward(z, _a, gradA, gradZ, length) {
    const fast = simdKernels();
    if (fast) return fast.reluBackward(z, gradA, gradZ, length);
    for (let i = 0; i < length; i++) {
      const g = gradA[i];
      const open = +!(z[i] <= 0);
      const y = g * open;
      // g·0 is NaN for an infinite g; the gradient of a closed unit is 0 regardless.
      gradZ[i] = y === y || open === 1 ? y : 0;
    }
  },
};

/**
 * leaky_relu(α): a = z for z > 0, αz otherwise (Maas et al. 2013). α = 0.01 as
 * PyTorch; Keras's layer uses 0.3. The slope, 1 or α, is picked without a
 * branch (see relu); z·1 and z·α are exactly the two cases.
 */
export function leakyRelu(alpha = 0.01): Activation {
  return {
    name: 'leaky_relu',
    elementwise: true,
    family: 'relu',
    negativeSlope: alpha,
    forward(z, a, length) {
      const fast = simdKernels();
      if (fast) return fast.leakyForward(z, a, length, alpha);
      for (let i = 0; i < length; i++) {
        const x = z[i];
        const positive = +(x > 0);
        a[i] = x * (positive + alpha * (1 - positive));
      }
    },
    backward(z, _a, gradA, gradZ, length) {
      const fast = simdKernels();
      if (fast) return fast.leakyBackward(z, gradA, gradZ, length, alpha);
      for (let i = 0; i < length; i++) {
        const positive = +(z[i] > 0);
        gradZ[i] = gradA[i] * (positive + alpha * (1 - positive));
      }
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

/** A registered activation: name, aliases and its parameters. */
export type ActivationEntry = OptionsEntry<Activation>;

const noParams = (owner: string) => new ParamSchema(owner, {});

const leakySchema = new ParamSchema('activation leaky_relu', {
  alpha: number({ default: 0.01, min: 0, doc: 'slope for z < 0 (PyTorch negative_slope 0.01; Keras LeakyReLU 0.3)' }),
});
const eluSchema = new ParamSchema('activation elu', {
  alpha: number({ default: 1, min: 0, minExclusive: true, doc: 'value approached as z → −∞ is −α' }),
});
const geluSchema = new ParamSchema('activation gelu', {
  approximate: choice({ values: ['none', 'tanh'] as const, default: 'none', doc: 'exact erf form (PyTorch default) or the tanh approximation' }),
});

function fixed(name: string, aliases: readonly string[], activation: Activation): ActivationEntry {
  return defineEntry(name, aliases, noParams(`activation ${name}`), () => activation);
}

/** Every activation by name (Keras spelling; PyTorch class names as aliases). */
export const activations = new Registry<ActivationEntry>('activation', [
  fixed('linear', ['identity', 'none'], linear),
  fixed('relu', ['ReLU'], relu),
  defineEntry('leaky_relu', ['LeakyReLU'], leakySchema, (o) => leakyRelu(o.alpha)),
  defineEntry('elu', ['ELU'], eluSchema, (o) => elu(o.alpha)),
  defineEntry('gelu', ['GELU'], geluSchema, (o) => gelu(o.approximate)),
  fixed('tanh', ['Tanh'], tanh),
  fixed('sigmoid', ['Sigmoid', 'logistic'], sigmoid),
  fixed('softmax', ['Softmax'], softmax),
]);

/** An activation by name, e.g. createActivation('leaky_relu', { alpha: 0.2 }). */
export function createActivation(name: string, options?: Readonly<Record<string, ParamValue>>): Activation {
  return activations.get(name).create(options);
}
