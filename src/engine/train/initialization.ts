import type { Dataset } from '../data/dataset';
import { calibrateLsuv } from '../lsuv';
import { checkTunedPlacement, tuneInitialization, type InitTuningReport } from '../meta-init/tune';
import { copyTensors, Sequential } from '../model';
import type { Optimizer } from '../optim/optimizer';
import { Rng } from '../rng';
import type { RunConfig } from './config';
import { LayerStatistics } from './layer-stats';
import type { LayerStats } from './records';
import type { TimestepStatistics } from './timestep-stats';
import { TrainingStep } from './step';

/** The model a run starts from, and what tuning its initialization did. */
export interface InitialModel {
  readonly model: Sequential;
  /** Set when a layer's initializer is metainit or gradinit. */
  readonly tuning?: InitTuningReport;
}

/**
 * The model a run starts from: built from `rng`, then given the weights of
 * `startFrom`, or else LSUV-calibrated on the first training samples (at
 * most 256) and MetaInit- or GradInit-tuned on shuffled training batches.
 */
export function initialModel(config: Pick<RunConfig, 'layers' | 'loss' | 'batchSize' | 'createOptimizer' | 'startFrom' | 'signal'>, train: Dataset, rng: Rng): InitialModel {
  checkTunedPlacement(config.layers);
  const model = new Sequential(train.sampleShape, config.layers, rng);
  if (config.startFrom) {
    model.loadStateDict(config.startFrom.weights);
    return { model };
  }
  const calibrationBatch = Math.min(train.count, 256);
  calibrateLsuv(model, train.x.subarray(0, calibrationBatch * train.features), calibrationBatch, rng);
  const optimizer = config.createOptimizer(model.parameters());
  const tuning = tuneInitialization(model, train, rng, { loss: config.loss, batchSize: config.batchSize, optimizer: { name: optimizer.name, lr: optimizer.lr }, signal: config.signal });
  return tuning ? { model, tuning } : { model };
}

/**
 * The network as initialised, into `statistics`: one batch forward and
 * backward (no update) gives each layer's activation variance and gradient
 * norm — the variance-preservation picture of `inspect init` — and, into
 * `throughTime`, each recurrent layer's gradient norm per timestep.
 */
export function measureInitialization(
  statistics: LayerStatistics,
  model: Sequential,
  optimizer: Optimizer,
  train: Dataset,
  config: Pick<RunConfig, 'loss' | 'batchSize' | 'seed'>,
  throughTime?: TimestepStatistics,
): void {
  const size = Math.min(train.count, Math.max(config.batchSize, 2));
  const x = train.x.subarray(0, size * train.features);
  const targetWidth = train.y.length / train.count;
  const y = train.y.subarray(0, size * targetWidth);
  statistics.reset();
  // Training-mode forward moves batch-norm running statistics; measuring must not.
  const buffers = copyTensors(model.stateDict());
  new TrainingStep({ model, loss: config.loss, optimizer, rng: new Rng(config.seed) }).measure(x, y, size);
  statistics.observeForward(size);
  statistics.observeBackward();
  throughTime?.reset();
  throughTime?.observeBackward();
  model.loadStateDict(buffers);
}

/** Each layer of the model a run with `config` starts from, measured as the run's epoch 0 measures it, without the run. */
export function initialLayers(config: RunConfig, train: Dataset): LayerStats[] {
  const { model } = initialModel(config, train, new Rng(config.seed));
  const statistics = new LayerStatistics(model);
  measureInitialization(statistics, model, config.createOptimizer(model.parameters()), train, config);
  return statistics.summarize();
}
