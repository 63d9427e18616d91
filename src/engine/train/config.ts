import type { DiagnosticThresholds } from '../diagnostics';
import type { Loss } from '../losses';
import type { Metric } from '../metrics';
import type { LayerConfig, NamedTensor } from '../model';
import type { GradientClipper } from '../optim/clipping';
import type { Optimizer, OptimizerState } from '../optim/optimizer';
import type { LearningRateSchedule } from '../optim/schedules';
import type { CreateGradientShards } from '../parallel/shards';
import type { Parameter } from '../parameter';
import type { TrainingHistory } from './records';

/** What one training run uses. Factories, not objects, so a run can be built twice (compare, resume). */
export interface RunConfig {
  readonly layers: readonly LayerConfig[];
  readonly loss: Loss;
  readonly createOptimizer: (params: readonly Parameter[]) => Optimizer;
  /** Omitted: no clipping. */
  readonly createClipper?: () => GradientClipper;
  /** Omitted: the optimizer's learning rate is used throughout. */
  readonly createSchedule?: (baseLr: number) => LearningRateSchedule;
  readonly metrics?: readonly Metric[];
  /** Passes over the training set; the run ends at whichever of epochs and steps comes first. */
  readonly epochs?: number;
  /** Optimizer steps in all. */
  readonly steps?: number;
  /** Samples per step: 1 is SGD, the training set's size is full-batch gradient descent. */
  readonly batchSize: number;
  /** Seeds initialization, shuffling, dropout and augmentation. */
  readonly seed: number;
  /** Stop when the monitored loss (validation if there is one) has not improved for `patience` epochs. */
  readonly earlyStopping?: {
    readonly patience: number;
    /** An improvement smaller than this does not count (Keras min_delta). */
    readonly minDelta?: number;
    /** Put back the weights of the best epoch when stopping (Keras restore_best_weights). */
    readonly restoreBestWeights?: boolean;
  };
  /** What changes each training batch's inputs: Gaussian noise, and shifts and rotations of images. */
  readonly augment?: AugmentOptions;
  readonly thresholds?: Partial<DiagnosticThresholds>;
  /**
   * Read between the meta-steps of a tuned initializer (metainit, gradinit),
   * which run while the run is built: a stop ends the tuning there, and the
   * run, given the same signal, is then cancelled before its first step.
   */
  readonly signal?: { readonly aborted: boolean };
  /** Raw steps kept for diagnostics such as frequent clipping (default 200). */
  readonly recentSteps?: number;
  /**
   * Continue from earlier training: these weights replace the initial ones
   * (LSUV calibration is then skipped), and the optimizer's moments carry over
   * when given — as Keras's fit continues when called again.
   */
  readonly startFrom?: {
    readonly weights: readonly NamedTensor[];
    readonly optimizer?: OptimizerState;
    /** The training that produced these weights, when it is known (not for weights loaded from a file). */
    readonly history?: TrainingHistory;
  };
  /**
   * Helpers for data-parallel steps (e.g. worker threads): made at the start
   * of every `run()` call and disposed when it returns or throws, and only
   * when the model and batch size can ever be split (no batch norm, batches
   * large enough; see src/engine/parallel/shards.ts). Results then match a
   * single-threaded run to float32 rounding; dropout masks differ, and each
   * epoch's activation statistics sample only this thread's rows.
   * Omitted: every step runs on the calling thread.
   */
  readonly createShards?: CreateGradientShards;
}

/** `augment noise=0.1 shift=2 rotate=10`: σ of Gaussian noise on every input, and the largest shift (pixels) and rotation (degrees) of each image. */
export interface AugmentOptions {
  readonly noise: number;
  readonly shift: number;
  readonly rotate: number;
}
