import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { Adagrad } from '../../../src/engine/optim/optimizers/adagrad';
import { Adam, AdamW } from '../../../src/engine/optim/optimizers/adam';
import type { Optimizer, OptimizerState } from '../../../src/engine/optim/optimizer';
import { createOptimizer, optimizers } from '../../../src/engine/optim/optimizers';
import { RMSprop } from '../../../src/engine/optim/optimizers/rmsprop';
import { SGD } from '../../../src/engine/optim/optimizers/sgd';
import { createParameter, type Parameter } from '../../../src/engine/parameter';

function parameter(values: readonly number[], layer = '0', suffix = 'weight'): Parameter {
  const p = createParameter(layer, suffix, [values.length], suffix === 'bias' ? 'bias' : 'weight');
  p.value.set(values);
  return p;
}

/** Float32 storage against float64 expectations: 1e-6 relative plus a tiny absolute slack. */
function expectClose(actual: Float32Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    const tolerance = 1e-6 * Math.abs(e) + 1e-9;
    if (Math.abs(actual[i] - e) > tolerance) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${e} (±${tolerance.toExponential(1)})`);
    }
  });
}

/** The gradient handed to step t (1-based), given the current weights. */
type Gradient = (w: Float32Array, t: number) => number[];
/** Loss Σw², so g = 2w. */
const twiceW: Gradient = (w) => Array.from(w, (x) => 2 * x);
const constant = (g: number[]): Gradient => () => g;
const perStep = (...rows: number[][]): Gradient => (_w, t) => rows[t - 1];
/** g_t = [t, −2]: a growing gradient beside a constant one. */
const rising: Gradient = (_w, t) => [t, -2];

interface Case {
  readonly name: string;
  readonly start: number[];
  readonly gradient: Gradient;
  readonly build: (params: Parameter[]) => Optimizer;
  /** w after steps 1, 2 and 3. */
  readonly after: [number[], number[], number[]];
}

const cases: Case[] = [
  {
    // g = 2w, η = 0.1: w ← w − 0.2w = 0.8w.
    // [1, −2] → [0.8, −1.6] → [0.64, −1.28] → [0.512, −1.024]
    name: 'sgd',
    start: [1, -2],
    gradient: twiceW,
    build: (p) => new SGD(p, { lr: 0.1 }),
    after: [[0.8, -1.6], [0.64, -1.28], [0.512, -1.024]],
  },
  {
    // g = 2w + λw = 2.5w with λ = 0.5, η = 0.1: w ← w − 0.25w = 0.75w.
    // [1, −2] → [0.75, −1.5] → [0.5625, −1.125] → [0.421875, −0.84375]
    name: 'sgd with weight decay',
    start: [1, -2],
    gradient: twiceW,
    build: (p) => new SGD(p, { lr: 0.1, weightDecay: 0.5 }),
    after: [[0.75, -1.5], [0.5625, -1.125], [0.421875, -0.84375]],
  },
  {
    // μ = 0.9, d = 0.5, η = 0.1, g = [1, −2] every step, so b = k·g:
    // t=1: b = g (undamped first step), k = 1      w = [1 − 0.1, 0.5 + 0.2]      = [0.9, 0.7]
    // t=2: k = 0.9·1 + 0.5·1 = 1.4                 w = [0.9 − 0.14, 0.7 + 0.28]  = [0.76, 0.98]
    // t=3: k = 0.9·1.4 + 0.5 = 1.76                w = [0.76 − 0.176, 0.98 + 0.352] = [0.584, 1.332]
    name: 'sgd momentum with dampening',
    start: [1, 0.5],
    gradient: constant([1, -2]),
    build: (p) => new SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.5 }),
    after: [[0.9, 0.7], [0.76, 0.98], [0.584, 1.332]],
  },
  {
    // nesterov preset: μ = 0.9 by default; η = 0.1, g = [1, −2]; b = k·g, step along (1 + 0.9k)·g:
    // t=1: k = 1,    1 + 0.9 = 1.9        w = [1 − 0.19, 0.5 + 0.38]        = [0.81, 0.88]
    // t=2: k = 1.9,  1 + 1.71 = 2.71      w = [0.81 − 0.271, 0.88 + 0.542]  = [0.539, 1.422]
    // t=3: k = 2.71, 1 + 2.439 = 3.439    w = [0.539 − 0.3439, 1.422 + 0.6878] = [0.1951, 2.1098]
    name: 'nesterov',
    start: [1, 0.5],
    gradient: constant([1, -2]),
    build: (p) => createOptimizer('nesterov', p, { lr: 0.1 }),
    after: [[0.81, 0.88], [0.539, 1.422], [0.1951, 2.1098]],
  },
  {
    // velocity form, μ = 0.9 (momentum preset default), η = 0.05, g = 2w; all in units of w₀ = [1, −2]:
    // t=1: v = −0.05·2·1      = −0.1               w = 1 − 0.1     = 0.9
    // t=2: v = 0.9·(−0.1) − 0.1·0.9  = −0.09 − 0.09  = −0.18   w = 0.9 − 0.18  = 0.72
    // t=3: v = 0.9·(−0.18) − 0.1·0.72 = −0.162 − 0.072 = −0.234 w = 0.72 − 0.234 = 0.486
    name: 'momentum, velocity form',
    start: [1, -2],
    gradient: twiceW,
    build: (p) => createOptimizer('momentum', p, { lr: 0.05, momentum_form: 'velocity' }),
    after: [[0.9, -1.8], [0.72, -1.44], [0.486, -0.972]],
  },
  {
    // ema form, β = 0.9, η = 0.1, g = 2w; in units of w₀ = [1, −2]:
    // t=1: v = 0.1·2·1 = 0.2                           w = 1 − 0.02        = 0.98
    // t=2: v = 0.9·0.2 + 0.1·2·0.98 = 0.18 + 0.196 = 0.376   w = 0.98 − 0.0376   = 0.9424
    // t=3: v = 0.9·0.376 + 0.1·2·0.9424 = 0.3384 + 0.18848 = 0.52688
    //                                                  w = 0.9424 − 0.052688 = 0.889712
    name: 'momentum, ema form',
    start: [1, -2],
    gradient: twiceW,
    build: (p) => createOptimizer('momentum', p, { lr: 0.1, momentum_form: 'ema' }),
    after: [[0.98, -1.96], [0.9424, -1.8848], [0.889712, -1.779424]],
  },
  {
    // η = 0.1 (ε = 1e-10 moves nothing at this precision).
    // element 0, g = 3, 4, 12: G = 9, 25, 169, √G = 3, 5, 13
    //   w = 1 − 0.1·3/3 = 0.9;  0.9 − 0.1·4/5 = 0.82;  0.82 − 0.1·12/13 = 0.82 − 0.0923077 = 0.7276923
    // element 1, g = −1: G = 1, 2, 3
    //   w = 0.5 + 0.1 = 0.6;  + 0.1/√2 = 0.6707107;  + 0.1/√3 = 0.7284457
    name: 'adagrad',
    start: [1, 0.5],
    gradient: perStep([3, -1], [4, -1], [12, -1]),
    build: (p) => new Adagrad(p, { lr: 0.1 }),
    after: [[0.9, 0.6], [0.82, 0.6707106781], [0.7276923077, 0.7284457050]],
  },
  {
    // G₀ = 16, lr_decay = 1 so η_t = 0.1/t.
    // element 0, g = 3, 0, 12: G = 25, 25, 169
    //   w = 1 − 0.1·3/5 = 0.94;  g = 0 leaves 0.94;  0.94 − (0.1/3)·12/13 = 0.94 − 0.0307692 = 0.9092308
    // element 1, g = −1: G = 17, 18, 19
    //   w = 0.5 + 0.1/√17 = 0.5242536;  + 0.05/√18 = 0.5360387;  + (0.1/3)/√19 = 0.5436859
    name: 'adagrad with initial accumulator and lr decay',
    start: [1, 0.5],
    gradient: perStep([3, -1], [0, -1], [12, -1]),
    build: (p) => new Adagrad(p, { lr: 0.1, initialAccumulator: 16, lrDecay: 1 }),
    after: [[0.94, 0.5242535625], [0.94, 0.5360386755], [0.9092307692, 0.5436858667]],
  },
  {
    // α = 0.9, η = 0.01, g_t = [t, −2].
    // element 0: v = 0.1, 0.09 + 0.4 = 0.49, 0.441 + 0.9 = 1.341; √v = 0.316228, 0.7, 1.158016
    //   w = 1 − 0.01·1/0.316228 = 0.968377;  − 0.02/0.7 = 0.939806;  − 0.03/1.158016 = 0.913899
    // element 1: v = 0.4, 0.76, 1.084; √v = 0.632456, 0.871780, 1.041153
    //   w = 0.5 + 0.02/0.632456 = 0.531623;  + 0.02/0.871780 = 0.554564;  + 0.02/1.041153 = 0.573774
    name: 'rmsprop',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9 }),
    after: [[0.9683772244, 0.5316227761], [0.9398057962, 0.5545643492], [0.9138994085, 0.5737738178]],
  },
  {
    // centered, α = 0.9, η = 0.01, g_t = [t, −2]; ṽ = v − ḡ².
    // element 0: v = 0.1, 0.49, 1.341; ḡ = 0.1, 0.29, 0.561; ṽ = 0.09, 0.4059, 1.026279
    //   w = 1 − 0.01/0.3 = 0.966667;  − 0.02/0.637103 = 0.935275;  − 0.03/1.013055 = 0.905661
    // element 1: v = 0.4, 0.76, 1.084; ḡ = −0.2, −0.38, −0.542; ṽ = 0.36, 0.6156, 0.790236
    //   w = 0.5 + 0.02/0.6 = 0.533333;  + 0.02/0.784602 = 0.558824;  + 0.02/0.888952 = 0.581322
    name: 'rmsprop centered',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, centered: true }),
    after: [[0.9666666678, 0.5333333328], [0.9352745610, 0.5588239695], [0.9056611435, 0.5813223670]],
  },
  {
    // μ = 0.5, α = 0.9, η = 0.01, g_t = [t, −2]; scaled = g/√v as in the plain case, b ← 0.5b + scaled.
    // element 0: scaled = 3.162278, 2.857143, 2.590645; b = 3.162278, 4.438281, 4.809785
    //   w = 1 − 0.031623 = 0.968377;  − 0.044383 = 0.923994;  − 0.048098 = 0.875897
    // element 1: scaled = −3.162278, −2.294157, −1.920948; b = −3.162278, −3.875296, −3.858596
    //   w = 0.5 + 0.031623 = 0.531623;  + 0.038753 = 0.570376;  + 0.038586 = 0.608962
    name: 'rmsprop with momentum',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, momentum: 0.5 }),
    after: [[0.9683772244, 0.5316227761], [0.9239944084, 0.5703757373], [0.8758966127, 0.6089616864]],
  },
  {
    // β₁ = 0.9, β₂ = 0.999, η = 0.1, g_t = [t, −2].
    // element 0: m = 0.1, 0.29, 0.561; v = 0.001, 0.004999, 0.013994
    //   m̂ = 0.1/0.1 = 1, 0.29/0.19 = 1.526316, 0.561/0.271 = 2.070111
    //   v̂ = 0.001/0.001 = 1, 0.004999/0.001999 = 2.500750, 0.013994/0.002997 = 4.669329
    //   step = 0.1·m̂/√v̂ = 0.1, 0.0965182, 0.0958001 → w = 0.9, 0.803482, 0.707682
    // element 1 (constant g): m̂ = −2, v̂ = 4 every step, so each step is η·1: w = 0.6, 0.7, 0.8
    //   (ε = 1e-8 against √v̂ = 2 shifts this by 5e-10)
    name: 'adam',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new Adam(p, { lr: 0.1 }),
    after: [[0.900000001, 0.5999999995], [0.8034817990, 0.6999999990], [0.7076816771, 0.7999999985]],
  },
  {
    // no bias correction, η = 0.01, g_t = [t, −2]: step = η·m/(√v + ε), m and v as in 'adam'.
    // element 0: √v = 0.0316228, 0.0707036, 0.118296; step = 0.0316228, 0.0410163, 0.0474233
    //   w = 0.968377, 0.927361, 0.879938
    // element 1: m = −0.2, −0.38, −0.542; v = 0.004, 0.007996, 0.011988; √v = 0.0632456, 0.0894204, 0.109490
    //   step = −0.0316228, −0.0424959, −0.0495023 → w = 0.531623, 0.574119, 0.623621
    name: 'adam without bias correction',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new Adam(p, { lr: 0.01, biasCorrection: false }),
    after: [[0.9683772334, 0.5316227716], [0.9273609441, 0.5741186837], [0.8799376328, 0.6236210327]],
  },
  {
    // amsgrad, β₁ = β₂ = 0.5, η = 0.1. element 0, g = 3, 1, 1 (v falls, v_max holds):
    //   t=1: m = 1.5,   v = 4.5,   v_max = 4.5; m̂ = 3,        v̂ = 9        step = 0.1·3/3 = 0.1        w = 0.9
    //   t=2: m = 1.25,  v = 2.75,  v_max = 4.5; m̂ = 1.25/0.75 = 1.666667,  v̂ = 4.5/0.75 = 6
    //        step = 0.1·1.666667/2.449490 = 0.0680414                                            w = 0.831959
    //   t=3: m = 1.125, v = 1.875, v_max = 4.5; m̂ = 1.125/0.875 = 1.285714, v̂ = 4.5/0.875 = 5.142857
    //        step = 0.1·1.285714/2.267787 = 0.0566947                                            w = 0.775264
    // element 1, g = −1: v = 0.5, 0.75, 0.875 rises, so v_max = v, v̂ = 1, m̂ = −1: w = 0.6, 0.7, 0.8
    name: 'adam amsgrad',
    start: [1, 0.5],
    gradient: perStep([3, -1], [1, -1], [1, -1]),
    build: (p) => new Adam(p, { lr: 0.1, beta1: 0.5, beta2: 0.5, amsgrad: true }),
    after: [[0.9000000003, 0.599999999], [0.8319586189, 0.699999998], [0.7752639482, 0.799999997]],
  },
  {
    // L2, λ = 0.1, η = 0.1, g = [t, −2] + 0.1w (w before the step).
    // element 0: g = 1.1, 2 + 0.09 = 2.09, 3 + 0.0802947 = 3.080295
    //   m = 0.11, 0.308, 0.585229; v = 0.00121, 0.00557689, 0.0150595
    //   m̂ = 1.1, 1.621053, 2.159516; √v̂ = 1.1, 1.670281, 2.241622
    //   step = 0.1, 0.0970527, 0.0963373 → w = 0.9, 0.802947, 0.706610
    // element 1: g = −2 + 0.05 = −1.95, −2 + 0.06 = −1.94, −2 + 0.0699986 = −1.930001
    //   m̂ = −1.95, −1.944737, −1.939299; √v̂ = 1.95, 1.945004, 1.940010
    //   step = −0.1, −0.0999863, −0.0999633 → w = 0.6, 0.699986, 0.799950
    name: 'adam with L2 weight decay',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new Adam(p, { lr: 0.1, weightDecay: 0.1 }),
    after: [[0.9000000009, 0.5999999995], [0.8029473347, 0.6999862672], [0.7066099948, 0.7999495881]],
  },
  {
    // decoupled, λ = 0.1, η = 0.1: w ← w·(1 − 0.01), then the 'adam' step on g = [t, −2] unchanged.
    // element 0: 1·0.99 = 0.99 − 0.1 = 0.89;  0.89·0.99 = 0.8811 − 0.0965182 = 0.784582;
    //            0.784582·0.99 = 0.776736 − 0.0958001 = 0.680936
    // element 1: 0.5·0.99 = 0.495 + 0.1 = 0.595;  0.58905 + 0.1 = 0.68905;  0.6821595 + 0.1 = 0.7821595
    name: 'adamw',
    start: [1, 0.5],
    gradient: rising,
    build: (p) => new AdamW(p, { lr: 0.1, weightDecay: 0.1 }),
    after: [[0.890000001, 0.5949999995], [0.7845817990, 0.6890499990], [0.6809358591, 0.7821594985]],
  },
];

describe('three steps against hand-worked values', () => {
  it.each(cases)('$name', ({ start, gradient, build, after }) => {
    const p = parameter(start);
    const optimizer = build([p]);
    after.forEach((expected, index) => {
      const g = gradient(p.value, index + 1);
      p.grad.set(g);
      optimizer.step();
      expectClose(p.value, expected);
      expect(Array.from(p.grad)).toEqual(Array.from(Float32Array.from(g)));
    });
    expect(optimizer.stepCount).toBe(3);
  });
});

describe('momentum forms', () => {
  /** Runs `steps` of g = 2w + [1, −1] from [1, −2]; `lrAt` lets a test change η mid-run. */
  function trajectory(optimizer: Optimizer, p: Parameter, steps: number, lrAt?: (t: number) => number): number[][] {
    const path: number[][] = [];
    for (let t = 1; t <= steps; t++) {
      if (lrAt) optimizer.lr = lrAt(t);
      p.grad[0] = 2 * p.value[0] + 1;
      p.grad[1] = 2 * p.value[1] - 1;
      optimizer.step();
      path.push(Array.from(p.value));
    }
    return path;
  }

  /**
   * Worst relative gap between two trajectories. The forms are equal in exact
   * arithmetic; in float32 (the WebAssembly update) rounding builds up over 20
   * steps of a recurrence that contracts slowly (|λ| ≈ √0.9), to about 1e-5.
   */
  function compare(a: number[][], b: number[][]): number {
    let worst = 0;
    a.forEach((row, t) => row.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - b[t][i]) / (Math.abs(x) + 1e-3)))));
    return worst;
  }

  it('velocity equals pytorch while lr is constant, and parts from it when lr changes', () => {
    const run = (form: string, lrAt?: (t: number) => number) => {
      const p = parameter([1, -2]);
      return trajectory(createOptimizer('momentum', [p], { lr: 0.05, momentum_form: form }), p, 20, lrAt);
    };
    expect(compare(run('velocity'), run('pytorch'))).toBeLessThan(1e-4);
    const halvedAt10 = (t: number) => (t <= 10 ? 0.05 : 0.025);
    expect(compare(run('velocity', halvedAt10), run('pytorch', halvedAt10))).toBeGreaterThan(1e-2);
  });

  it('velocity nesterov (Keras) equals pytorch nesterov while lr is constant', () => {
    const run = (form: string) => {
      const p = parameter([1, -2]);
      return trajectory(createOptimizer('nesterov', [p], { lr: 0.05, momentum_form: form }), p, 20);
    };
    expect(compare(run('velocity'), run('pytorch'))).toBeLessThan(1e-4);
  });

  it('ema with lr η equals pytorch with lr η·(1 − β)', () => {
    const ema = parameter([1, -2]);
    const pytorch = parameter([1, -2]);
    const a = trajectory(createOptimizer('momentum', [ema], { lr: 0.5, momentum: 0.8, momentum_form: 'ema' }), ema, 20);
    const b = trajectory(createOptimizer('momentum', [pytorch], { lr: 0.5 * 0.2, momentum: 0.8 }), pytorch, 20);
    expect(compare(a, b)).toBeLessThan(1e-4);
  });
});

describe('getState / setState', () => {
  const configs: [string, Record<string, number | boolean | string>][] = [
    ['sgd', { lr: 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 0.01 }],
    ['momentum', { lr: 0.05, momentum_form: 'velocity' }],
    ['momentum', { lr: 0.05, momentum_form: 'ema' }],
    ['adagrad', { lr: 0.1, lr_decay: 0.1, initial_accumulator: 0.5 }],
    ['rmsprop', { centered: true, momentum: 0.5 }],
    ['adam', { lr: 0.01, amsgrad: true, weight_decay: 0.01 }],
    ['adamw', { lr: 0.01 }],
  ];

  function model(): Parameter[] {
    return [parameter([0.3, -0.7, 1.1, 0.2, -0.4, 0.9], '0', 'weight'), parameter([0.1, -0.2], '0', 'bias')];
  }

  /** g = 2w + sin(3w) + t/10: depends on w and on t, so any lost state shows. */
  function train(optimizer: Optimizer, params: Parameter[], from: number, steps: number): void {
    for (let t = from; t < from + steps; t++) {
      for (const p of params) for (let i = 0; i < p.value.length; i++) p.grad[i] = 2 * p.value[i] + Math.sin(3 * p.value[i]) + t / 10;
      optimizer.step();
    }
  }

  it.each(configs)('%s %o resumes bit-identically', (name, options) => {
    const params = model();
    const optimizer = createOptimizer(name, params, options);
    train(optimizer, params, 1, 3);
    optimizer.lr *= 0.5; // as a schedule would; the saved lr must be the current one
    const saved: OptimizerState = optimizer.getState();
    const savedValues = params.map((p) => p.value.slice());
    train(optimizer, params, 4, 3);

    const fresh = model();
    fresh.forEach((p, i) => p.value.set(savedValues[i]));
    const resumed = createOptimizer(name, fresh, options);
    resumed.setState(saved);
    expect(resumed.stepCount).toBe(3);
    expect(resumed.lr).toBe(optimizer.lr);
    train(resumed, fresh, 4, 3);

    fresh.forEach((p, i) => expect(p.value).toEqual(params[i].value));
    expect(resumed.getState()).toEqual(optimizer.getState());
  });

  it('getState is a deep copy', () => {
    const params = model();
    const optimizer = new Adam(params);
    train(optimizer, params, 1, 1);
    const saved = optimizer.getState();
    const before = saved.slots.exp_avg['0.weight'].slice();
    train(optimizer, params, 2, 1);
    expect(saved.slots.exp_avg['0.weight']).toEqual(before);
    expect(saved.stepCount).toBe(1);
    expect(Object.keys(saved.slots).sort()).toEqual(['exp_avg', 'exp_avg_sq']);
  });

  it('rejects a state that does not fit, and changes nothing', () => {
    const params = model();
    const adam = new Adam(params);
    train(adam, params, 1, 2);
    const amsgrad = new Adam(model(), { amsgrad: true });
    expect(() => amsgrad.setState(adam.getState())).toThrow(
      "optimizer adam: saved state has slots [exp_avg, exp_avg_sq], this optimizer keeps [exp_avg, exp_avg_sq, max_exp_avg_sq]",
    );
    expect(amsgrad.stepCount).toBe(0);

    const other = [parameter([1, 2, 3], '0', 'weight'), parameter([0.1, -0.2], '0', 'bias')];
    expect(() => new Adam(other).setState(adam.getState())).toThrow(
      "optimizer adam: saved exp_avg for '0.weight' has 6 values, the parameter has 3",
    );
    const renamed = [parameter([1, 2, 3, 4, 5, 6], '1', 'weight'), parameter([0.1, -0.2], '0', 'bias')];
    expect(() => new Adam(renamed).setState(adam.getState())).toThrow("no exp_avg for parameter '1.weight'");
  });
});

describe('bad arguments', () => {
  const p = () => [parameter([1, 2])];
  const table: [string, () => unknown, string][] = [
    ['negative lr', () => new Adam(p(), { lr: -0.1 }), 'optimizer adam: lr must be > 0, got -0.1'],
    ['zero lr', () => createOptimizer('sgd', p(), { lr: 0 }), 'optimizer sgd: lr must be > 0, got 0'],
    ['β₂ = 1', () => new Adam(p(), { beta2: 1 }), 'optimizer adam: beta2 must be in [0, 1), got 1'],
    ['β₁ > 1', () => createOptimizer('adamw', p(), { beta1: 1.5 }), 'optimizer adamw: beta1 must be in [0, 1), got 1.5'],
    ['momentum = 1', () => new SGD(p(), { momentum: 1 }), 'optimizer sgd: momentum must be in [0, 1), got 1'],
    ['alpha = 1', () => new RMSprop(p(), { alpha: 1 }), 'optimizer rmsprop: alpha must be in [0, 1), got 1'],
    ['eps = 0', () => new Adagrad(p(), { eps: 0 }), 'optimizer adagrad: eps must be > 0, got 0'],
    ['negative weight decay', () => createOptimizer('momentum', p(), { weight_decay: -1 }), 'optimizer momentum: weight_decay must be ≥ 0, got -1'],
    ['unknown form', () => createOptimizer('momentum', p(), { momentum_form: 'heavy' }), 'optimizer momentum: momentum_form must be one of pytorch, velocity, ema, got heavy'],
    ['unknown optimizer', () => createOptimizer('adamm', p()), "unknown optimizer 'adamm' (did you mean 'adam'?)"],
    ['unknown key', () => createOptimizer('adam', p(), { beta_2: 0.9 }), "optimizer adam: unknown parameter 'beta_2' (did you mean 'beta2'?)"],
    ['camelCase key in the language', () => createOptimizer('adam', p(), { weightDecay: 0.1 }), "unknown parameter 'weightDecay' (did you mean 'weight_decay'?)"],
    [
      'nesterov without momentum',
      () => createOptimizer('sgd', p(), { nesterov: true }),
      'optimizer sgd: nesterov needs momentum > 0 and dampening = 0, got momentum=0, dampening=0',
    ],
    [
      'nesterov with dampening',
      () => createOptimizer('nesterov', p(), { dampening: 0.1 }),
      'optimizer nesterov: nesterov needs momentum > 0 and dampening = 0, got momentum=0.9, dampening=0.1',
    ],
    ['nesterov ema', () => createOptimizer('nesterov', p(), { momentum_form: 'ema' }), 'optimizer nesterov: nesterov needs momentum_form pytorch or velocity, got ema'],
    ['dampening outside pytorch form', () => new SGD(p(), { momentum: 0.9, dampening: 0.5, momentumForm: 'velocity' }), 'optimizer sgd: dampening applies only to momentum_form pytorch, got velocity'],
    ['no parameters', () => new Adam([]), 'optimizer adam: got no parameters to optimize'],
    ['a parameter twice', () => { const q = parameter([1]); return new SGD([q, q]); }, "optimizer sgd: parameter '0.weight' is given twice"],
  ];

  it.each(table)('%s', (_name, build, message) => {
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(message);
  });
});

describe('registry', () => {
  it('resolves aliases and PyTorch class names', () => {
    const names: [string, string][] = [
      ['gd', 'sgd'],
      ['gradient_descent', 'sgd'],
      ['SGD', 'sgd'],
      ['Adagrad', 'adagrad'],
      ['RMSprop', 'rmsprop'],
      ['Adam', 'adam'],
      ['AdamW', 'adamw'],
      ['NAG', 'nesterov'],
    ];
    for (const [alias, name] of names) expect(optimizers.get(alias).name).toBe(name);
    const p = [parameter([1])];
    expect(createOptimizer('AdamW', p)).toBeInstanceOf(AdamW);
    expect(createOptimizer('RMSprop', p)).toBeInstanceOf(RMSprop);
    expect(createOptimizer('gradient_descent', p)).toBeInstanceOf(SGD);
  });

  it('lists each optimizer once with its parameters and PyTorch defaults', () => {
    expect(optimizers.entries().map((entry) => entry.name)).toEqual(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
    const defaultOf = (optimizer: string, key: string) =>
      optimizers.get(optimizer).params.describe().find((info) => info.name === key)?.default;
    expect(defaultOf('sgd', 'momentum')).toBe(0);
    expect(defaultOf('momentum', 'momentum')).toBe(0.9);
    expect(defaultOf('nesterov', 'nesterov')).toBe(true);
    expect(defaultOf('rmsprop', 'alpha')).toBe(0.99);
    expect(defaultOf('adagrad', 'eps')).toBe(1e-10);
    expect(defaultOf('adam', 'weight_decay')).toBe(0);
    expect(defaultOf('adamw', 'weight_decay')).toBe(0.01);
  });
});
