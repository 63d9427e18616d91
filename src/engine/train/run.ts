import { BatchIterator, type BatchIteratorState } from '../data/batches';
import { classCounts, type Dataset } from '../data/dataset';
import { ImageAugmentation } from '../data/augment';
import { gaussianNoise, type Augmentation } from '../data/preprocessing';
import { diagnose, type Diagnostic } from '../diagnostics';
import { ConfigError } from '../errors';
import { copyTensors, type NamedTensor, type Sequential } from '../model';
import type { GradientClipper } from '../optim/clipping';
import type { Optimizer, OptimizerState } from '../optim/optimizer';
import { isMonitored, type LearningRateSchedule, type PlateauState } from '../optim/schedules';
import { shardLimits, worthSplitting, type GradientShards } from '../parallel/shards';
import { Rng, type RngState } from '../rng';
import { TrainingStep } from './step';
import type { AugmentOptions, RunConfig } from './config';
import { Evaluator, type Evaluation } from './evaluate';
import { initialModel, measureInitialization } from './initialization';
import type { InitTuningReport } from '../meta-init/tune';
import { LayerStatistics, UPDATE_SAMPLES_PER_EPOCH } from './layer-stats';
import { TimestepStatistics } from './timestep-stats';
import type { Divergence, EpochRecord, RunSettings, StepRecord } from './records';
import { RunTelemetry } from './telemetry';
import { Throttle } from './throttle';

/** The training data of a run, and optionally a validation split scored every epoch. */
export interface RunData {
  readonly train: Dataset;
  readonly validation?: Dataset;
}

/** How a run ended (so far: a cancelled run can be continued). */
export type RunStatus = 'completed' | 'stopped-early' | 'cancelled' | 'diverged';

/** Sent at a bounded rate while a run trains, and at the end of every epoch. */
export interface RunProgress {
  readonly step: number;
  readonly epoch: number;
  /** Steps the run will take if nothing stops it early. */
  readonly totalSteps: number;
  readonly latest: StepRecord;
  readonly telemetry: RunTelemetry;
  readonly elapsedMs: number;
  /** The model as it is now: read it during the callback only, as training goes on after it. */
  readonly model: Sequential;
}

/** What a caller can do to a run from outside: stop it, and hear its progress. */
export interface RunControl {
  /** Checked before every step, so a run stops within one step (an AbortSignal fits). */
  readonly signal?: { readonly aborted: boolean };
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * Least time between two step progress events, in milliseconds (default
   * 100); every epoch's end is reported besides. A listener that throttles
   * again at its own rate asks for a finer interval, so its slots find an
   * event waiting.
   */
  readonly progressIntervalMs?: number;
  /** Milliseconds since some fixed start; injected for tests (default performance.now). */
  readonly now?: () => number;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly steps: number;
  readonly epochs: readonly EpochRecord[];
  readonly divergence?: Divergence;
  readonly diagnostics: readonly Diagnostic[];
  /** Metrics and loss of the last epoch: validation values where there is a validation split. */
  readonly finalMetrics: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
  /** Threads that shared each step's batch in the last run() call: 1 when every step ran whole on the calling thread. */
  readonly threads: number;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface RunState {
  readonly step: number;
  readonly epoch: number;
  readonly weights: NamedTensor[];
  readonly optimizer: OptimizerState;
  readonly rng: RngState;
  readonly batches: BatchIteratorState;
  readonly epochLoss: EpochLoss;
  readonly schedule?: PlateauState;
  readonly clipper?: unknown;
  readonly earlyStopping: EarlyStoppingState;
  readonly epochs: EpochRecord[];
}

interface EarlyStoppingState {
  readonly best: number;
  readonly badEpochs: number;
  readonly bestWeights?: NamedTensor[];
}

/** The sum and count of the current epoch's batch losses. */
interface EpochLoss {
  readonly sum: number;
  readonly batches: number;
}

interface StatefulClipper extends GradientClipper {
  getState(): unknown;
  setState(state: unknown): void;
}

function hasState(clipper: GradientClipper | undefined): clipper is StatefulClipper {
  return clipper !== undefined && 'getState' in clipper && 'setState' in clipper;
}

/**
 * One training run, following the seeds' pseudo-algorithm: for each epoch,
 * shuffle, then per mini-batch forward → loss → backward → clip → update →
 * schedule; score the training and validation sets each epoch; record
 * per-step and per-layer telemetry; stop at a NaN (keeping the last good
 * weights), on early stopping, or when cancelled from outside.
 */
export class TrainingRun {
  readonly model: Sequential;
  readonly optimizer: Optimizer;
  readonly telemetry: RunTelemetry;
  /** What MetaInit or GradInit did to the initial weights, when a layer asked for it. */
  readonly initialTuning?: InitTuningReport;
  private readonly rng: Rng;
  private readonly clipper?: GradientClipper;
  private readonly schedule?: LearningRateSchedule;
  private readonly trainStep: TrainingStep;
  /** The step in use: `trainStep`, or one over the current run() call's shards. */
  private activeStep: TrainingStep;
  private readonly statistics: LayerStatistics;
  private readonly throughTime: TimestepStatistics;
  private readonly batches: BatchIterator;
  /** Every how many batches of an epoch the update-to-weight ratio is measured. */
  private readonly updateSampleEvery: number;
  private readonly trainEvaluator: Evaluator;
  private readonly validationEvaluator?: Evaluator;
  private readonly lastGood: NamedTensor[];
  /** The model's tensors, listed once: the per-step copy and NaN scan must not build the lists anew each step. */
  private readonly liveTensors: readonly NamedTensor[];
  /** Steps the run takes if nothing stops it early. */
  readonly totalSteps: number;
  private step = 0;
  private epoch = 0;
  private epochLossSum = 0;
  private epochBatches = 0;
  private clipThreshold = Number.NaN;
  private early: EarlyStoppingState = { best: Infinity, badEpochs: 0 };
  private divergence?: Divergence;
  private finished?: RunStatus;

  constructor(
    readonly config: RunConfig,
    readonly data: RunData,
  ) {
    const { train, validation } = data;
    checkConfig(config, train, validation);
    this.rng = new Rng(config.seed);
    const initial = initialModel(config, train, this.rng);
    this.model = initial.model;
    this.initialTuning = initial.tuning;
    this.optimizer = config.createOptimizer(this.model.parameters());
    if (config.startFrom?.optimizer) this.optimizer.setState(config.startFrom.optimizer);
    this.clipper = config.createClipper?.();
    this.schedule = config.createSchedule?.(this.optimizer.lr);
    this.trainStep = new TrainingStep({
      model: this.model,
      loss: config.loss,
      optimizer: this.optimizer,
      clipper: this.clipper,
      schedule: this.schedule,
      rng: this.rng,
    });
    this.activeStep = this.trainStep;
    this.statistics = new LayerStatistics(this.model);
    this.throughTime = new TimestepStatistics(this.model);
    this.batches = new BatchIterator(train, {
      batchSize: config.batchSize,
      seed: config.seed,
      // Batch norm has no statistics for one sample: skip a one-sample remainder (a different sample each epoch).
      dropLast: train.count % config.batchSize === 1 && config.batchSize > 1 && this.model.layers.some((l) => l.kind === 'batchnorm'),
      ...augmentationOf(config.augment, train.sampleShape, this.rng),
    });
    this.updateSampleEvery = Math.max(1, Math.floor(this.batches.batchesPerEpoch / UPDATE_SAMPLES_PER_EPOCH));
    const metrics = config.metrics ?? [];
    this.trainEvaluator = new Evaluator(this.model, config.loss, metrics, this.rng);
    this.validationEvaluator = validation && new Evaluator(this.model, config.loss, metrics, this.rng);
    const byEpochs = config.epochs === undefined ? Infinity : config.epochs * this.batches.batchesPerEpoch;
    this.totalSteps = Math.min(byEpochs, config.steps ?? Infinity);
    this.telemetry = new RunTelemetry(config.recentSteps ?? 200);
    this.liveTensors = this.model.stateDict();
    this.lastGood = copyTensors(this.liveTensors);
    this.telemetry.recordEpoch(this.inspectInitialization());
  }

  /** Steps taken so far. */
  get stepsDone(): number {
    return this.step;
  }

  /** The settings diagnostics judge the run against. */
  get settings(): RunSettings {
    const clip = this.clipper && this.clipper.name !== 'none' ? { method: this.clipper.name, threshold: this.clipThreshold } : undefined;
    return {
      optimizer: this.optimizer.name,
      learningRate: this.optimizer.lr,
      loss: this.config.loss.name,
      batchSize: this.config.batchSize,
      ...(clip ? { clip } : {}),
      ...(this.schedule ? { schedule: this.schedule.name } : {}),
    };
  }

  /**
   * Trains until the configured length, early stopping, divergence or
   * cancellation. After a cancellation, calling it again continues.
   * With `createShards` in the config, the helpers live exactly as long as
   * this call.
   */
  run(control: RunControl = {}): RunResult {
    const shards = this.createShards();
    try {
      if (shards) this.activeStep = new TrainingStep({ ...this.trainStep.setup, shards });
      return this.train(control);
    } finally {
      this.activeStep = this.trainStep;
      shards?.dispose();
    }
  }

  /** Helpers for one run() call: only when the config asks and this model's batches can ever be split. */
  private createShards(): GradientShards | undefined {
    const create = this.config.createShards;
    if (!create || this.finished !== undefined || !worthSplitting(this.model, this.batches.batchSize)) return undefined;
    return create(shardLimits(this.model, this.batches.batchSize, this.batches.targetWidth));
  }

  private train(control: RunControl): RunResult {
    const now = control.now ?? (() => performance.now());
    const started = now();
    const throttle = new Throttle(control.progressIntervalMs ?? 100, now);
    while (this.finished === undefined) {
      if (this.step >= this.totalSteps) {
        this.finished = 'completed';
        break;
      }
      if (control.signal?.aborted) return this.result('cancelled', now() - started);
      if (this.batches.epochDone) this.beginEpoch();
      if (!this.trainOneBatch()) this.finished = 'diverged';
      else if (control.onProgress && throttle.ready()) control.onProgress(this.progress(now() - started));
      if (this.finished !== undefined || this.batches.epochDone || this.step >= this.totalSteps) {
        const record = this.endEpoch();
        control.onProgress?.(this.progress(now() - started));
        if (this.finished === undefined && this.earlyStop(record)) this.finished = 'stopped-early';
      }
    }
    return this.result(this.finished, now() - started);
  }

  private beginEpoch(): void {
    this.epoch += 1;
    this.epochLossSum = 0;
    this.epochBatches = 0;
    this.batches.startEpoch();
    this.statistics.reset();
    this.throughTime.reset();
  }

  /** One optimisation step; false when the run diverged on it. */
  private trainOneBatch(): boolean {
    const batch = this.batches.next()!;
    copyInto(this.liveTensors, this.lastGood);
    const sampled = this.epochBatches % this.updateSampleEvery === 0;
    if (sampled) this.statistics.beforeUpdate();
    const result = this.activeStep.run(batch.x, batch.y, batch.size);
    if (!result.finite) {
      this.divergence = this.findDivergence(this.step + 1, result.loss);
      return false;
    }
    const broken = this.firstNonFinite();
    if (broken !== undefined) {
      this.divergence = { step: this.step + 1, epoch: this.epoch, quantity: 'weights', layer: broken.layer, value: broken.value };
      this.model.loadStateDict(this.lastGood);
      return false;
    }
    this.step += 1;
    // After a split the layer outputs hold only this thread's rows: the statistics sample those.
    this.statistics.observeForward(this.activeStep.forwardRows);
    this.statistics.observeBackward();
    this.throughTime.observeBackward();
    if (sampled) this.statistics.observeUpdate();
    this.epochLossSum += result.loss;
    this.epochBatches += 1;
    this.clipThreshold = result.clipThreshold;
    this.telemetry.recordStep(this.step, this.epoch, result.loss, result.learningRate, result.gradNormBefore, result.gradNormAfter, result.clipped);
    return true;
  }

  /** Scores the epoch, feeds a monitored schedule, and records the epoch. */
  private endEpoch(): EpochRecord {
    const { train, validation } = this.data;
    const trainScores = this.trainEvaluator.evaluate(train.x, train.y, train.count);
    const validationScores = validation && this.validationEvaluator!.evaluate(validation.x, validation.y, validation.count);
    const monitored = validationScores?.loss ?? trainScores.loss;
    if (this.schedule && isMonitored(this.schedule) && Number.isFinite(monitored)) {
      this.schedule.observe(monitored);
      this.optimizer.lr = this.schedule.rate(this.step);
    }
    const record = this.epochRecord(this.epochBatches > 0 ? this.epochLossSum / this.epochBatches : trainScores.loss, trainScores, validationScores);
    this.telemetry.recordEpoch(record);
    return record;
  }

  private epochRecord(trainLoss: number, trainScores: Evaluation, validationScores: Evaluation | undefined): EpochRecord {
    const throughTime = this.throughTime.summarize();
    return {
      epoch: this.epoch,
      step: this.step,
      trainLoss,
      ...(validationScores ? { validationLoss: validationScores.loss } : {}),
      metrics: trainScores.metrics,
      validationMetrics: validationScores?.metrics ?? {},
      learningRate: this.optimizer.lr,
      layers: this.statistics.summarize(),
      ...(throughTime ? { throughTime } : {}),
    };
  }

  /** Epoch 0: the network as initialised, measured on one batch, with its scores. */
  private inspectInitialization(): EpochRecord {
    const { train, validation } = this.data;
    measureInitialization(this.statistics, this.model, this.optimizer, train, this.config, this.throughTime);
    const trainScores = this.trainEvaluator.evaluate(train.x, train.y, train.count);
    const validationScores = validation && this.validationEvaluator!.evaluate(validation.x, validation.y, validation.count);
    return this.epochRecord(trainScores.loss, trainScores, validationScores);
  }

  private earlyStop(record: EpochRecord): boolean {
    const rule = this.config.earlyStopping;
    if (!rule) return false;
    const monitored = record.validationLoss ?? record.trainLoss;
    if (monitored < this.early.best - (rule.minDelta ?? 0)) {
      this.early = { best: monitored, badEpochs: 0, ...(rule.restoreBestWeights ? { bestWeights: copyTensors(this.model.stateDict()) } : {}) };
      return false;
    }
    this.early = { ...this.early, badEpochs: this.early.badEpochs + 1 };
    if (this.early.badEpochs < rule.patience) return false;
    if (this.early.bestWeights) this.model.loadStateDict(this.early.bestWeights);
    return true;
  }

  private findDivergence(step: number, loss: number): Divergence {
    if (!Number.isFinite(loss)) return { step, epoch: this.epoch, quantity: 'loss', value: loss };
    for (const parameter of this.model.parameters()) {
      const bad = parameter.grad.find((g) => !Number.isFinite(g));
      if (bad !== undefined) return { step, epoch: this.epoch, quantity: 'gradients', layer: parameter.layer, value: bad };
    }
    return { step, epoch: this.epoch, quantity: 'gradients', value: Number.NaN };
  }

  private firstNonFinite(): { layer: string; value: number } | undefined {
    for (const parameter of this.optimizer.params) {
      const values = parameter.value;
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) return { layer: parameter.layer, value: values[i] };
      }
    }
    return undefined;
  }

  private progress(elapsedMs: number): RunProgress {
    const recent = this.telemetry.recentSteps();
    return {
      step: this.step,
      epoch: this.epoch,
      totalSteps: this.totalSteps,
      latest: recent[recent.length - 1],
      telemetry: this.telemetry,
      elapsedMs,
      model: this.model,
    };
  }

  private result(status: RunStatus, elapsedMs: number): RunResult {
    const epochs = this.telemetry.epochs;
    const last = epochs[epochs.length - 1];
    const finalMetrics = last.validationLoss !== undefined ? { loss: last.validationLoss, ...last.validationMetrics } : { loss: last.trainLoss, ...last.metrics };
    const diagnostics = diagnose(
      {
        settings: this.settings,
        epochs,
        recentSteps: this.telemetry.recentSteps(),
        ...(this.divergence ? { divergence: this.divergence } : {}),
        ...(this.config.startFrom?.history ? { initialLoss: this.config.startFrom.history.initialLoss } : {}),
        ...(this.data.train.classes !== undefined ? { classCounts: classCounts(this.data.train) } : {}),
      },
      this.config.thresholds,
    );
    return {
      status,
      steps: this.step,
      epochs: [...epochs],
      ...(this.divergence ? { divergence: this.divergence } : {}),
      diagnostics,
      finalMetrics,
      elapsedMs,
      threads: (this.activeStep.setup.shards?.count ?? 0) + 1,
    };
  }

  /** Everything needed to continue this run exactly; see `TrainingRun.restore`. */
  getState(): RunState {
    return {
      step: this.step,
      epoch: this.epoch,
      epochLoss: { sum: this.epochLossSum, batches: this.epochBatches },
      weights: copyTensors(this.model.stateDict()),
      optimizer: this.optimizer.getState(),
      rng: this.rng.getState(),
      batches: this.batches.getState(),
      ...(this.schedule && isMonitored(this.schedule) ? { schedule: this.schedule.getState() } : {}),
      ...(hasState(this.clipper) ? { clipper: this.clipper.getState() } : {}),
      earlyStopping: { ...this.early, ...(this.early.bestWeights ? { bestWeights: copyTensors(this.early.bestWeights) } : {}) },
      epochs: [...this.telemetry.epochs],
    };
  }

  /**
   * A run built from the same config and data, put in the saved state: it
   * continues bit-identically. The per-step series start again empty; the
   * epoch records carry over.
   */
  static restore(config: RunConfig, data: RunData, state: RunState): TrainingRun {
    const run = new TrainingRun(config, data);
    run.model.loadStateDict(state.weights);
    run.optimizer.setState(state.optimizer);
    run.rng.setState(state.rng);
    run.batches.setState(state.batches);
    if (state.schedule && run.schedule && isMonitored(run.schedule)) run.schedule.setState(state.schedule);
    if (state.clipper !== undefined && hasState(run.clipper)) run.clipper.setState(state.clipper);
    run.step = state.step;
    run.epoch = state.epoch;
    run.epochLossSum = state.epochLoss.sum;
    run.epochBatches = state.epochLoss.batches;
    run.early = state.earlyStopping;
    run.telemetry.epochs.splice(0, run.telemetry.epochs.length, ...state.epochs);
    return run;
  }
}

function copyInto(source: readonly NamedTensor[], target: readonly NamedTensor[]): void {
  for (let i = 0; i < source.length; i++) target[i].value.set(source[i].value);
}

function checkConfig(config: RunConfig, train: Dataset, validation: Dataset | undefined): void {
  const { epochs, steps } = config;
  if (epochs === undefined && steps === undefined) throw new ConfigError('train: give epochs or steps');
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1)) throw new ConfigError(`train: epochs must be a whole number ≥ 1, got ${epochs}`);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) throw new ConfigError(`train: steps must be a whole number ≥ 1, got ${steps}`);
  const patience = config.earlyStopping?.patience;
  if (patience !== undefined && !(Number.isInteger(patience) && patience >= 1)) throw new ConfigError(`train: patience must be a whole number ≥ 1, got ${patience}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new ConfigError(`train: batch must be a whole number ≥ 1, got ${config.batchSize}`);
  if (validation && validation.features !== train.features) {
    throw new ConfigError(`train: the validation split has ${validation.features} features, the training set ${train.features}`);
  }
}

/**
 * The batch augmentation `augment` asks for: images shifted and turned
 * first, then noise on every input, each drawn from the run's Rng so a seed
 * replays them. Shifts and rotations need images ([channels, height, width]).
 */
function augmentationOf(options: AugmentOptions | undefined, sampleShape: readonly number[], rng: Rng): { augment?: Augmentation } {
  if (!options) return {};
  const steps: Augmentation[] = [];
  if (options.shift > 0 || options.rotate > 0) steps.push(new ImageAugmentation(sampleShape, { shift: options.shift, rotate: options.rotate }, rng));
  if (options.noise > 0) steps.push(gaussianNoise(options.noise, rng));
  if (steps.length === 0) return {};
  const apply = (x: Float32Array): Float32Array => {
    for (const step of steps) step.apply(x);
    return x;
  };
  return { augment: { apply } };
}
