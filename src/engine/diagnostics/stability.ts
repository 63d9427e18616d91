import { optimizers } from '../optim/optimizers';
import { clipMethodName, scheduleName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { currentLearningRate, formatFigure, formatPercent, initialLoss, quantile, trainedEpochs, trendRise } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * A learning rate too large for the loss surface (divergence, lr-too-high): a
 * step overshoots along curvature λ once η > 2/λ, and past that the loss
 * grows to Infinity and NaN (Goodfellow et al. 2016, §8.2; LeCun et al. 1998).
 */

/** The largest finite float32: any weight, gradient or loss beyond it is not a number the engine can hold. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The fix for a learning rate too high: ten times lower, and a warmup unless the run already warms up. */
export function lowerRateFix(run: RunSnapshot, learningRate: number): { fix: string; fixConcept: string } {
  const lower = `lower the learning rate (now ${formatFigure(learningRate)}), for example to ${formatFigure(learningRate / 10)}`;
  if (scheduleName(run.settings.schedule) === 'warmup') {
    const optimizer = optimizers.has(run.settings.optimizer) ? optimizers.get(run.settings.optimizer).name : run.settings.optimizer;
    return { fix: lower, fixConcept: optimizer };
  }
  return { fix: `${lower}, or warm it up from a small value (schedule warmup)`, fixConcept: 'warmup' };
}

/**
 * divergence: the run stopped because a loss, weight or gradient was NaN or
 * ±Infinity. Reported from the run's divergence record, with the step and
 * the first layer holding a non-finite value.
 */
export function divergence(run: RunSnapshot): Diagnostic[] {
  const found = run.divergence;
  if (found === undefined) return [];
  const learningRate = currentLearningRate(run);
  const where = found.layer === undefined ? '' : `, first in layer ${found.layer}`;
  const clip = clipMethodName(run.settings.clip?.method);
  const clipping = clip !== undefined && clip !== 'none';
  return [
    {
      code: 'divergence',
      severity: 'error',
      message:
        `training diverged at step ${found.step} of epoch ${found.epoch}: the ${found.quantity} became ${String(found.value)}${where} ` +
        `(every value must stay finite, |x| ≤ ${formatFigure(FLOAT32_MAX)}), at learning rate ${formatFigure(learningRate)}`,
      measured: found.value,
      threshold: FLOAT32_MAX,
      subject: found.layer === undefined ? 'optimizer' : 'layer',
      ...(found.layer === undefined ? {} : { layer: found.layer }),
      step: found.step,
      epoch: found.epoch,
      ...(clipping
        ? lowerRateFix(run, learningRate)
        : {
            fix: `lower the learning rate (now ${formatFigure(learningRate)}), or clip the global gradient norm (clip norm 1.0) so one bad batch cannot throw the weights out`,
            fixConcept: 'norm',
          }),
    },
  ];
}

/**
 * lr-too-high: its three rules, each against ℓ₀ so they read the same at any
 * loss scale, are its catalog text (./stability.entry.ts); the first that
 * holds is reported. Not for a run that diverged: divergence says it already.
 */
export function learningRateTooHigh(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const start = initialLoss(run);
  if (run.divergence !== undefined || start === undefined) return [];
  const factor = thresholds.lossRiseFactor;
  const common = { code: 'lr-too-high', severity: 'warning', subject: 'optimizer' } as const;
  const initial = run.initialLoss !== undefined ? `the untrained network's loss ${formatFigure(start)} (before the earlier runs it continues)` : `the loss at initialization ${formatFigure(start)}`;

  const worstEpoch = trainedEpochs(run).reduce<(typeof run.epochs)[number] | undefined>(
    (worst, epoch) => (worst === undefined || epoch.trainLoss > worst.trainLoss ? epoch : worst),
    undefined,
  );
  if (worstEpoch !== undefined && worstEpoch.trainLoss / start > factor) {
    const ratio = worstEpoch.trainLoss / start;
    const learningRate = Number.isFinite(worstEpoch.learningRate) ? worstEpoch.learningRate : run.settings.learningRate;
    return [
      {
        ...common,
        message:
          `the training loss in epoch ${worstEpoch.epoch} was ${formatFigure(worstEpoch.trainLoss)}, ${formatFigure(ratio)}× ${initial} ` +
          `(threshold ${formatFigure(factor)}×), at learning rate ${formatFigure(learningRate)}`,
        measured: ratio,
        threshold: factor,
        step: worstEpoch.step,
        epoch: worstEpoch.epoch,
        ...lowerRateFix(run, learningRate),
      },
    ];
  }

  const steps = run.recentSteps.filter((step) => Number.isFinite(step.loss));
  if (steps.length === 0 || steps.length < thresholds.minWindowSteps) return [];
  const losses = steps.map((step) => step.loss);
  const last = steps[steps.length - 1];
  const learningRate = currentLearningRate(run);
  const at = { step: last.step, epoch: last.epoch };

  const upperQuartile = quantile(losses, 0.75);
  if (upperQuartile / start > factor) {
    const ratio = upperQuartile / start;
    return [
      {
        ...common,
        message:
          `a quarter of the last ${steps.length} steps had a loss above ${formatFigure(upperQuartile)}, ${formatFigure(ratio)}× ${initial} ` +
          `(threshold ${formatFigure(factor)}×): the loss swings above where it started, at learning rate ${formatFigure(learningRate)}`,
        measured: ratio,
        threshold: factor,
        ...at,
        ...lowerRateFix(run, learningRate),
      },
    ];
  }

  const rise = trendRise(losses);
  const relativeRise = rise / start;
  if (relativeRise > thresholds.lossTrendRise) {
    return [
      {
        ...common,
        message:
          `the loss trend rose by ${formatFigure(rise)} over the last ${steps.length} steps (least-squares line), ` +
          `${formatPercent(relativeRise)} of ${initial} (threshold ${formatPercent(thresholds.lossTrendRise)}), at learning rate ${formatFigure(learningRate)}`,
        measured: relativeRise,
        threshold: thresholds.lossTrendRise,
        ...at,
        ...lowerRateFix(run, learningRate),
      },
    ];
  }
  return [];
}
