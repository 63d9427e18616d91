import type { Parameter } from '../../parameter';
import { number, ParamSchema, type Options, type Resolved } from '../../params';
import { defineOptimizer, epsilon, l2WeightDecay, learningRate, Optimizer } from '../optimizer';

/**
 * Adagrad's parameters, with PyTorch's defaults. Keras differs: lr 0.001,
 * initial_accumulator_value 0.1, epsilon 1e-7, and no lr_decay.
 */
export const adagradSchema = new ParamSchema('optimizer adagrad', {
  lr: learningRate(0.01),
  lrDecay: number({ default: 0, min: 0, doc: 'Learning-rate decay: step t uses η / (1 + (t−1)·lr_decay).' }),
  weightDecay: l2WeightDecay(),
  initialAccumulator: number({
    default: 0,
    min: 0,
    doc: 'Starting value of the sum of squared gradients G (PyTorch initial_accumulator_value).',
  }),
  eps: epsilon(1e-10),
});

/** Options of `Adagrad`; each field is documented in `adagradSchema`. */
export type AdagradOptions = Options<typeof adagradSchema.specs>;

/**
 * Adagrad (Duchi, Hazan & Singer 2011, "Adaptive subgradient methods for
 * online learning and stochastic optimization"), as torch.optim.Adagrad; its
 * update, in TeX and plain text, and why its steps fade is in ./adagrad.entry.ts.
 */
export class Adagrad extends Optimizer {
  private readonly o: Resolved<typeof adagradSchema.specs>;
  private readonly sums: Float32Array[];

  constructor(params: readonly Parameter[], options: AdagradOptions = {}) {
    const o = adagradSchema.resolve(options);
    super(adagradSchema.owner, params, o.lr);
    this.o = o;
    this.sums = this.slot('sum', o.initialAccumulator);
  }

  protected override update(index: number, t: number): void {
    const { value, grad } = this.params[index];
    const sum = this.sums[index];
    const { weightDecay, eps, lrDecay } = this.o;
    const stepSize = this.lr / (1 + (t - 1) * lrDecay);
    const fast = this.fastUpdate;
    if (fast) {
      const s = fast.scalars;
      s[0] = stepSize;
      s[1] = weightDecay;
      s[2] = eps;
      fast.run('adagrad', value, grad, sum);
    } else {
      adagradLoop(value, grad, sum, stepSize, weightDecay, eps);
    }
  }
}

/** G ← G + g², w ← w − η_t·g/(√G + ε). */
function adagradLoop(value: Float32Array, grad: Float32Array, sum: Float32Array, stepSize: number, weightDecay: number, eps: number): void {
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] + weightDecay * value[i];
    const G = sum[i] + g * g;
    sum[i] = G;
    value[i] -= (stepSize * g) / (Math.sqrt(G) + eps);
  }
}

/** Registry entry of `adagrad`. */
export const adagradEntry = defineOptimizer('adagrad', [], adagradSchema, (params, o) => new Adagrad(params, o), { adaptive: true });
