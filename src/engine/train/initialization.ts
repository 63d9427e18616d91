import type { Dataset } from '../data/dataset';
import { calibrateLsuv } from '../lsuv';
import { copyTensors, Sequential, type LayerConfig, type NamedTensor } from '../model';
import type { Optimizer } from '../optim/optimizer';
import { Rng } from '../rng';
import type { RunConfig } from './config';
import { LayerStatistics } from './layer-stats';
import type { LayerStats } from './records';
import type { TimestepStatistics } from './timestep-stats';
import { TrainingStep } from './step';

/**
 * The model a run starts from: built from `rng`, then given `weights`, or
 * else LSUV-calibrated on the first training samples (at most 256).
 */
export function initialModel(layers: readonly LayerConfig[], train: Dataset, rng: Rng, weights?: readonly NamedTensor[]): Sequential {
  const model = new Sequential(train.sampleShape, layers, rng);
  if (weights) {
    model.loadStateDict(weights);
  } else {
    const calibrationBatch = Math.min(train.count, 256);
    calibrateLsuv(model, train.x.subarray(0, calibrationBatch * train.features), calibrationBatch, rng);
  }
  return model;
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
  const model = initialModel(config.layers, train, new Rng(config.seed));
  const statistics = new LayerStatistics(model);
  measureInitialization(statistics, model, config.createOptimizer(model.parameters()), train, config);
  return statistics.summarize();
}
