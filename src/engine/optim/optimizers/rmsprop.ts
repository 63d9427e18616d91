import type { Parameter } from '../../parameter';
import { boolean, ParamSchema, type Options, type Resolved } from '../../params';
import { decayRate, defineOptimizer, epsilon, l2WeightDecay, learningRate, Optimizer } from '../optimizer';

/**
 * RMSprop's parameters, with PyTorch's defaults. Keras differs: lr 0.001,
 * rho 0.9 (its name for alpha), epsilon 1e-7.
 */
export const rmspropSchema = new ParamSchema('optimizer rmsprop', {
  lr: learningRate(0.01),
  alpha: decayRate(0.99, 'Decay rate α of the moving average of g² (Keras calls it rho and defaults it to 0.9).'),
  eps: epsilon(1e-8),
  weightDecay: l2WeightDecay(),
  momentum: decayRate(0, 'Momentum μ applied to the scaled step; 0 turns it off.'),
  centered: boolean({
    default: false,
    doc: 'Divide by an estimate of the gradient variance, v − ḡ², instead of the raw second moment v.',
  }),
});

/** Options of `RMSprop`; each field is documented in `rmspropSchema`. */
export type RMSpropOptions = Options<typeof rmspropSchema.specs>;

/**
 * RMSprop (Hinton, Srivastava & Swersky 2012, "Neural networks for machine
 * learning", lecture 6e), as torch.optim.RMSprop; its update, without bias
 * correction, in TeX and plain text is in ./rmsprop.entry.ts.
 */
export class RMSprop extends Optimizer {
  private readonly o: Resolved<typeof rmspropSchema.specs>;
  private readonly squareAverages: Float32Array[];
  /** Empty unless centered. */
  private readonly gradAverages: Float32Array[];
  /** Empty unless μ > 0. */
  private readonly momentumBuffers: Float32Array[];

  constructor(params: readonly Parameter[], options: RMSpropOptions = {}) {
    const o = rmspropSchema.resolve(options);
    super(rmspropSchema.owner, params, o.lr);
    this.o = o;
    this.squareAverages = this.slot('square_avg');
    this.gradAverages = o.centered ? this.slot('grad_avg') : [];
    this.momentumBuffers = o.momentum > 0 ? this.slot('momentum_buffer') : [];
  }

  protected override update(index: number, _t: number): void {
    const { value, grad } = this.params[index];
    const squareAverage = this.squareAverages[index];
    const gradAverage = this.gradAverages[index] as Float32Array | undefined;
    const buffer = this.momentumBuffers[index] as Float32Array | undefined;
    const { lr } = this;
    const { alpha, eps, weightDecay, momentum } = this.o;
    const fast = this.fastUpdate;
    if (fast) {
      const s = fast.scalars;
      s[0] = lr;
      s[1] = weightDecay;
      s[2] = alpha;
      s[3] = 1 - alpha;
      s[4] = eps;
      s[5] = momentum;
      const kernel = gradAverage ? (buffer ? 'rmspropCenteredMomentum' : 'rmspropCentered') : buffer ? 'rmspropMomentum' : 'rmsprop';
      fast.run(kernel, value, grad, squareAverage, gradAverage, buffer);
    } else if (gradAverage === undefined && buffer === undefined) {
      rmspropLoop(value, grad, squareAverage, lr, alpha, eps, weightDecay);
    } else {
      rmspropOptionsLoop(value, grad, squareAverage, gradAverage, buffer, lr, alpha, eps, weightDecay, momentum);
    }
  }
}

/** The default RMSprop, neither centered nor with momentum: w ← w − ηg/(√v + ε). */
function rmspropLoop(value: Float32Array, grad: Float32Array, squareAverage: Float32Array, lr: number, alpha: number, eps: number, weightDecay: number): void {
  const keep = 1 - alpha;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] + weightDecay * value[i];
    const v = alpha * squareAverage[i] + keep * g * g;
    squareAverage[i] = v;
    value[i] -= lr * (g / (Math.sqrt(v) + eps));
  }
}

/** RMSprop centered (gradAverage given), with momentum (buffer given), or both. */
function rmspropOptionsLoop(
  value: Float32Array, grad: Float32Array, squareAverage: Float32Array,
  gradAverage: Float32Array | undefined, buffer: Float32Array | undefined,
  lr: number, alpha: number, eps: number, weightDecay: number, momentum: number,
): void {
  const keep = 1 - alpha;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] + weightDecay * value[i];
    const v = alpha * squareAverage[i] + keep * g * g;
    squareAverage[i] = v;
    let variance = v;
    if (gradAverage !== undefined) {
      const mean = alpha * gradAverage[i] + keep * g;
      gradAverage[i] = mean;
      // v ≥ ḡ² holds exactly; rounding can break it by a hair, and √ of that would be NaN.
      variance = Math.max(0, v - mean * mean);
    }
    const scaled = g / (Math.sqrt(variance) + eps);
    if (buffer === undefined) {
      value[i] -= lr * scaled;
    } else {
      const b = momentum * buffer[i] + scaled;
      buffer[i] = b;
      value[i] -= lr * b;
    }
  }
}

/** Registry entry of `rmsprop`. */
export const rmspropEntry = defineOptimizer('rmsprop', [], rmspropSchema, (params, o) => new RMSprop(params, o), { adaptive: true });
