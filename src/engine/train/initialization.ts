import type { Dataset } from '../data/dataset';
import type { Loss } from '../losses';
import { calibrateLsuv } from '../lsuv';
import { copyTensors, Sequential, type LayerConfig, type NamedTensor } from '../model';
import type { Optimizer } from '../optim/optimizer';
import { Rng } from '../rng';
import type { LayerStatistics } from './layer-stats';
import { TrainingStep } from './step';

/**
 * The model a run starts from: built from `rng`, then given `weights`, or
 * else LSUV-calibrated on the first training samples (at most 256).
 */
export function initialModel(layers: readonly LayerConfig[], train: Dataset, rng: Rng, weights?: readonly NamedTensor[]): Sequential {
  const model = new Sequential(train.features, layers, rng);
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
 * norm — the variance-preservation picture of `inspect init`.
 */
export function measureInitialization(
  statistics: LayerStatistics,
  net: { readonly model: Sequential; readonly loss: Loss; readonly optimizer: Optimizer },
  train: Dataset,
  batchSize: number,
  seed: number,
): void {
  const size = Math.min(train.count, Math.max(batchSize, 2));
  const x = train.x.subarray(0, size * train.features);
  const targetWidth = train.y.length / train.count;
  const y = train.y.subarray(0, size * targetWidth);
  statistics.reset();
  // Training-mode forward moves batch-norm running statistics; measuring must not.
  const buffers = copyTensors(net.model.stateDict());
  new TrainingStep({ ...net, rng: new Rng(seed) }).measure(x, y, size);
  statistics.observeForward(size);
  statistics.observeBackward();
  net.model.loadStateDict(buffers);
}
