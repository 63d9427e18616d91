import type { DownsampledSeries } from '../engine/train/series';
import type { RunResult, TrainingRun } from '../engine/train/run';
import type { ConceptUse, LocatedDiagnostic, RunSummary, SeriesPoint, SourceLocation } from '../protocol/cell-output';
import type { Declarations } from './declarations';
import { divergencePoint, epochSummary, locatedDiagnostic, trainingSettings } from './output-records';
import { initTuningSummary } from './init-tuning';

function seriesPoints(series: DownsampledSeries): SeriesPoint[] {
  return series.points().map(({ x, mean, min, max, last }) => ({ x, mean, min, max, last }));
}

/**
 * The declaration a diagnostic is about: the layer's line for layer findings,
 * else the optimizer, clip, schedule or loss statement, else the train line.
 */
function locationOf(subject: LocatedDiagnostic['subject'], layer: string | undefined, declarations: Declarations, trainAt: SourceLocation): SourceLocation {
  if (subject === 'layer' && layer !== undefined) return declarations.model?.parts?.[Number(layer)] ?? declarations.model?.location ?? trainAt;
  const declared = subject === 'optimizer' || subject === 'clip' || subject === 'schedule' || subject === 'loss' ? declarations[subject] : undefined;
  return declared?.location ?? trainAt;
}

/** A finished (or stopped) run as its output shows it. */
export function summarize(
  label: string,
  run: TrainingRun,
  result: RunResult,
  plan: { concepts: readonly ConceptUse[]; totalSteps: number; schedulePreview: readonly { x: number; y: number }[] },
  declarations: Declarations,
  trainAt: SourceLocation,
): RunSummary {
  const telemetry = run.telemetry;
  return {
    label,
    status: result.status,
    steps: result.steps,
    totalSteps: plan.totalSteps,
    elapsedMs: result.elapsedMs,
    threads: result.threads,
    settings: trainingSettings(run.settings),
    concepts: plan.concepts,
    epochs: result.epochs.map(epochSummary),
    series: {
      loss: seriesPoints(telemetry.loss),
      learningRate: seriesPoints(telemetry.learningRate),
      gradNormBefore: seriesPoints(telemetry.gradNormBefore),
      gradNormAfter: seriesPoints(telemetry.gradNormAfter),
      clipped: seriesPoints(telemetry.clipped),
    },
    schedulePreview: plan.schedulePreview,
    ...(result.divergence ? { divergence: divergencePoint(result.divergence) } : {}),
    ...(run.initialTuning ? { initTuning: initTuningSummary(run.initialTuning) } : {}),
    diagnostics: result.diagnostics.map((d) => locatedDiagnostic(d, locationOf(d.subject, d.layer, declarations, trainAt))),
    finalMetrics: result.finalMetrics,
  };
}
