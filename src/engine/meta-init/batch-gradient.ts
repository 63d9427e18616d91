import type { Loss } from '../losses';
import type { Sequential } from '../model';
import type { Parameter } from '../parameter';
import type { Rng } from '../rng';
import { LossGradient } from '../train/loss-gradient';

/**
 * The model's loss and gradient as functions of one flat parameter vector,
 * on one fixed batch, in evaluation mode (no dropout, running batch-norm
 * statistics; MetaInit's reference code calls model.eval() too). The
 * initialization tuners move through parameter space with it: every point is
 * written into the model, measured, and the gradient read back in float64.
 */
export class BatchGradient {
  readonly parameters: readonly Parameter[];
  /** Where each parameter starts in the flat vector. */
  readonly offsets: readonly number[];
  readonly size: number;
  private readonly gradient: LossGradient;
  private readonly context;
  private inputs: Float32Array = new Float32Array(0);
  private targets: Float32Array = new Float32Array(0);
  private rows = 0;

  constructor(model: Sequential, loss: Loss, rng: Rng) {
    this.parameters = model.parameters();
    const offsets: number[] = [];
    let size = 0;
    for (const p of this.parameters) {
      offsets.push(size);
      size += p.value.length;
    }
    this.offsets = offsets;
    this.size = size;
    this.gradient = new LossGradient(model, loss);
    this.context = { training: false, rng };
  }

  /** Measures on this batch from now on. */
  useBatch(inputs: Float32Array, targets: Float32Array, rows: number): void {
    this.inputs = inputs;
    this.targets = targets;
    this.rows = rows;
  }

  /** The model's parameters as they are now. */
  read(): Float64Array {
    const point = new Float64Array(this.size);
    this.parameters.forEach((p, i) => point.set(p.value, this.offsets[i]));
    return point;
  }

  /** Puts `point` into the model (rounded to float32). */
  write(point: Float64Array): void {
    this.parameters.forEach((p, i) => p.value.set(point.subarray(this.offsets[i], this.offsets[i] + p.value.length)));
  }

  /** The batch's mean loss at `point` and its gradient there; leaves `point` in the model. */
  at(point: Float64Array): { loss: number; gradient: Float64Array } {
    this.write(point);
    const loss = this.gradient.compute(this.inputs, this.targets, this.rows, this.context);
    const gradient = new Float64Array(this.size);
    this.parameters.forEach((p, i) => gradient.set(p.grad, this.offsets[i]));
    return { loss, gradient };
  }
}
