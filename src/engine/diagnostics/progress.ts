import type { EpochRecord } from '../train/records';
import { chanceLevel } from './chance';
import { hasPerfectAccuracy, isAdaptiveOptimizer, scheduleName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { formatFigure, formatPercent, initialLoss, latestEpoch } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * Diagnostics about where training is heading, read from the epoch loss
 * curves: the training loss standing still (plateau), and the validation loss
 * parting from it (overfitting).
 */

/**
 * plateau, as its catalog text states (./progress.entry.ts): K =
 * `plateauEpochs` epochs of change, which span K + 1 epoch records. Not
 * reported when chance-level is.
 */
export function plateau(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const span = thresholds.plateauEpochs;
  const curve = run.epochs.filter((epoch) => Number.isFinite(epoch.trainLoss));
  if (curve.length < span + 1) return [];
  const window = curve.slice(-(span + 1));
  const last = window[window.length - 1];
  if (last !== latestEpoch(run) || last.epoch === 0) return [];
  const losses = window.map((epoch) => epoch.trainLoss);
  const mean = losses.reduce((sum, loss) => sum + loss, 0) / losses.length;
  if (!(mean > 0)) return [];
  const change = (Math.max(...losses) - Math.min(...losses)) / mean;
  const threshold = thresholds.plateauChange;
  if (change >= threshold) return [];
  const reference = initialLoss(run) ?? Math.max(...curve.map((epoch) => epoch.trainLoss));
  if (last.trainLoss < thresholds.plateauLossFloor * reference || hasPerfectAccuracy(last.metrics)) return [];
  // A loss standing at the guess of the class frequencies is chance-level's finding, which says more.
  if (chanceLevel(run, thresholds).length > 0) return [];

  const fromPlateauSchedule = scheduleName(run.settings.schedule) === 'reduce_on_plateau';
  const fix =
    !fromPlateauSchedule
      ? { fix: 'lower the learning rate when the loss stalls (schedule reduce_on_plateau), or switch to adam, whose per-weight steps cross flat regions', fixConcept: 'reduce_on_plateau' }
      : !isAdaptiveOptimizer(run.settings.optimizer)
        ? { fix: 'switch to optimizer adam, whose per-weight step sizes cross flat regions that stall plain gradient descent', fixConcept: 'adam' }
        : { fix: 'give reduce_on_plateau a smaller patience or factor, or check the initialization for dead or identical units', fixConcept: 'reduce_on_plateau' };
  return [
    {
      code: 'plateau',
      severity: 'info',
      message:
        `the training loss stayed at ${formatFigure(last.trainLoss)} from epoch ${window[0].epoch} to epoch ${last.epoch}: ` +
        `it moved by ${formatPercent(change)} over those ${span} epochs (threshold ${formatPercent(threshold)})`,
      measured: change,
      threshold,
      subject: run.settings.schedule === undefined ? 'optimizer' : 'schedule',
      step: last.step,
      epoch: last.epoch,
      ...fix,
    },
  ];
}

/**
 * overfitting: the validation loss parts from the training loss; its two
 * rules are its catalog text (./progress.entry.ts), the first that holds
 * is reported. Each must hold over the last `overfittingEpochs` epochs, not
 * in the last one alone: the validation loss of a run trained with momentum
 * or a high rate spikes now and then, and one spike that lands on the last
 * epoch is noise, not a generalisation gap (Prechelt's UP criterion asks
 * for a rise over several strips for the same reason).
 */
export function overfitting(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  // A run that blew up has huge losses on every split; divergence is the finding, not a generalisation gap.
  if (run.divergence) return [];
  const curve = run.epochs.filter(
    (epoch): epoch is EpochRecord & { validationLoss: number } => Number.isFinite(epoch.validationLoss) && Number.isFinite(epoch.trainLoss),
  );
  const last = curve[curve.length - 1];
  if (last === undefined || last.epoch === 0) return [];
  const span = thresholds.overfittingEpochs;
  const recent = curve.slice(-span);
  const best = curve.reduce((lowest, epoch) => (epoch.validationLoss < lowest.validationLoss ? epoch : lowest));
  const reference = initialLoss(run) ?? best.validationLoss;
  const margin = thresholds.overfittingMargin * reference;
  const common = {
    code: 'overfitting',
    severity: 'warning',
    subject: 'train',
    step: last.step,
    epoch: last.epoch,
    fixConcept: 'dropout',
  } as const;
  const stopEarly = best.epoch > 0 && best !== last ? `, or stop at epoch ${best.epoch}, where the validation loss was lowest` : '';
  const fix = `add dropout after the hidden layers (for example dropout 0.2)${stopEarly}`;
  const since = recent.length === 1 ? `epoch ${last.epoch}` : `each of epochs ${recent[0].epoch}–${last.epoch}`;

  // The rise that has lasted: the lowest validation loss of the last `span` epochs, all of them after the best.
  const lasting = Math.min(...recent.map((epoch) => epoch.validationLoss));
  const rise = lasting - best.validationLoss;
  const waited = last.epoch - best.epoch;
  if (waited >= span && rise > margin && last.trainLoss < best.trainLoss) {
    const measured = reference > 0 ? rise / reference : Number.POSITIVE_INFINITY;
    return [
      {
        ...common,
        message:
          `the validation loss rose from ${formatFigure(best.validationLoss)} at epoch ${best.epoch} to ${formatFigure(last.validationLoss)} ` +
          `at epoch ${last.epoch}, at least ${formatFigure(rise)} above it in ${since} (${formatPercent(measured)} of the initial loss ${formatFigure(reference)}; ` +
          `threshold ${formatPercent(thresholds.overfittingMargin)} over ${span} epochs) ` +
          `while the training loss fell from ${formatFigure(best.trainLoss)} to ${formatFigure(last.trainLoss)}`,
        measured,
        threshold: thresholds.overfittingMargin,
        fix,
      },
    ];
  }

  if (recent.length < span || !recent.every((epoch) => epoch.trainLoss > 0)) return [];
  const ratio = Math.min(...recent.map((epoch) => epoch.validationLoss / epoch.trainLoss));
  const gap = Math.min(...recent.map((epoch) => epoch.validationLoss - epoch.trainLoss));
  if (ratio > thresholds.overfittingGap && gap > margin) {
    return [
      {
        ...common,
        message:
          `in ${since} the validation loss was at least ${formatFigure(ratio)}× the training loss ` +
          `(${formatFigure(last.validationLoss)} against ${formatFigure(last.trainLoss)} at epoch ${last.epoch}; threshold ${formatFigure(thresholds.overfittingGap)}× over ${span} epochs)`,
        measured: ratio,
        threshold: thresholds.overfittingGap,
        fix,
      },
    ];
  }
  return [];
}
