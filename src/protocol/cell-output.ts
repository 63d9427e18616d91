import type { Diagnostic } from '../engine/diagnostics/diagnostic';
import type { Divergence, EpochRecord, LayerStats, RunSettings } from '../engine/train/records';
import type { RunStatus } from '../engine/train/run';

/**
 * What running a cell produces, as plain JSON: the CLI's `--json` file, the
 * notebook's saved outputs and the renderer's input all have this shape
 * (documented in docs/output-schema.md).
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

/** A problem with what a cell says: a syntax error, an unknown name, a missing piece. */
export interface CellProblem {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
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

/** A training diagnostic, with the declaration it is about when it can be found. */
export type LocatedDiagnostic = Diagnostic & { readonly location?: SourceLocation };

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
  readonly status: RunStatus;
  readonly steps: number;
  readonly totalSteps: number;
  readonly elapsedMs: number;
  /** Threads that shared each step's batch (1: none was split; see src/engine/parallel). */
  readonly threads: number;
  readonly settings: RunSettings;
  readonly concepts: readonly ConceptUse[];
  readonly epochs: readonly EpochRecord[];
  readonly series: StepSeries;
  /** η_t over the whole planned run, computed before training: the schedule's curve. */
  readonly schedulePreview: readonly { readonly x: number; readonly y: number }[];
  readonly divergence?: Divergence;
  /** Set when the run continued from trained or loaded weights instead of a fresh initialization. */
  readonly continued?: ContinuedTraining;
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
  readonly layers: readonly LayerStats[];
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

export type CellOutput = TrainOutput | CompareOutput | InspectOutput | EvaluateOutput | SummaryOutput | WeightsOutput;

/** Everything one code cell produced. */
export interface CellResult {
  readonly status: 'ok' | 'error' | 'cancelled';
  readonly problems: readonly CellProblem[];
  readonly outputs: readonly CellOutput[];
}
