import { activations } from '../engine/activations';
import { initializers } from '../engine/initializers';
import { batchNormParams } from '../engine/layers/batchnorm';
import { losses } from '../engine/losses';
import { metrics } from '../engine/metrics';
import type { LayerConfig } from '../engine/model';
import type { ReplicaLayerSpec, ReplicaSpec } from '../engine/parallel/replica';
import { clippers } from '../engine/optim/clipping';
import { optimizers } from '../engine/optim/optimizers';
import { isMonitored, schedules, withWarmup, type LearningRateSchedule } from '../engine/optim/schedules';
import type { ParamValue } from '../engine/params';
import type { RunConfig } from '../engine/train/config';
import type { ConceptRef, DenseSpec, LayerSpec, TrainOptions } from '../lang/program';
import type { ConceptUse } from '../protocol/cell-output';
import type { PreparedData } from './data';
import { attributeTo, type Declarations } from './declarations';

/** Settings a `compare` arm replaces; everything else comes from the declarations. */
export interface Overrides {
  readonly init?: ConceptRef;
  readonly activation?: ConceptRef;
  readonly optimizer?: ConceptRef;
  readonly lr?: number;
  readonly clip?: ConceptRef;
  readonly schedule?: readonly ConceptRef[];
  readonly batch?: number;
}

/** A run ready to start, and what its output shows about it. */
export interface RunPlan {
  readonly config: RunConfig;
  readonly concepts: readonly ConceptUse[];
  readonly totalSteps: number;
  /** The optimizer's registered name and the learning rate it starts at. */
  readonly optimizer: string;
  readonly learningRate: number;
  /** The schedule's name; absent for a constant learning rate. */
  readonly schedule?: string;
  readonly schedulePreview: readonly { readonly x: number; readonly y: number }[];
  /** The model and loss as plain data, for helper threads to rebuild; absent when the model has batch norm, which is never split. */
  readonly replica?: ReplicaSpec;
}

const PREVIEW_POINTS = 400;

/** The loss a run uses when none is declared: what Keras users pick for the task and output. */
export function defaultLoss(data: PreparedData, outputUnits: number): ConceptRef {
  const name = data.full.task === 'regression' ? 'mse' : outputUnits === 1 ? 'binary_crossentropy' : 'sparse_categorical_crossentropy';
  return { name, options: {}, start: 0, end: 0 };
}

/** The batch size a run uses when `train` gives none, as Keras's `fit`. */
export const DEFAULT_BATCH = 32;

/** The optimizer a run uses when none is declared: Adam, as in most Keras tutorials. */
export const DEFAULT_OPTIMIZER: ConceptRef = { name: 'adam', options: {}, start: 0, end: 0 };

/**
 * Builds the run the declarations describe, with a compare arm's overrides.
 * The declarations were checked when their cells were read; what is checked
 * here (in `checkRun`) is how they fit together.
 */
export function planRun(declarations: Declarations, data: PreparedData, train: TrainOptions, overrides: Overrides, seed: number): RunPlan {
  const { specs, lossRef, built, layers, loss, metrics } = modelParts(declarations, data, overrides);
  const optimizerRef = overrides.optimizer ?? declarations.optimizer?.value ?? DEFAULT_OPTIMIZER;
  const optimizerOptions: Record<string, ParamValue> = { ...optimizerRef.options, ...(overrides.lr !== undefined ? { lr: overrides.lr } : {}) };
  const clipRef = overrides.clip ?? declarations.clip?.value;
  const stages = overrides.schedule ?? declarations.schedule?.value;
  const batch = overrides.batch ?? train.batch ?? DEFAULT_BATCH;
  const batchesPerEpoch = Math.ceil(data.train.count / Math.min(batch, data.train.count));
  const totalSteps = Math.min(train.epochs === undefined ? Infinity : train.epochs * batchesPerEpoch, train.steps ?? Infinity);
  const replicaLayers = built.map((layer) => layer.replica);
  const createSchedule = stages && ((baseLr: number) => buildSchedule(stages, baseLr, totalSteps));
  const config: RunConfig = {
    layers,
    loss,
    createOptimizer: (params) => optimizers.get(optimizerRef.name).create(params, optimizerOptions),
    ...(clipRef && clipRef.name !== 'none' ? { createClipper: () => clippers.get(clipRef.name).create(clipRef.options) } : {}),
    ...(createSchedule ? { createSchedule } : {}),
    metrics,
    ...(train.epochs !== undefined ? { epochs: train.epochs } : {}),
    ...(train.steps !== undefined ? { steps: train.steps } : {}),
    ...(train.epochs === undefined && train.steps === undefined ? { epochs: 10 } : {}),
    batchSize: batch,
    seed,
    ...(train.patience !== undefined ? { earlyStopping: { patience: train.patience, minDelta: train.minDelta ?? 0, restoreBestWeights: train.restoreBest ?? false } } : {}),
    ...(declarations.augment ? { inputNoise: declarations.augment.value } : {}),
  };
  const planned = Number.isFinite(totalSteps) ? totalSteps : 10 * batchesPerEpoch;
  const optimizer = optimizers.get(optimizerRef.name);
  const lr = Number(optimizerOptions.lr ?? optimizer.defaultLr);
  // Built here first, so a schedule that cannot be built is reported at its own line (a compare arm's, at the compare).
  const schedule = createSchedule && (overrides.schedule ? createSchedule(lr) : attributeTo('schedule', () => createSchedule(lr)));
  return {
    config,
    concepts: conceptUses(specs, overrides, { ...optimizerRef, options: optimizerOptions }, lossRef, clipRef, stages),
    totalSteps: planned,
    optimizer: optimizer.name,
    learningRate: lr,
    ...(schedule ? { schedule: schedule.name } : {}),
    schedulePreview: schedule ? preview(schedule, planned) : [],
    ...(replicaLayers.every((layer): layer is ReplicaLayerSpec => layer !== undefined)
      ? { replica: { inputSize: data.train.features, layers: replicaLayers, loss: { name: lossRef.name, options: { ...lossRef.options } } } }
      : {}),
  };
}

/** The declared layers (with a compare arm's overrides), loss and metrics, or the task's defaults: a model without a run. */
export function modelParts(declarations: Declarations, data: PreparedData, overrides: Overrides = {}) {
  const specs = declarations.model!.value;
  const outputUnits = specs.reduce((units, spec) => (spec.kind === 'dense' ? spec.units : units), 0);
  const lossRef = declarations.loss?.value ?? defaultLoss(data, outputUnits);
  const metricRefs = declarations.metrics?.value ?? [{ name: data.full.task === 'regression' ? 'mae' : 'accuracy', options: {}, start: 0, end: 0 }];
  const built = specs.map((spec, index) => layerOf(spec, isOutputDense(specs, index), overrides));
  const loss = losses.get(lossRef.name).create(lossRef.options);
  return { specs, lossRef, built, layers: built.map((layer) => layer.config), loss, metrics: metricRefs.map((ref) => metrics.get(ref.name).create(ref.options)) };
}

/** The last dense layer is the output layer even when dropout follows it. */
function isOutputDense(specs: readonly LayerSpec[], index: number): boolean {
  return specs[index].kind === 'dense' && specs.slice(index + 1).every((spec) => spec.kind !== 'dense');
}

/** The activation a dense layer trains with: a compare arm's replaces the hidden layers'. */
function activationOf(spec: DenseSpec, isOutput: boolean, overrides: Overrides): ConceptRef {
  return !isOutput && overrides.activation ? overrides.activation : spec.activation;
}

/** A layer as the run builds it, and as a helper thread rebuilds it: none for batch norm, which needs the whole batch. */
function layerOf(spec: LayerSpec, isOutput: boolean, overrides: Overrides): { readonly config: LayerConfig; readonly replica?: ReplicaLayerSpec } {
  switch (spec.kind) {
    case 'dense': {
      const activation = activationOf(spec, isOutput, overrides);
      const init = overrides.init ?? spec.init;
      const config: LayerConfig = {
        kind: 'dense',
        units: spec.units,
        activation: activations.get(activation.name).create(activation.options),
        ...(init ? { kernelInitializer: initializers.get(init.name).create(init.options) } : {}),
        ...(spec.biasInit ? { biasInitializer: initializers.get(spec.biasInit.name).create(spec.biasInit.options) } : {}),
        useBias: spec.bias,
      };
      return { config, replica: { kind: 'dense', units: spec.units, activation: { name: activation.name, options: { ...activation.options } }, useBias: spec.bias } };
    }
    case 'batchnorm':
      return { config: { kind: 'batchnorm', ...batchNormParams.resolveNamed(spec.options) } };
    case 'dropout': {
      const dropout = { kind: 'dropout', rate: spec.rate } as const;
      return { config: dropout, replica: dropout };
    }
  }
}

/**
 * `warmup N then cosine`: the warmups wrap the last stage. A parameter that
 * needs the run's length (cosine's period, one_cycle's total_steps) defaults
 * to the steps left after the warmups.
 */
function buildSchedule(stages: readonly ConceptRef[], baseLr: number, totalSteps: number): LearningRateSchedule {
  const warmups = stages.slice(0, -1);
  const last = stages[stages.length - 1];
  const warmupSteps = warmups.reduce((sum, stage) => sum + Number(stage.options.steps ?? 0), 0);
  const remaining = Math.max(1, (Number.isFinite(totalSteps) ? totalSteps : 1000) - warmupSteps);
  const entry = schedules.get(last.name);
  const lengthDefault = entry.runLength ? { [entry.runLength.param]: Math.max(remaining, entry.runLength.least) } : {};
  let schedule = entry.create(baseLr, { ...lengthDefault, ...last.options });
  for (const warmup of [...warmups].reverse()) {
    schedule = withWarmup(schedule, { steps: Number(warmup.options.steps), startFactor: Number(warmup.options.start_factor ?? 0) });
  }
  return schedule;
}

/** η_t at evenly spaced steps; a monitored schedule cannot be foreseen, so it shows its starting rate. */
function preview(schedule: LearningRateSchedule, totalSteps: number): { x: number; y: number }[] {
  const points = Math.min(PREVIEW_POINTS, totalSteps);
  return Array.from({ length: points }, (_, i) => {
    const step = Math.round((i * (totalSteps - 1)) / Math.max(1, points - 1));
    return { x: step + 1, y: isMonitored(schedule) ? schedule.rate(0) : schedule.rate(step) };
  });
}

function conceptUses(
  specs: readonly LayerSpec[],
  overrides: Overrides,
  optimizer: ConceptRef,
  loss: ConceptRef,
  clip: ConceptRef | undefined,
  stages: readonly ConceptRef[] | undefined,
): ConceptUse[] {
  const uses: ConceptUse[] = [];
  specs.forEach((spec, index) => {
    const layer = String(index);
    if (spec.kind !== 'dense') {
      uses.push({ role: 'layer', name: spec.kind, options: spec.kind === 'dropout' ? { rate: spec.rate } : spec.options, layer });
      return;
    }
    const init = overrides.init ?? spec.init ?? { name: 'glorot_uniform', options: {} };
    const activation = activationOf(spec, isOutputDense(specs, index), overrides);
    uses.push({ role: 'initializer', name: init.name, options: init.options, layer });
    uses.push({ role: 'activation', name: activation.name, options: activation.options, layer });
  });
  uses.push({ role: 'optimizer', name: optimizer.name, options: optimizer.options });
  uses.push({ role: 'loss', name: loss.name, options: loss.options });
  if (clip && clip.name !== 'none') uses.push({ role: 'clipping', name: clip.name, options: clip.options });
  for (const stage of stages ?? []) uses.push({ role: 'schedule', name: stage.name, options: stage.options });
  return uses;
}
