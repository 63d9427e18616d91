import type { CellOutput, CellProblem, ConceptUse, LocatedDiagnostic, RunSummary, SeriesPoint, StepSummary } from '../src/protocol/cell-output';
import type { CellPayload, LiveOutput, LiveRun } from '../src/protocol/live-output';
import { finite } from './format';
import type { Point } from './charts/spec';
import { leftOutNote, validatePayload } from './validate-output';

/**
 * The renderer's reading of its input. A finished run (RunSummary) and a run
 * still training (LiveRun) are drawn by the same charts, so both become one
 * RunData here; what a live run does not know yet (settings, concepts,
 * diagnostics) is simply absent.
 */

/** One run, finished or still training. */
export interface RunData {
  readonly label: string;
  /** `completed`, `diverged`, … for a finished run; `running` or `finished` while a cell trains. */
  readonly status: string;
  readonly live: boolean;
  readonly steps: number;
  readonly totalSteps: number;
  readonly elapsedMs: number;
  /** Threads that shared each step's batch; absent while live and in outputs saved before it was recorded. */
  readonly threads?: number;
  readonly epochs: RunSummary['epochs'];
  readonly series: RunSummary['series'];
  readonly settings?: RunSummary['settings'];
  readonly concepts: readonly ConceptUse[];
  readonly schedulePreview: readonly { readonly x: number; readonly y: number }[];
  readonly diagnostics: readonly LocatedDiagnostic[];
  readonly finalMetrics?: Readonly<Record<string, number>>;
  readonly divergence?: RunSummary['divergence'];
  readonly latest?: StepSummary;
  /** Where the run's weights came from when it did not start from a fresh initialization. */
  readonly continued?: RunSummary['continued'];
  /** Data with two features: what the network computes over its input plane. */
  readonly landscape?: RunSummary['landscape'];
  /** What MetaInit or GradInit did before the first step. */
  readonly initTuning?: RunSummary['initTuning'];
}

/** A finished run or a live one, as RunData. */
export function runData(run: RunSummary | LiveRun): RunData {
  const finished = run as Partial<RunSummary> & { readonly latest?: StepSummary };
  const live = run.status === 'running' || run.status === 'finished';
  return {
    label: run.label,
    status: run.status,
    live,
    steps: run.steps,
    totalSteps: run.totalSteps,
    elapsedMs: run.elapsedMs,
    ...(finished.threads !== undefined ? { threads: finished.threads } : {}),
    epochs: run.epochs ?? [],
    series: run.series,
    ...(finished.settings !== undefined ? { settings: finished.settings } : {}),
    concepts: finished.concepts ?? [],
    schedulePreview: run.schedulePreview,
    diagnostics: finished.diagnostics ?? [],
    ...(finished.finalMetrics !== undefined ? { finalMetrics: finished.finalMetrics } : {}),
    ...(finished.divergence !== undefined ? { divergence: finished.divergence } : {}),
    ...(finished.latest !== undefined ? { latest: finished.latest } : {}),
    ...(finished.continued !== undefined ? { continued: finished.continued } : {}),
    ...(run.landscape !== undefined ? { landscape: run.landscape } : {}),
    ...(finished.initTuning !== undefined ? { initTuning: finished.initTuning } : {}),
  };
}

/** An output the renderer draws: a finished cell's outputs and the live snapshot of a training one. */
export type RenderedOutput = CellOutput | LiveOutput;

/** A cell's payload, whatever form it came in. */
export interface CellData {
  readonly status: CellPayload['status'];
  readonly problems: readonly CellProblem[];
  readonly outputs: readonly RenderedOutput[];
}

/**
 * Reads an output item's JSON: a cell's CellResult or live payload, or a
 * single output (older saved notebooks, tests). Outputs and problems that do
 * not fit their shapes are left out, with a note saying which
 * (validate-output.ts); anything that is not a payload at all is reported as
 * the renderer's own problem rather than thrown.
 */
export function cellData(json: unknown): CellData {
  const payload = validatePayload(json);
  const note = leftOutNote(payload.leftOut);
  // The validator has checked each output's shape, which is what these types say.
  const outputs = payload.outputs as RenderedOutput[];
  return { status: payload.status, problems: payload.problems, outputs: note === undefined ? outputs : [...outputs, note] };
}

/** The mean of each bucket of a per-step series, as points. */
export function means(series: readonly SeriesPoint[] | undefined): Point[] {
  return (series ?? []).map((point) => ({ x: point.x, y: finite(point.mean) }));
}

/** The lower and upper edges of each bucket of a per-step series. */
export function extremes(series: readonly SeriesPoint[] | undefined): { low: Point[]; high: Point[] } {
  const points = series ?? [];
  return {
    low: points.map((point) => ({ x: point.x, y: finite(point.min) })),
    high: points.map((point) => ({ x: point.x, y: finite(point.max) })),
  };
}

/** A layer's name on a chart axis: its position and what it is ("0 relu", "1 batchnorm", "2 conv2d relu"), and "(frozen)" after a layer written trainable=false. */
export function layerLabel(layer: { readonly layer: string; readonly kind: string; readonly activation?: string; readonly frozen?: boolean }): string {
  const frozen = layer.frozen ? ' (frozen)' : '';
  if (layer.kind === 'dense') return `${layer.layer} ${layer.activation ?? 'linear'}${frozen}`;
  return `${layer.layer} ${layer.kind}${layer.activation ? ` ${layer.activation}` : ''}${frozen}`;
}
