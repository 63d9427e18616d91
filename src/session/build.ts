import { isFrozen, layerConfig, layerInputShapes, layers, shapesThrough, trainableParameters, type LayerConfig } from '../engine/layers';
import { losses } from '../engine/losses';
import { metrics } from '../engine/metrics';
import type { ReplicaLayerSpec, ReplicaSpec } from '../engine/parallel/replica';
import { clippers } from '../engine/optim/clipping';
import { optimizers } from '../engine/optim/optimizers';
import { isMonitored, schedules, withWarmup, type LearningRateSchedule } from '../engine/optim/schedules';
import type { ParamValue } from '../engine/params';
import type { RunConfig } from '../engine/train/config';
import type { ConceptRef, LayerSpec, TrainOptions } from '../lang/program';
import type { ConceptUse } from '../protocol/cell-output';
import type { PreparedData } from './data';
import { attributeTo, DeclarationError, type Declarations } from './declarations';

/** Settings a `compare` arm replaces; everything else comes from the declarations. */
export interface Overrides {
  readonly init?: ConceptRef;
  readonly recurrent_init?: ConceptRef;
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
  const { specs, lossRef, layers: layerConfigs, loss, metrics } = modelParts(declarations, data, overrides);
  checkSomethingTrains(layerConfigs, data.train.sampleShape);
  const optimizerRef = overrides.optimizer ?? declarations.optimizer?.value ?? DEFAULT_OPTIMIZER;
  const optimizerOptions: Record<string, ParamValue> = { ...optimizerRef.options, ...(overrides.lr !== undefined ? { lr: overrides.lr } : {}) };
  const clipRef = overrides.clip ?? declarations.clip?.value;
  const stages = overrides.schedule ?? declarations.schedule?.value;
  const batch = overrides.batch ?? train.batch ?? DEFAULT_BATCH;
  const batchesPerEpoch = Math.ceil(data.train.count / Math.min(batch, data.train.count));
  const totalSteps = Math.min(train.epochs === undefined ? Infinity : train.epochs * batchesPerEpoch, train.steps ?? Infinity);
  const replicaLayers = specs.map((spec, index) => replicaOf(spec, layerConfigs[index]));
  const createSchedule = stages && ((baseLr: number) => buildSchedule(stages, baseLr, totalSteps));
  const config: RunConfig = {
    layers: layerConfigs,
    loss,
    // Built over the trainable parameters only, as PyTorch's optimizer over the parameters that require grad: frozen ones get no state, no decay, no share of the clipping norm.
    createOptimizer: (params) => optimizers.get(optimizerRef.name).create(trainableParameters(params, layerConfigs), optimizerOptions),
    ...(clipRef && clipRef.name !== 'none' ? { createClipper: () => clippers.get(clipRef.name).create(clipRef.options) } : {}),
    ...(createSchedule ? { createSchedule } : {}),
    metrics,
    ...(train.epochs !== undefined ? { epochs: train.epochs } : {}),
    ...(train.steps !== undefined ? { steps: train.steps } : {}),
    ...(train.epochs === undefined && train.steps === undefined ? { epochs: 10 } : {}),
    batchSize: batch,
    seed,
    ...(train.patience !== undefined ? { earlyStopping: { patience: train.patience, minDelta: train.minDelta ?? 0, restoreBestWeights: train.restoreBest ?? false } } : {}),
    ...(declarations.augment ? { augment: declarations.augment.value } : {}),
  };
  const planned = Number.isFinite(totalSteps) ? totalSteps : 10 * batchesPerEpoch;
  const optimizer = optimizers.get(optimizerRef.name);
  const lr = Number(optimizerOptions.lr ?? optimizer.defaultLr);
  // Built here first, so a schedule that cannot be built is reported at its own line (a compare arm's, at the compare).
  const schedule = createSchedule && (overrides.schedule ? createSchedule(lr) : attributeTo('schedule', () => createSchedule(lr)));
  return {
    config,
    concepts: conceptUses(specs, { ...optimizerRef, options: optimizerOptions }, lossRef, clipRef, stages),
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
  const specs = declarations.model!.value.map((spec, index, all) => withOverrides(spec, index === outputLayerIndex(all), overrides));
  const layers = specs.map((spec) => layerConfig(spec));
  const outputShape = shapesThrough(data.train.sampleShape, layers).at(-1)!;
  const lossRef = declarations.loss?.value ?? defaultLoss(data, outputShape[outputShape.length - 1]);
  const metricRefs = declarations.metrics?.value ?? [{ name: data.full.task === 'regression' ? 'mae' : 'accuracy', options: {}, start: 0, end: 0 }];
  const loss = losses.get(lossRef.name).create(lossRef.options);
  return { specs, lossRef, layers, outputShape, loss, metrics: metricRefs.map((ref) => metrics.get(ref.name).create(ref.options)) };
}

/** A model whose every layer with weights is frozen would run without learning anything: refused at the model. */
function checkSomethingTrains(configs: readonly LayerConfig[], sampleShape: readonly number[]): void {
  const { inputs } = layerInputShapes(sampleShape, configs);
  const weighted = configs.filter((config, index) => layers.get(config.kind).parameterCount(inputs[index], config) > 0);
  if (weighted.length > 0 && weighted.every(isFrozen)) {
    throw new DeclarationError('model: every layer with weights is frozen (trainable=false), so training would change nothing; leave at least the output layer trainable', 'model');
  }
}

/** The output layer is the last one with an activation, even when dropout follows it: a compare of activations leaves it alone. */
export function outputLayerIndex(specs: readonly LayerSpec[]): number {
  const hasActivation = (spec: LayerSpec) => Object.values(layers.get(spec.kind).conceptOptions).some((option) => option.comparedAs === 'activation');
  for (let index = specs.length - 1; index >= 0; index--) if (hasActivation(specs[index])) return index;
  return -1;
}

/** A layer with a compare arm's initializer (every kernel) or activation (every layer but the output) in place of its own. */
function withOverrides(spec: LayerSpec, isOutput: boolean, overrides: Overrides): LayerSpec {
  const concepts = { ...spec.concepts };
  for (const [name, option] of Object.entries(layers.get(spec.kind).conceptOptions)) {
    if (option.comparedAs === 'init' && overrides.init) concepts[name] = overrides.init;
    if (option.comparedAs === 'recurrent_init' && overrides.recurrent_init) concepts[name] = overrides.recurrent_init;
    if (option.comparedAs === 'activation' && overrides.activation && !isOutput) concepts[name] = overrides.activation;
  }
  return { ...spec, concepts };
}

/** A layer as a helper thread rebuilds it; none for the layers a replica does not hold (batch norm needs the whole batch). */
function replicaOf(spec: LayerSpec, config: LayerConfig): ReplicaLayerSpec | undefined {
  if (spec.kind === 'dropout') return { kind: 'dropout', rate: Number(config.rate) };
  if (spec.kind !== 'dense') return undefined;
  const activation = spec.concepts.activation ?? { name: 'linear', options: {} };
  return { kind: 'dense', units: Number(config.units), activation: { name: activation.name, options: { ...activation.options } }, useBias: config.useBias !== false };
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

function conceptUses(specs: readonly LayerSpec[], optimizer: ConceptRef, loss: ConceptRef, clip: ConceptRef | undefined, stages: readonly ConceptRef[] | undefined): ConceptUse[] {
  const uses: ConceptUse[] = [];
  specs.forEach((spec, index) => {
    const layer = String(index);
    const entry = layers.get(spec.kind);
    if (spec.kind !== 'dense') uses.push({ role: 'layer', name: spec.kind, options: spec.options, layer });
    // The initializer first, then the activation: the order a layer applies them.
    for (const compared of ['init', 'recurrent_init', 'activation'] as const) {
      const [name, option] = Object.entries(entry.conceptOptions).find(([, option]) => option.comparedAs === compared) ?? [];
      if (name === undefined || option === undefined) continue;
      const ref = spec.concepts[name] ?? { name: String(entry.params.describe().find((param) => param.name === name)?.default), options: {} };
      uses.push({ role: option.kind, name: ref.name, options: ref.options, layer });
    }
  });
  uses.push({ role: 'optimizer', name: optimizer.name, options: optimizer.options });
  uses.push({ role: 'loss', name: loss.name, options: loss.options });
  if (clip && clip.name !== 'none') uses.push({ role: 'clipping', name: clip.name, options: clip.options });
  for (const stage of stages ?? []) uses.push({ role: 'schedule', name: stage.name, options: stage.options });
  return uses;
}
