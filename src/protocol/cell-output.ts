import type { DiagnosticCode } from './diagnostic-codes';
import type { InitTuningSummary } from './init-tuning';
import type { GradientSurveyOutput, LrFinderOutput } from './find-output';

/**
 * What running a cell produces, as plain JSON: the CLI's `--json` file, the
 * notebook's saved outputs and the renderer's input all have this shape
 * (documented in docs/output-schema.md, field for field in
 * docs/nnlab-run.schema.json). The types are declared here rather than taken
 * from the engine, so that changing the engine cannot change the file
 * format: the session copies engine records into these field by field
 * (src/session/output-records.ts).
 */

/** The MIME type of a cell's NN Lab output, read by the notebook renderer. */
export const CELL_OUTPUT_MIME = 'application/vnd.nnlab.run+json';

/** A range of a cell's text: which cell, offsets, and line/column (1-based) for people. */
export interface SourceLocation {
  /** Index of the cell in the notebook (0-based, markdown cells counted). */
  readonly cell: number;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** How serious a problem or a diagnostic is. */
export type Severity = 'error' | 'warning' | 'info';

/** A problem with what a cell says: a syntax error, an unknown name, a missing piece. */
export interface CellProblem {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
}

/** One bucket of a downsampled per-step series. */
export interface SeriesPoint {
  /** Middle step of the bucket. */
  readonly x: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly last: number;
}

export interface StepSeries {
  readonly loss: readonly SeriesPoint[];
  readonly learningRate: readonly SeriesPoint[];
  readonly gradNormBefore: readonly SeriesPoint[];
  readonly gradNormAfter: readonly SeriesPoint[];
  /** Bucket means are the fraction of steps clipped. */
  readonly clipped: readonly SeriesPoint[];
}

/** A concept a run used, for its formula card: the catalog name and the values it was given. */
export interface ConceptUse {
  readonly role: 'initializer' | 'activation' | 'optimizer' | 'loss' | 'clipping' | 'schedule' | 'layer' | 'metric';
  readonly name: string;
  readonly options: Readonly<Record<string, number | string | boolean>>;
  /** For per-layer concepts: the layer's position name. */
  readonly layer?: string;
}

export type { DiagnosticCode } from './diagnostic-codes';

/** A training diagnostic, with the declaration it is about when it can be found. */
export interface LocatedDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One sentence with the measured figure and the threshold. */
  readonly message: string;
  readonly measured: number;
  readonly threshold: number;
  /** The declaration it is about: a layer (with `layer`), or a run-wide setting. */
  readonly subject: 'layer' | 'optimizer' | 'clip' | 'schedule' | 'loss' | 'train';
  /** Layer position name, for layer diagnostics. */
  readonly layer?: string;
  /** Step (for epoch-level findings, the step at the end of that epoch) where it was seen. */
  readonly step?: number;
  readonly epoch?: number;
  /** What to change, in one sentence. */
  readonly fix: string;
  /** The catalog name of the concept the fix is about (`he_normal`, `norm`, `batchnorm`, …). */
  readonly fixConcept: string;
  readonly location?: SourceLocation;
}

/** How one layer looked over an epoch (or over one batch at initialization). */
export interface LayerSummary {
  /** Position name, as in parameter names: `0`, `1`, … */
  readonly layer: string;
  /** The registered layer name: `dense`, `conv2d`, `lstm`, … */
  readonly kind: string;
  /** Written `trainable=false`: its weights do not move, and its update ratio is not measured; absent otherwise. */
  readonly frozen?: boolean;
  /** Dense layers: the activation's name (`relu`, `tanh`, …). */
  readonly activation?: string;
  /** Dense layers: the kernel initializer's name. */
  readonly initializer?: string;
  /** ReLU family: the activation's constant slope below zero (0 for relu, α for leaky_relu). */
  readonly negativeSlope?: number;
  /** Output width. */
  readonly units: number;
  /** Mean and standard deviation of the layer's weight (dense W, batch-norm γ); NaN without one. */
  readonly weightMean: number;
  readonly weightStd: number;
  /** Dense: the largest distance ‖W_i − W̄‖ of one unit's weights from the mean unit; 0 when all units are identical. */
  readonly unitSpread: number;
  /** Mean and variance of the layer's output over the epoch's samples. */
  readonly activationMean: number;
  readonly activationVariance: number;
  /** Dense: variance of the pre-activation z = xWᵀ + b. */
  readonly preactivationVariance: number;
  /** ReLU family: fraction of units never positive in the epoch; null for other activations. */
  readonly deadFraction: number | null;
  /** tanh/sigmoid: fraction of outputs in the flat region; null otherwise. */
  readonly saturatedFraction: number | null;
  /** L2 norm of the layer's parameter gradients, averaged over the epoch's steps. */
  readonly gradientNorm: number;
  /** Dense: the update-to-weight ratio ‖ΔW‖ / ‖W‖ of one step, averaged over the epoch. */
  readonly updateRatio: number;
  /** Dense: ‖W − W₀‖ / ‖W₀‖, how far the weights moved since the run started. */
  readonly distanceFromStart: number;
}

/** One epoch of a run; epoch 0 is the network before any update. */
export interface EpochSummary {
  readonly epoch: number;
  /** Updates applied by the end of this epoch. */
  readonly step: number;
  /** Mean mini-batch loss over the epoch (at epoch 0: the loss on the training set). */
  readonly trainLoss: number;
  /** Loss on the validation split, if there is one. */
  readonly validationLoss?: number;
  /** Metric values on the training set, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly validationMetrics: Readonly<Record<string, number>>;
  /** Learning rate at the end of the epoch. */
  readonly learningRate: number;
  readonly layers: readonly LayerSummary[];
  /** Each recurrent layer's gradient norm through time; absent without one (and in files saved before it existed). */
  readonly throughTime?: readonly ThroughTimeSummary[];
}

/**
 * How the gradient reached one recurrent layer's hidden states over an epoch:
 * ‖∂L/∂h_t‖₂ over the batch per timestep, the mean over the epoch's steps.
 * At most 64 points: a longer sequence averages runs of consecutive
 * timesteps (./through-time.ts lays them out).
 */
export interface ThroughTimeSummary {
  /** Position name, as in LayerSummary. */
  readonly layer: string;
  /** `rnn`, `lstm` or `gru`. */
  readonly kind: string;
  /** T, the sequence length. */
  readonly steps: number;
  /** The truncation length, when the gradient is cut every bptt steps. */
  readonly bptt?: number;
  /** Mean norm per point, first timestep first; the last is where the loss enters. */
  readonly norms: readonly number[];
}

/** One optimizer step, as a live run reports its latest. */
export interface StepSummary {
  /** 1-based: the number of updates applied once this step is done. */
  readonly step: number;
  readonly epoch: number;
  /** Mini-batch training loss before the update. */
  readonly loss: number;
  readonly learningRate: number;
  /** Global L2 norm of all gradients before clipping, and after. */
  readonly gradNormBefore: number;
  readonly gradNormAfter: number;
  readonly clipped: boolean;
}

/** The settings a run trained with, as names and numbers. */
export interface TrainingSettings {
  readonly optimizer: string;
  readonly learningRate: number;
  readonly loss: string;
  readonly batchSize: number;
  /** Clipping method and its threshold τ; absent when not clipping. */
  readonly clip?: { readonly method: string; readonly threshold: number };
  readonly schedule?: string;
}

/** Where a run stopped when its numbers went non-finite. */
export interface DivergencePoint {
  readonly step: number;
  readonly epoch: number;
  /** What went non-finite first: the loss, or a layer's weights or gradients. */
  readonly quantity: 'loss' | 'weights' | 'gradients';
  /** The first layer holding a non-finite value; absent for the loss alone. */
  readonly layer?: string;
  readonly value: number;
}

/**
 * Where a run's weights came from when it did not start from a fresh
 * initialization: `train` run again on the same model continues from the
 * weights trained so far (as Keras's `fit` does when called again), or from
 * weights loaded from a file.
 */
export interface ContinuedTraining {
  readonly from: 'training' | 'file';
  /** Earlier runs of this model (0 for loaded weights). */
  readonly runs: number;
  /** Steps those runs took together. */
  readonly steps: number;
  /** The untrained network's training loss, the diagnostics' yardstick for this run. */
  readonly initialLoss?: number;
}

/**
 * What a network with two inputs learned, over the plane of its inputs (as
 * TensorFlow Playground draws it): the model's answer in every cell of a
 * grid, the data points on top, and what each unit of the first hidden
 * layers responds to. Cells are row-major from the lowest x and y, x fastest.
 */
export interface DecisionLandscape {
  /** The two input features, and whether the axes are in scaled units (after `normalize`). */
  readonly features: readonly [string, string];
  readonly scaled: boolean;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** Cells per side of `values`. */
  readonly resolution: number;
  /** Classification: the class names; `values` holds each cell's predicted class index. */
  readonly classes?: readonly string[];
  /** Per cell: the predicted class index (classification) or the model's output (regression). */
  readonly values: readonly number[];
  /** Classification: per cell, the predicted class's probability. */
  readonly confidence?: readonly number[];
  /** A sample of the data: its two features, its target (class index or value), its split. */
  readonly points: readonly { readonly x: number; readonly y: number; readonly target: number; readonly split: 'train' | 'validation' }[];
  /** Cells per side of each unit map. */
  readonly unitResolution: number;
  /** The first units of the first hidden layers: each one's activation per cell. */
  readonly units: readonly { readonly layer: string; readonly unit: number; readonly values: readonly number[] }[];
}

/** One training run as its output carries it. */
export interface RunSummary {
  readonly label: string;
  /** How it ended: all its epochs, early stopping, the user, or a non-finite number. */
  readonly status: 'completed' | 'stopped-early' | 'cancelled' | 'diverged';
  readonly steps: number;
  readonly totalSteps: number;
  readonly elapsedMs: number;
  /** Threads that shared each step's batch (1: none was split; see src/engine/parallel). */
  readonly threads: number;
  readonly settings: TrainingSettings;
  readonly concepts: readonly ConceptUse[];
  readonly epochs: readonly EpochSummary[];
  readonly series: StepSeries;
  /** η_t over the whole planned run, computed before training: the schedule's curve. */
  readonly schedulePreview: readonly { readonly x: number; readonly y: number }[];
  readonly divergence?: DivergencePoint;
  /** Set when the run continued from trained or loaded weights instead of a fresh initialization. */
  readonly continued?: ContinuedTraining;
  /** Set when a layer's initializer was metainit or gradinit: the tuning done before the first step. */
  readonly initTuning?: InitTuningSummary;
  /** For data with two features: what the trained network computes over the input plane. */
  readonly landscape?: DecisionLandscape;
  readonly diagnostics: readonly LocatedDiagnostic[];
  readonly finalMetrics: Readonly<Record<string, number>>;
}

export interface TrainOutput {
  readonly kind: 'train';
  readonly title: string;
  readonly run: RunSummary;
}

export interface CompareOutput {
  readonly kind: 'compare';
  readonly title: string;
  readonly setting: string;
  readonly runs: readonly RunSummary[];
}

export interface InspectOutput {
  readonly kind: 'inspect';
  readonly title: string;
  readonly layers: readonly LayerSummary[];
  readonly concepts: readonly ConceptUse[];
}

export interface EvaluateOutput {
  readonly kind: 'evaluate';
  readonly title: string;
  readonly split: 'train' | 'validation' | 'test';
  readonly count: number;
  readonly loss: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Classification: rows are true classes, columns predicted. */
  readonly confusion?: { readonly classes: readonly string[]; readonly counts: readonly (readonly number[])[] };
  /** Classification: one curve per class (one-vs-rest), or one for binary. */
  readonly roc?: readonly { readonly label: string; readonly auc: number; readonly points: readonly { readonly fpr: number; readonly tpr: number }[] }[];
}

/** A declaration's effect in words ("model: 3 layers, 1,155 parameters"). */
export interface SummaryOutput {
  readonly kind: 'summary';
  readonly lines: readonly string[];
}

export interface WeightsOutput {
  readonly kind: 'weights';
  readonly title: string;
  readonly action: 'save' | 'load';
  readonly path: string;
  readonly tensors: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

export type { GradientSurveyOutput, LrFinderOutput, LrSuggestion } from './find-output';

export type CellOutput = TrainOutput | CompareOutput | InspectOutput | EvaluateOutput | SummaryOutput | WeightsOutput | LrFinderOutput | GradientSurveyOutput;

/** Everything one code cell produced. */
export interface CellResult {
  readonly status: 'ok' | 'error' | 'cancelled';
  readonly problems: readonly CellProblem[];
  readonly outputs: readonly CellOutput[];
}
