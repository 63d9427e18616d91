import type { Dataset } from '../data/dataset';
import { ConfigError } from '../errors';
import { isTuned, type Initializer, type TunedInitializer } from '../initializers';
import type { Loss } from '../losses';
import type { LayerConfig, Sequential } from '../model';
import type { Rng } from '../rng';
import { BatchGradient } from './batch-gradient';
import { tuneGradInit, type SimulatedStep } from './gradinit';
import { tuneMetaInit } from './metainit';
import { tensorNorm, type TensorSlice } from './tensor-slices';
import { TuningBatches } from './tuning-batches';

/** One tuned weight tensor: its scale after tuning relative to the base draw. */
export interface TunedScale {
  readonly layer: string;
  readonly parameter: string;
  /** The base initializer drawn first. */
  readonly base: string;
  /** ‖w_tuned‖ / ‖w_base‖ (GradInit's α). */
  readonly scale: number;
}

/** What tuning the initialization did, for the output. */
export interface InitTuningReport {
  readonly method: 'metainit' | 'gradinit';
  /** MetaInit: the gradient quotient before each meta-step; GradInit: the loss after the simulated step. */
  readonly objective: readonly number[];
  /** GradInit: the updates where ‖g‖ > γ, which lowered the gradient norm instead of the loss. */
  readonly constrained?: readonly boolean[];
  readonly scales: readonly TunedScale[];
  /** Rows in each tuning batch. */
  readonly batchSize: number;
}

/** What the tuning needs to know of the run beyond the model. */
export interface TuningContext {
  readonly loss: Loss;
  readonly batchSize: number;
  /** The run's optimizer: GradInit simulates its first step. */
  readonly optimizer: { readonly name: string; readonly lr: number };
  /** Checked before each meta-step: when aborted, the tuning keeps the scales it has reached. */
  readonly signal?: { readonly aborted: boolean };
}

/** The most rows a tuning batch takes, as LSUV's calibration batch. */
const MOST_ROWS = 256;

/**
 * Runs MetaInit or GradInit over the layers whose initializer names it, on
 * mini-batches of `train` in an order drawn from `rng`; the settings are the
 * first such layer's. Returns undefined when no layer asks. Every layer of
 * one model must name the same method: the objective is the whole network's.
 */
export function tuneInitialization(model: Sequential, train: Dataset, rng: Rng, context: TuningContext): InitTuningReport | undefined {
  const tuned = model.activatedLayers.flatMap((layer) => (isTuned(layer.kernelInitializer) ? [{ layer, initializer: layer.kernelInitializer }] : []));
  if (tuned.length === 0) return undefined;
  const settings = tuned[0].initializer.tuning;
  const other = tuned.find((t) => t.initializer.tuning.method !== settings.method);
  if (other) {
    throw new ConfigError(`initializer ${other.initializer.name}: layer ${other.layer.name} cannot be tuned by ${other.initializer.name} while layer ${tuned[0].layer.name} uses ${settings.method}; one model takes one of them`);
  }
  const objective = new BatchGradient(model, context.loss, rng);
  const baseByLayer = new Map<string, TunedInitializer>(tuned.map((t) => [t.layer.name, t.initializer]));
  const tensors: TensorSlice[] = objective.parameters.flatMap((p, i) =>
    baseByLayer.has(p.layer) && (settings.method === 'gradinit' || p.shape.length >= 2)
      ? [{ layer: p.layer, name: p.name, offset: objective.offsets[i], length: p.value.length }]
      : [],
  );
  const batchSize = Math.max(1, Math.min(context.batchSize, train.count, MOST_ROWS));
  const batches = new TuningBatches(train, batchSize, rng);
  const before = objective.read();
  let objectiveValues: number[];
  let constrained: boolean[] | undefined;
  if (settings.method === 'metainit') {
    objectiveValues = tuneMetaInit(objective, tensors, batches, settings, context.signal);
  } else {
    const record = tuneGradInit(objective, tensors, batches, settings, simulatedStep(settings.optimizer, context.optimizer), new Float64Array(tensors.length), context.signal);
    objectiveValues = record.map((r) => r.lossAfterStep);
    constrained = record.map((r) => r.constrained);
  }
  const after = objective.read();
  // Weights only: a bias GradInit scales usually starts at zero, where a ratio says nothing.
  const weights = new Set(objective.parameters.filter((p) => p.role === 'weight').map((p) => p.name));
  const scales = tensors
    .filter((t) => weights.has(t.name) && tensorNorm(before, t) > 0)
    .map((t) => ({ layer: t.layer, parameter: t.name, base: baseByLayer.get(t.layer)!.base, scale: tensorNorm(after, t) / tensorNorm(before, t) }));
  return { method: settings.method, objective: objectiveValues, ...(constrained ? { constrained } : {}), scales, batchSize };
}

/** The language name of each initializer a layer config can hold. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  kernelInitializer: 'init',
  biasInitializer: 'bias_init',
  recurrentInitializer: 'recurrent_init',
  embeddingsInitializer: 'init',
  initializer: 'init',
};

/**
 * Refuses a tuned initializer anywhere the tuning does not reach: it scales
 * the kernels of dense and conv2d layers, so as a bias, recurrent or
 * embedding initializer it would silently be its base draw.
 */
export function checkTunedPlacement(layers: readonly LayerConfig[]): void {
  layers.forEach((config, index) => {
    for (const [key, value] of Object.entries(config)) {
      if (typeof value !== 'object' || value === null || !('fill' in value) || !isTuned(value as Initializer)) continue;
      if ((config.kind === 'dense' || config.kind === 'conv2d') && key === 'kernelInitializer') continue;
      const { name } = value as Initializer;
      throw new ConfigError(`initializer ${name}: ${OPTION_NAMES[key] ?? key} of layer ${index} (${config.kind}) would not be tuned; ${name} tunes the init of dense and conv2d layers only`);
    }
  });
}

/** GradInit's simulated step: sgd for plain, momentum and Nesterov SGD (their first step is θ − ηg), adam for the adaptive ones. */
function simulatedStep(choice: 'auto' | 'sgd' | 'adam', optimizer: TuningContext['optimizer']): SimulatedStep {
  const kind = choice !== 'auto' ? choice : ['sgd', 'momentum', 'nesterov'].includes(optimizer.name) ? 'sgd' : 'adam';
  return { kind, lr: optimizer.lr };
}
