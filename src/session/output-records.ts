import type { Diagnostic } from '../engine/diagnostics/diagnostic';
import type { Divergence, EpochRecord, LayerStats, RunSettings, StepRecord, ThroughTime } from '../engine/train/records';
import type { DivergencePoint, EpochSummary, LayerSummary, LocatedDiagnostic, SourceLocation, StepSummary, ThroughTimeSummary, TrainingSettings } from '../protocol/cell-output';

/**
 * The engine's records as a cell's output holds them (src/protocol/cell-output.ts).
 * Each field is copied by name, so a field the engine adds stays out of
 * saved notebooks and `--json` files until the protocol and its schema
 * declare it, and one the engine renames or drops fails to compile here
 * instead of silently changing the file format.
 */

/** One layer's statistics. */
export function layerSummary(stats: LayerStats): LayerSummary {
  return {
    layer: stats.layer,
    kind: stats.kind,
    ...(stats.frozen ? { frozen: true } : {}),
    ...(stats.activation !== undefined ? { activation: stats.activation } : {}),
    ...(stats.initializer !== undefined ? { initializer: stats.initializer } : {}),
    ...(stats.negativeSlope !== undefined ? { negativeSlope: stats.negativeSlope } : {}),
    units: stats.units,
    weightMean: stats.weightMean,
    weightStd: stats.weightStd,
    unitSpread: stats.unitSpread,
    activationMean: stats.activationMean,
    activationVariance: stats.activationVariance,
    preactivationVariance: stats.preactivationVariance,
    deadFraction: stats.deadFraction,
    saturatedFraction: stats.saturatedFraction,
    gradientNorm: stats.gradientNorm,
    updateRatio: stats.updateRatio,
    distanceFromStart: stats.distanceFromStart,
  };
}

/** One recurrent layer's gradient norm through time. */
export function throughTimeSummary(profile: ThroughTime): ThroughTimeSummary {
  return {
    layer: profile.layer,
    kind: profile.kind,
    steps: profile.steps,
    ...(profile.bptt !== undefined ? { bptt: profile.bptt } : {}),
    norms: profile.norms,
  };
}

/** One epoch, with its layers. */
export function epochSummary(record: EpochRecord): EpochSummary {
  return {
    epoch: record.epoch,
    step: record.step,
    trainLoss: record.trainLoss,
    ...(record.validationLoss !== undefined ? { validationLoss: record.validationLoss } : {}),
    metrics: record.metrics,
    validationMetrics: record.validationMetrics,
    learningRate: record.learningRate,
    layers: record.layers.map(layerSummary),
    ...(record.throughTime ? { throughTime: record.throughTime.map(throughTimeSummary) } : {}),
  };
}

/** One optimizer step. */
export function stepSummary(step: StepRecord): StepSummary {
  return {
    step: step.step,
    epoch: step.epoch,
    loss: step.loss,
    learningRate: step.learningRate,
    gradNormBefore: step.gradNormBefore,
    gradNormAfter: step.gradNormAfter,
    clipped: step.clipped,
  };
}

/** The settings a run trained with. */
export function trainingSettings(settings: RunSettings): TrainingSettings {
  return {
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    loss: settings.loss,
    batchSize: settings.batchSize,
    ...(settings.clip !== undefined ? { clip: { method: settings.clip.method, threshold: settings.clip.threshold } } : {}),
    ...(settings.schedule !== undefined ? { schedule: settings.schedule } : {}),
  };
}

/** Where a run went non-finite. */
export function divergencePoint(divergence: Divergence): DivergencePoint {
  return {
    step: divergence.step,
    epoch: divergence.epoch,
    quantity: divergence.quantity,
    ...(divergence.layer !== undefined ? { layer: divergence.layer } : {}),
    value: divergence.value,
  };
}

/** A diagnostic, placed at the declaration it is about. */
export function locatedDiagnostic(diagnostic: Diagnostic, location: SourceLocation): LocatedDiagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    measured: diagnostic.measured,
    threshold: diagnostic.threshold,
    subject: diagnostic.subject,
    ...(diagnostic.layer !== undefined ? { layer: diagnostic.layer } : {}),
    ...(diagnostic.step !== undefined ? { step: diagnostic.step } : {}),
    ...(diagnostic.epoch !== undefined ? { epoch: diagnostic.epoch } : {}),
    fix: diagnostic.fix,
    fixConcept: diagnostic.fixConcept,
    location,
  };
}
