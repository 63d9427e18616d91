import { Dense } from './layers/dense';
import { BatchBuffer } from './layers/layer';
import type { Loss } from './losses';
import type { Sequential } from './model';
import { globalGradientNorm, type GradientClipper } from './optim/clipping';
import type { Optimizer } from './optim/optimizer';
import type { LearningRateSchedule } from './optim/schedules';
import type { Rng } from './rng';

/** Everything one optimisation step uses. */
export interface TrainingSetup {
  readonly model: Sequential;
  readonly loss: Loss;
  readonly optimizer: Optimizer;
  /** Omitted: gradients are used as computed. */
  readonly clipper?: GradientClipper;
  /** Omitted: the optimizer's learning rate stays as constructed. */
  readonly schedule?: LearningRateSchedule;
  /** Dropout masks come from here. */
  readonly rng: Rng;
}

/** What one step measured. Owned by the TrainingStep and overwritten each step. */
export interface StepResult {
  loss: number;
  learningRate: number;
  gradNormBefore: number;
  gradNormAfter: number;
  clipped: boolean;
  /** The clipping threshold τ used (AutoClip's moves); NaN without a clipper. */
  clipThreshold: number;
  /** False when the loss or the gradient norm was NaN or infinite: the update was then skipped. */
  finite: boolean;
}

/**
 * One step of mini-batch training, in the order the method is taught:
 * forward → loss → backward → clip → learning rate from the schedule → update.
 * A non-finite loss or gradient skips the update, so the weights stay the
 * last good ones and the caller can stop the run there.
 * When the output layer's activation is the one the loss fuses with (softmax
 * with cross-entropy, sigmoid with binary cross-entropy) the gradient starts
 * from dL/dz = (p − y)/N instead of chaining through the activation.
 */
export class TrainingStep {
  private readonly gradOutput: BatchBuffer;
  private readonly fused: boolean;
  private readonly result: StepResult = { loss: 0, learningRate: 0, gradNormBefore: 0, gradNormAfter: 0, clipped: false, clipThreshold: Number.NaN, finite: true };
  private readonly context;

  constructor(readonly setup: TrainingSetup) {
    const { model, loss } = setup;
    const output = model.outputLayer;
    this.fused = output instanceof Dense && loss.fusedActivation !== undefined && loss.fusedActivation === output.activation.name;
    this.gradOutput = new BatchBuffer(model.outputSize);
    this.context = { training: true, rng: setup.rng };
  }

  /** Trains on one batch; `targets` as the loss expects them. */
  run(inputs: Float32Array, targets: Float32Array, batch: number): StepResult {
    const { optimizer, clipper, schedule } = this.setup;
    const result = this.result;
    result.loss = this.measure(inputs, targets, batch);
    if (clipper) {
      const clip = clipper.clip(optimizer.params);
      result.gradNormBefore = clip.normBefore;
      result.gradNormAfter = clip.normAfter;
      result.clipped = clip.clipped;
      result.clipThreshold = clip.threshold;
    } else {
      result.gradNormBefore = result.gradNormAfter = globalGradientNorm(optimizer.params);
      result.clipped = false;
    }
    if (schedule) optimizer.lr = schedule.rate(optimizer.stepCount);
    result.learningRate = optimizer.lr;
    result.finite = Number.isFinite(result.loss) && Number.isFinite(result.gradNormBefore);
    if (result.finite) optimizer.step();
    return result;
  }

  /** Forward, loss and backward only: every parameter's grad is written, nothing is updated. Returns the loss. */
  measure(inputs: Float32Array, targets: Float32Array, batch: number): number {
    const { model, loss } = this.setup;
    const width = model.outputSize;
    const predictions = model.forward(inputs, batch, this.context);
    const value = loss.value(predictions, targets, batch, width);
    const grad = this.gradOutput.forBatch(batch);
    if (this.fused) {
      loss.fusedGradient!(predictions, targets, grad, batch, width);
      model.backwardFromLogits(grad, batch);
    } else {
      loss.gradient(predictions, targets, grad, batch, width);
      model.backward(grad, batch);
    }
    return value;
  }
}
