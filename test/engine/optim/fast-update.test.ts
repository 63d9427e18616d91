import { afterAll, describe, expect, it, vi } from 'vitest';
import { activeKernels, availableKernels, useKernels, type KernelChoice } from '../../../src/engine/kernels';
import type { Optimizer } from '../../../src/engine/optim/optimizer';
import { createOptimizer } from '../../../src/engine/optim/optimizers';
import { createParameter, type Parameter } from '../../../src/engine/parameter';
import { Rng } from '../../../src/engine/rng';

/**
 * Every optimizer's update, as the engine runs it (a JavaScript loop under
 * the 'js' kernels, the WebAssembly SIMD kernel under 'wasm'), against the
 * plain per-value loop of PyTorch's documented algorithm in float64, on odd
 * lengths and on one longer than the kernel's chunk of 2048 values.
 */

/** One value's update at step t: returns the new w and rewrites the value's state `s` (zeros at first). */
type Reference = (w: number, g: number, t: number, s: number[]) => number;

interface Case {
  readonly name: string;
  readonly optimizer: string;
  readonly options: Record<string, number | boolean | string>;
  readonly reference: Reference;
  /** The state's starting value (Adagrad's initial accumulator). */
  readonly initial?: number;
}

function adam({ lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, l2 = 0, decoupled = 0, amsgrad = false, correct = true }): Reference {
  return (w, grad, t, s) => {
    const x = w * (1 - lr * decoupled);
    const g = grad + l2 * x;
    s[0] = beta1 * s[0] + (1 - beta1) * g;
    s[1] = beta2 * s[1] + (1 - beta2) * g * g;
    s[2] = Math.max(s[2], s[1]);
    const c1 = correct ? 1 - beta1 ** t : 1;
    const c2 = correct ? 1 - beta2 ** t : 1;
    return x - ((lr / c1) * s[0]) / (Math.sqrt(amsgrad ? s[2] : s[1]) / Math.sqrt(c2) + eps);
  };
}

function sgd({ lr = 0.01, momentum = 0, dampening = 0, nesterov = false, decay = 0 }): Reference {
  return (w, grad, t, s) => {
    const g = grad + decay * w;
    if (momentum === 0) return w - lr * g;
    s[0] = t === 1 ? g : momentum * s[0] + (1 - dampening) * g;
    return w - lr * (nesterov ? g + momentum * s[0] : s[0]);
  };
}

function velocity({ lr = 0.01, momentum = 0.9, nesterov = false, decay = 0 }): Reference {
  return (w, grad, _t, s) => {
    const g = grad + decay * w;
    s[0] = momentum * s[0] - lr * g;
    return nesterov ? w + momentum * s[0] - lr * g : w + s[0];
  };
}

function ema({ lr = 0.01, beta = 0.9, decay = 0 }): Reference {
  return (w, grad, _t, s) => {
    s[0] = beta * s[0] + (1 - beta) * (grad + decay * w);
    return w - lr * s[0];
  };
}

function rmsprop({ lr = 0.01, alpha = 0.99, eps = 1e-8, decay = 0, momentum = 0, centered = false }): Reference {
  return (w, grad, _t, s) => {
    const g = grad + decay * w;
    s[0] = alpha * s[0] + (1 - alpha) * g * g;
    s[1] = alpha * s[1] + (1 - alpha) * g;
    const scaled = g / (Math.sqrt(centered ? Math.max(0, s[0] - s[1] * s[1]) : s[0]) + eps);
    if (momentum === 0) return w - lr * scaled;
    s[2] = momentum * s[2] + scaled;
    return w - lr * s[2];
  };
}

function adagrad({ lr = 0.01, lrDecay = 0, decay = 0, eps = 1e-10 }): Reference {
  return (w, grad, t, s) => {
    const g = grad + decay * w;
    s[0] += g * g;
    return w - ((lr / (1 + (t - 1) * lrDecay)) * g) / (Math.sqrt(s[0]) + eps);
  };
}

const cases: Case[] = [
  { name: 'adam', optimizer: 'adam', options: { lr: 0.01 }, reference: adam({ lr: 0.01 }) },
  { name: 'adam with L2, amsgrad', optimizer: 'adam', options: { lr: 0.01, weight_decay: 0.1, amsgrad: true }, reference: adam({ lr: 0.01, l2: 0.1, amsgrad: true }) },
  { name: 'adam without bias correction', optimizer: 'adam', options: { lr: 0.01, beta1: 0.8, bias_correction: false }, reference: adam({ lr: 0.01, beta1: 0.8, correct: false }) },
  { name: 'adamw', optimizer: 'adamw', options: { lr: 0.01, weight_decay: 0.1 }, reference: adam({ lr: 0.01, decoupled: 0.1 }) },
  { name: 'adamw amsgrad', optimizer: 'adamw', options: { lr: 0.01, amsgrad: true }, reference: adam({ lr: 0.01, decoupled: 0.01, amsgrad: true }) },
  { name: 'sgd with weight decay', optimizer: 'sgd', options: { lr: 0.1, weight_decay: 0.01 }, reference: sgd({ lr: 0.1, decay: 0.01 }) },
  { name: 'momentum with dampening', optimizer: 'momentum', options: { lr: 0.1, dampening: 0.3, weight_decay: 0.01 }, reference: sgd({ lr: 0.1, momentum: 0.9, dampening: 0.3, decay: 0.01 }) },
  { name: 'nesterov', optimizer: 'nesterov', options: { lr: 0.1 }, reference: sgd({ lr: 0.1, momentum: 0.9, nesterov: true }) },
  { name: 'momentum, velocity form', optimizer: 'momentum', options: { lr: 0.1, momentum_form: 'velocity', weight_decay: 0.01 }, reference: velocity({ lr: 0.1, decay: 0.01 }) },
  { name: 'nesterov, velocity form', optimizer: 'nesterov', options: { lr: 0.1, momentum_form: 'velocity' }, reference: velocity({ lr: 0.1, nesterov: true }) },
  { name: 'momentum, ema form', optimizer: 'momentum', options: { lr: 0.1, momentum: 0.8, momentum_form: 'ema', weight_decay: 0.01 }, reference: ema({ lr: 0.1, beta: 0.8, decay: 0.01 }) },
  { name: 'rmsprop', optimizer: 'rmsprop', options: {}, reference: rmsprop({}) },
  { name: 'rmsprop centered', optimizer: 'rmsprop', options: { centered: true, weight_decay: 0.01 }, reference: rmsprop({ centered: true, decay: 0.01 }) },
  { name: 'rmsprop with momentum', optimizer: 'rmsprop', options: { momentum: 0.9 }, reference: rmsprop({ momentum: 0.9 }) },
  { name: 'rmsprop centered with momentum', optimizer: 'rmsprop', options: { centered: true, momentum: 0.9, alpha: 0.9 }, reference: rmsprop({ centered: true, momentum: 0.9, alpha: 0.9 }) },
  { name: 'adagrad', optimizer: 'adagrad', options: { lr: 0.1 }, reference: adagrad({ lr: 0.1 }) },
  {
    name: 'adagrad with decay and a starting sum',
    optimizer: 'adagrad',
    options: { lr: 0.1, lr_decay: 0.5, weight_decay: 0.01, initial_accumulator: 0.1 },
    reference: adagrad({ lr: 0.1, lrDecay: 0.5, decay: 0.01 }),
    initial: 0.1,
  },
];

const LENGTHS = [1, 3, 5, 17, 4101];
const STEPS = 3;

/** Two parameters of `length` values (so the update runs per tensor), with seeded weights. */
function parametersOf(length: number, rng: Rng): Parameter[] {
  return ['weight', 'bias'].map((suffix) => {
    const p = createParameter('0', suffix, [length], suffix === 'bias' ? 'bias' : 'weight');
    p.value.set(Array.from({ length }, () => rng.normal()));
    return p;
  });
}

/** Runs the engine's update and the reference side by side; returns the engine's values and the worst gap in units of the allowed error. */
function compare({ optimizer: name, options, reference, initial = 0 }: Case, length: number): { values: Float32Array[]; worst: number } {
  const rng = new Rng(length);
  const params = parametersOf(length, rng);
  const expected = params.map((p) => Float32Array.from(p.value));
  /** Σ|Δw| over the steps so far: rounding errors scale with the steps taken, not with where w ends up. */
  const travelled = params.map((p) => new Float64Array(p.value.length));
  const states = params.map((p) => Array.from(p.value, () => [initial, initial, initial]));
  const optimizer: Optimizer = createOptimizer(name, params, options);
  let worst = 0;
  for (let t = 1; t <= STEPS; t++) {
    params.forEach((p, k) => {
      p.grad.set(Array.from(p.grad, () => rng.normal(0, 2)));
      const before = expected[k].slice();
      for (let i = 0; i < length; i++) {
        expected[k][i] = reference(before[i], p.grad[i], t, states[k][i]);
        travelled[k][i] += Math.abs(expected[k][i] - before[i]);
      }
    });
    optimizer.step();
    params.forEach((p, k) => {
      for (let i = 0; i < length; i++) {
        // Float32 rounding: about two ulps of w per step (AdamW rounds w·shrink
        // and then w − step), plus about eight ulps of each step taken.
        const allowed = 2e-7 * t * Math.abs(expected[k][i]) + 1e-6 * travelled[k][i] + 1e-12;
        worst = Math.max(worst, Math.abs(p.value[i] - expected[k][i]) / allowed);
      }
    });
  }
  return { values: params.map((p) => p.value), worst };
}

const choices = availableKernels().filter((choice): choice is Exclude<KernelChoice, 'reference'> => choice !== 'reference');
const initialChoice = activeKernels();
afterAll(() => {
  useKernels(initialChoice);
});

describe.each(choices)('the %s update equals the reference loop', (choice) => {
  it.each(cases)('$name', (testCase) => {
    useKernels(choice);
    for (const length of LENGTHS) {
      const { worst } = compare(testCase, length);
      expect(worst, `length ${length}`).toBeLessThanOrEqual(1);
    }
  });
});

describe.runIf(choices.includes('wasm'))('the WebAssembly update', () => {
  it('is the one running under wasm: float32 arithmetic, so its last bits differ from the float64 loop', () => {
    const differs = cases.map((testCase) => {
      useKernels('js');
      const js = compare(testCase, 17).values;
      useKernels('wasm');
      const wasm = compare(testCase, 17).values;
      return js.some((values, k) => values.some((x, i) => x !== wasm[k][i]));
    });
    expect(differs).toEqual(cases.map(() => true));
  });
});

describe.runIf(choices.includes('wasm'))('buffers that do not fit in WebAssembly memory', () => {
  it('stay in ordinary arrays, and the update takes its JavaScript loop', () => {
    useKernels('wasm');
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    });
    try {
      const adam = cases.find((testCase) => testCase.name === 'adam with L2, amsgrad')!;
      expect(compare(adam, 4101).worst).toBeLessThanOrEqual(1);
      expect(grow).toHaveBeenCalled();
      useKernels('js');
      const js = compare(adam, 4101).values;
      useKernels('wasm');
      const fallback = compare(adam, 4101).values;
      expect(fallback).toEqual(js);
    } finally {
      grow.mockRestore();
    }
  });
});
