import type { Diagnostic } from './diagnostic';
import { currentLearningRate, activatedLayers, formatFigure, latestEpoch, trainedEpochs } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';
import { lowerRateFix } from './stability';

/**
 * update-ratio: ‖ΔW‖ / ‖W‖ per layer with a kernel against the ~1e-3 rule of thumb,
 * as its catalog text states (./updates.entry.ts). The low rule reads the
 * largest epoch's ratio, so a schedule that anneals to a tiny rate is not
 * mistaken for it. Not judged before the first update, for weights all zero
 * (symmetry says it) or for a run that diverged (divergence says it).
 */
export function updateRatio(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const latest = latestEpoch(run);
  const trained = trainedEpochs(run);
  if (latest === undefined || trained.length === 0 || run.divergence !== undefined) return [];
  const learningRate = currentLearningRate(run);
  return activatedLayers(latest).flatMap((layer): Diagnostic[] => {
    const ratios = trained.map((epoch) => ({ epoch, ratio: epoch.layers.find((l) => l.layer === layer.layer)?.updateRatio ?? Number.NaN }));
    const measured = ratios.filter(({ ratio }) => Number.isFinite(ratio));
    if (measured.length === 0) return [];
    const last = measured[measured.length - 1];
    if (last.epoch === latest && last.ratio > thresholds.updateRatioHigh) {
      return [
        {
          code: 'update-ratio',
          severity: 'warning',
          message:
            `layer ${layer.layer}'s weights moved by ${formatFigure(last.ratio)} of their norm per step in epoch ${latest.epoch} ` +
            `(‖ΔW‖ / ‖W‖, above ${formatFigure(thresholds.updateRatioHigh)}; about 1e-3 is healthy): each step rewrites much of what the layer learned`,
          measured: last.ratio,
          threshold: thresholds.updateRatioHigh,
          subject: 'layer',
          layer: layer.layer,
          step: latest.step,
          epoch: latest.epoch,
          ...lowerRateFix(run, learningRate),
        },
      ];
    }
    const largest = measured.reduce((best, entry) => (entry.ratio > best.ratio ? entry : best));
    if (largest.ratio < thresholds.updateRatioLow) {
      return [
        {
          code: 'update-ratio',
          severity: 'info',
          message:
            `layer ${layer.layer}'s weights moved by at most ${formatFigure(largest.ratio)} of their norm per step (largest in epoch ${largest.epoch.epoch}; ` +
            `‖ΔW‖ / ‖W‖, below ${formatFigure(thresholds.updateRatioLow)}; about 1e-3 is healthy): the layer barely learns`,
          measured: largest.ratio,
          threshold: thresholds.updateRatioLow,
          subject: 'layer',
          layer: layer.layer,
          step: largest.epoch.step,
          epoch: largest.epoch.epoch,
          fix: `raise the learning rate (now ${formatFigure(learningRate)}), or use an adaptive optimizer such as adam, which scales each weight's step; if the layer's gradient vanishes, fix that first`,
          fixConcept: 'adam',
        },
      ];
    }
    return [];
  });
}
