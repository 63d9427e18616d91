import type { Loss } from '../losses';
import { LossGradient } from './loss-gradient';
import type { Sequential } from '../model';
import { globalGradientNorm, type GradientClipper } from '../optim/clipping';
import type { Optimizer } from '../optim/optimizer';
import type { LearningRateSchedule } from '../optim/schedules';
import { ShardedGradient, type GradientShards } from '../parallel/shards';
import type { Rng } from '../rng';

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
  /**
   * Helpers that take a share of a large batch's rows (data parallelism, see
   * src/engine/parallel/shards.ts); the step decides per batch whether
   * splitting pays. Omitted: every batch is computed whole on this thread.
   */
  readonly shards?: GradientShards;
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
 * Forward, loss and backward are `LossGradient`'s (with the fused
 * softmax/sigmoid cross-entropy gradient). With shards, a large batch is
 * split over them and the parts' gradients combined (ShardedGradient); the
 * result equals the whole batch's up to float32 rounding, but dropout masks
 * then come from per-shard seeds, so they differ from an unsplit run's.
 */
export class TrainingStep {
  private readonly gradient: LossGradient;
  private readonly sharded: ShardedGradient | undefined;
  private readonly result: StepResult = { loss: 0, learningRate: 0, gradNormBefore: 0, gradNormAfter: 0, clipped: false, clipThreshold: Number.NaN, finite: true };
  private readonly context;
  private rows = 0;

  constructor(readonly setup: TrainingSetup) {
    const { model, loss } = setup;
    this.gradient = new LossGradient(model, loss);
    this.sharded = setup.shards && new ShardedGradient(model, setup.shards, this.gradient);
    this.context = { training: true, rng: setup.rng };
  }

  /**
   * Rows the model's last forward pass covered: the whole batch, or this
   * thread's share after a split. The model's layer outputs (read by
   * activation statistics) hold only these rows.
   */
  get forwardRows(): number {
    return this.rows;
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
    const parts = this.sharded?.parts(batch) ?? 1;
    if (parts > 1) {
      const value = this.sharded!.measure(inputs, targets, batch, parts, this.context);
      this.rows = this.sharded!.ownRows;
      return value;
    }
    this.rows = batch;
    return this.gradient.compute(inputs, targets, batch, this.context);
  }
}
