import { number, ParamSchema, type Options } from '../params';
import { defineEntry } from '../registry';
import { parameterlessLoss, type Loss, type LossEntry } from './loss';
import { checkBatch, targetAt } from './targets';

/**
 * Regression losses, grouped as Keras groups them. Reduction is the mean over
 * every element (batch × width), which is where PyTorch's `reduction='mean'`
 * and Keras's mean-over-last-axis-then-over-batch both end up.
 */

/** A loss that is the mean of ℓ(e) over elements, e = ŷ − y. */
abstract class ElementwiseLoss implements Loss {
  private readonly owner: string;

  constructor(readonly name: string) {
    this.owner = `loss ${name}`;
  }

  /** ℓ(e) for one element. */
  protected abstract pointValue(error: number): number;
  /** dℓ/de for one element (a subgradient at kinks). */
  protected abstract pointSlope(error: number): number;

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        sum += this.pointValue(predictions[i * width + j] - targetAt(targets, layout, i, j, width));
      }
    }
    return sum / (batch * width);
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    const scale = 1 / (batch * width);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        gradient[k] = scale * this.pointSlope(predictions[k] - targetAt(targets, layout, i, j, width));
      }
    }
  }
}

/** Mean squared error (./regression.entry.ts). Keras `mean_squared_error`, PyTorch `MSELoss`. */
export class MeanSquaredError extends ElementwiseLoss {
  constructor() {
    super('mse');
  }
  protected pointValue(error: number): number {
    return error * error;
  }
  protected pointSlope(error: number): number {
    return 2 * error;
  }
}

/** Mean absolute error (./regression.entry.ts), subgradient 0 at ŷ = y as PyTorch's `L1Loss`. */
export class MeanAbsoluteError extends ElementwiseLoss {
  constructor() {
    super('mae');
  }
  protected pointValue(error: number): number {
    return Math.abs(error);
  }
  protected pointSlope(error: number): number {
    return Math.sign(error);
  }
}

const huberSchema = new ParamSchema('loss huber', {
  delta: number({ default: 1, min: 0, minExclusive: true, doc: 'error size δ where the loss turns from quadratic to linear' }),
});

/** Options of the Huber loss. */
export type HuberOptions = Options<typeof huberSchema.specs>;

/**
 * Huber loss (Huber 1964, "Robust estimation of a location parameter"):
 * ℓ(e) = ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond; dℓ/de = e, then δ·sign(e).
 * Quadratic near zero, linear for outliers. Keras `Huber(delta=1.0)` and
 * PyTorch `HuberLoss(delta=1.0)` agree. PyTorch's `SmoothL1Loss(beta)` is
 * huber/β (½e²/β, then |e| − ½β), so it equals huber only at δ = β = 1.
 */
export class Huber extends ElementwiseLoss {
  private readonly delta: number;

  constructor(options: HuberOptions = {}) {
    super('huber');
    this.delta = huberSchema.resolve(options).delta;
  }
  protected pointValue(error: number): number {
    const size = Math.abs(error);
    return size <= this.delta ? 0.5 * error * error : this.delta * (size - 0.5 * this.delta);
  }
  protected pointSlope(error: number): number {
    return Math.abs(error) <= this.delta ? error : this.delta * Math.sign(error);
  }
}

/** Keras's floor on a squared norm in `l2_normalize`, so a zero vector gives 0, not NaN. */
const NORM_EPSILON = 1e-12;

/**
 * Cosine similarity loss (./regression.entry.ts), norms √max(‖x‖², 1e-12) as in
 * Keras's l2_normalize. Gradient: dL/dŷ = −(1/N)(y/(‖y‖‖ŷ‖) − (y·ŷ)ŷ/(‖y‖‖ŷ‖³)).
 */
export class CosineSimilarity implements Loss {
  readonly name = 'cosine_similarity';
  private readonly owner = 'loss cosine_similarity';

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      let dot = 0;
      let predictedSquared = 0;
      let targetSquared = 0;
      for (let j = 0; j < width; j++) {
        const p = predictions[i * width + j];
        const y = targetAt(targets, layout, i, j, width);
        dot += p * y;
        predictedSquared += p * p;
        targetSquared += y * y;
      }
      sum -= dot / Math.sqrt(Math.max(predictedSquared, NORM_EPSILON) * Math.max(targetSquared, NORM_EPSILON));
    }
    return sum / batch;
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    for (let i = 0; i < batch; i++) {
      const row = i * width;
      let dot = 0;
      let predictedSquared = 0;
      let targetSquared = 0;
      for (let j = 0; j < width; j++) {
        const p = predictions[row + j];
        const y = targetAt(targets, layout, i, j, width);
        dot += p * y;
        predictedSquared += p * p;
        targetSquared += y * y;
      }
      const predictedNorm = Math.sqrt(Math.max(predictedSquared, NORM_EPSILON));
      const targetNorm = Math.sqrt(Math.max(targetSquared, NORM_EPSILON));
      const along = -1 / (batch * predictedNorm * targetNorm);
      // Below the floor the norm is a constant, so only the y term remains.
      const radial = predictedSquared > NORM_EPSILON ? dot / (predictedNorm * predictedNorm) : 0;
      for (let j = 0; j < width; j++) {
        gradient[row + j] = along * (targetAt(targets, layout, i, j, width) - radial * predictions[row + j]);
      }
    }
  }
}

/** Registry entries for the regression losses. */
export const regressionLosses: LossEntry[] = [
  parameterlessLoss('mse', ['mean_squared_error', 'MSELoss'], () => new MeanSquaredError()),
  parameterlessLoss('mae', ['mean_absolute_error', 'L1Loss'], () => new MeanAbsoluteError()),
  defineEntry('huber', ['HuberLoss'], huberSchema, (o) => new Huber(o)),
  parameterlessLoss('cosine_similarity', ['cosine_proximity'], () => new CosineSimilarity()),
].map((entry) => ({ ...entry, regression: true }));
