import type { Parameter } from '../../parameter';
import { boolean, number, ParamSchema, type Options, type Resolved } from '../../params';
import { decayRate, defineOptimizer, epsilon, l2WeightDecay, learningRate, Optimizer } from '../optimizer';

const adamSpecs = {
  lr: learningRate(1e-3),
  beta1: decayRate(0.9, 'Decay rate β₁ of the first moment m (moving average of g).'),
  beta2: decayRate(0.999, 'Decay rate β₂ of the second moment v (moving average of g²).'),
  eps: epsilon(1e-8),
  weightDecay: l2WeightDecay(),
  amsgrad: boolean({
    default: false,
    doc: 'AMSGrad (Reddi, Kale & Kumar 2018): divide by the largest v seen so far, so the step size never grows back.',
  }),
  biasCorrection: boolean({
    default: true,
    doc: 'Divide m and v by 1 − βᵗ to undo their zero start, without which the first steps are ≈ 3.2× too large with the default betas (PyTorch and Keras always correct).',
  }),
};

/** Adam's parameters, with PyTorch's defaults (Keras: epsilon 1e-7). */
export const adamSchema = new ParamSchema('optimizer adam', adamSpecs);

/** AdamW's parameters: Adam's, with decoupled weight decay 0.01 (PyTorch; Keras uses 0.004). */
export const adamwSchema = new ParamSchema('optimizer adamw', {
  ...adamSpecs,
  weightDecay: number({
    default: 0.01,
    min: 0,
    doc: 'Decoupled weight decay λ: w ← w − ηλw before the Adam step, not added to the gradient.',
  }),
});

/** Options of `Adam` and `AdamW`; each field is documented in `adamSchema`. */
export type AdamOptions = Options<typeof adamSpecs>;

/** How weight decay enters: L2 on the gradient (Adam) or applied to the weights directly (AdamW). */
export type WeightDecayMode = 'l2' | 'decoupled';

/**
 * Adam (Kingma & Ba 2015, "Adam: A method for stochastic optimization"), as
 * torch.optim.Adam; its update, in TeX and plain text, is in ./adam.entry.ts.
 * Without bias correction the first steps are too large, not too small, as
 * v's average is the slower: m₁/√v₁ = (1−β₁)/√(1−β₂)·sign(g) ≈ 3.2 with the
 * default betas. amsgrad's v_max is bias-corrected by 1 − β₂ᵗ as PyTorch does.
 */
export class Adam extends Optimizer {
  private readonly o: Resolved<typeof adamSpecs>;
  private readonly decay: WeightDecayMode;
  private readonly firstMoments: Float32Array[];
  private readonly secondMoments: Float32Array[];
  /** Empty unless amsgrad. */
  private readonly maxSecondMoments: Float32Array[];

  /** `decay` = 'decoupled' is AdamW; use that class rather than this argument. */
  constructor(params: readonly Parameter[], options: AdamOptions = {}, decay: WeightDecayMode = 'l2') {
    const schema = decay === 'l2' ? adamSchema : adamwSchema;
    const o = schema.resolve(options);
    super(schema.owner, params, o.lr);
    this.o = o;
    this.decay = decay;
    this.firstMoments = this.slot('exp_avg');
    this.secondMoments = this.slot('exp_avg_sq');
    this.maxSecondMoments = o.amsgrad ? this.slot('max_exp_avg_sq') : [];
  }

  protected override update(index: number, t: number): void {
    const { value, grad } = this.params[index];
    const m = this.firstMoments[index];
    const v = this.secondMoments[index];
    const vMax = this.maxSecondMoments[index] as Float32Array | undefined;
    const { lr } = this;
    const { beta1, beta2, eps, weightDecay, biasCorrection } = this.o;
    const l2 = this.decay === 'l2' ? weightDecay : 0;
    const shrink = this.decay === 'decoupled' ? 1 - lr * weightDecay : 1;
    // m̂/(√v̂ + ε) = (m/c₁)/(√v/√c₂ + ε): the corrections fold into two
    // scalars, and 1/√c₂ is a product, leaving one division per weight (the
    // loop's costliest operation; this halves the update's time).
    const c1 = biasCorrection ? 1 - beta1 ** t : 1;
    const inverseSqrtC2 = biasCorrection ? 1 / Math.sqrt(1 - beta2 ** t) : 1;
    const stepSize = lr / c1;
    const fast = this.fastUpdate;
    if (fast) {
      const s = fast.scalars;
      s[0] = beta1;
      s[1] = 1 - beta1;
      s[2] = beta2;
      s[3] = 1 - beta2;
      s[4] = stepSize;
      s[5] = inverseSqrtC2;
      s[6] = eps;
      s[7] = l2;
      s[8] = shrink;
      if (vMax === undefined) fast.run('adam', value, grad, m, v);
      else fast.run('adamAmsgrad', value, grad, m, v, vMax);
    } else if (vMax === undefined) {
      adamLoop(value, grad, m, v, beta1, beta2, stepSize, inverseSqrtC2, eps, l2, shrink);
    } else {
      amsgradLoop(value, grad, m, v, vMax, beta1, beta2, stepSize, inverseSqrtC2, eps, l2, shrink);
    }
  }
}

/** Adam's update of one tensor in float64: w ← w·shrink, g ← g + λw, then the moments and the step. */
function adamLoop(
  value: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array,
  beta1: number, beta2: number, stepSize: number, inverseSqrtC2: number, eps: number, l2: number, shrink: number,
): void {
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < value.length; i++) {
    const w = value[i] * shrink;
    const g = grad[i] + l2 * w;
    const mi = beta1 * m[i] + keep1 * g;
    const vi = beta2 * v[i] + keep2 * g * g;
    m[i] = mi;
    v[i] = vi;
    value[i] = w - (stepSize * mi) / (Math.sqrt(vi) * inverseSqrtC2 + eps);
  }
}

/** As adamLoop, dividing by the largest v so far, kept in vMax (AMSGrad). */
function amsgradLoop(
  value: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array,
  beta1: number, beta2: number, stepSize: number, inverseSqrtC2: number, eps: number, l2: number, shrink: number,
): void {
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < value.length; i++) {
    const w = value[i] * shrink;
    const g = grad[i] + l2 * w;
    const mi = beta1 * m[i] + keep1 * g;
    const vi = beta2 * v[i] + keep2 * g * g;
    const top = Math.max(vMax[i], vi);
    m[i] = mi;
    v[i] = vi;
    vMax[i] = top;
    value[i] = w - (stepSize * mi) / (Math.sqrt(top) * inverseSqrtC2 + eps);
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled weight decay regularization"),
 * as torch.optim.AdamW: the weights shrink first, then Adam steps on the plain
 * gradient (./adam.entry.ts). With L2 inside Adam the penalty is divided by √v̂ like the gradient, so
 * weights with large gradients are barely regularized; decoupling makes the
 * decay the same relative shrink for every weight.
 */
export class AdamW extends Adam {
  constructor(params: readonly Parameter[], options: AdamOptions = {}) {
    super(params, options, 'decoupled');
  }
}

/** Registry entries of `adam` and `adamw`. */
export const adamEntries = [
  defineOptimizer('adam', [], adamSchema, (params, o) => new Adam(params, o), { adaptive: true }),
  defineOptimizer('adamw', [], adamwSchema, (params, o) => new AdamW(params, o), { adaptive: true }),
];
