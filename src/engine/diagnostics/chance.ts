import { optimizers } from '../optim/optimizers';
import { accuracyOf, isCrossEntropy, scheduleName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { activatedLayers, currentLearningRate, formatFigure, formatPercent, median, trainedEpochs } from './figures';
import { explodingGradients, vanishingGradients } from './gradients';
import { initMismatch, symmetry } from './initialization';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';
import { learningRateTooHigh, lowerRateFix } from './stability';
import { dyingRelu, saturation } from './units';
import { updateRatio } from './updates';

/**
 * chance-level, as its catalog text states (./chance.entry.ts): a classifier
 * whose cross-entropy sits at the loss of a guess that ignores the input.
 * The best such guess predicts each class with its frequency pₖ in the
 * training labels, and its cross-entropy is their entropy −Σ pₖ ln pₖ: ln K
 * for K balanced classes, −p ln p − (1−p) ln(1−p) for one sigmoid output.
 */

/** The ‖ΔW‖ / ‖W‖ rule of thumb for a healthy step, which tells a rate too high from one too low. */
const HEALTHY_UPDATE_RATIO = 1e-3;

/**
 * Checks that find why a network cannot leave the guess, in the order their
 * fix is worth trying; when one of them reports, chance-level points to it
 * instead of giving a fix of its own.
 */
const CAUSES = [symmetry, vanishingGradients, dyingRelu, saturation, explodingGradients, learningRateTooHigh, updateRatio, initMismatch];

/** The loss and accuracy of guessing from the class frequencies alone, and how to say it. */
interface Guess {
  readonly loss: number;
  readonly accuracy: number;
  readonly description: string;
}

/** The guess a classifier falls back to, from its training labels; undefined for a run without labels. */
function guessOf(run: RunSnapshot): Guess | undefined {
  const counts = run.classCounts ?? [];
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (!(total > 0)) return undefined;
  const frequencies = counts.filter((count) => count > 0).map((count) => count / total);
  const loss = frequencies.reduce((sum, p) => sum - p * Math.log(p), 0);
  const accuracy = Math.max(...frequencies);
  const seen = frequencies.length;
  // Within 1 % of ln K the frequencies are as good as equal, and "1/K" is the honest way to say it.
  if (loss >= 0.99 * Math.log(seen)) {
    return { loss, accuracy, description: `guessing each of the ${seen} classes with probability 1/${seen} (ln ${seen} = ${formatFigure(Math.log(seen))})` };
  }
  if (counts.length === 2) {
    const p = counts[1] / total;
    return { loss, accuracy, description: `guessing the positive class with its frequency p = ${formatFigure(p)} (−p ln p − (1−p) ln(1−p) = ${formatFigure(loss)})` };
  }
  return { loss, accuracy, description: `guessing each of the ${seen} classes with its frequency pₖ in the training labels (−Σ pₖ ln pₖ = ${formatFigure(loss)})` };
}

/** Trained epochs, counted back from the last, whose loss stays within the margin of the guess's. */
function epochsAtGuess(run: RunSnapshot, guess: Guess, margin: number): { epoch: number; distance: number }[] {
  const trained = trainedEpochs(run);
  const at: { epoch: number; distance: number }[] = [];
  for (let i = trained.length - 1; i >= 0; i--) {
    const distance = Math.abs(trained[i].trainLoss - guess.loss) / guess.loss;
    if (!(distance <= margin)) break;
    at.unshift({ epoch: trained[i].epoch, distance });
  }
  return at;
}

/** chance-level: reported once, at the run's last epoch, with a fix that depends on why the run is stuck. */
export function chanceLevel(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  if (run.divergence !== undefined || !isCrossEntropy(run.settings.loss)) return [];
  const guess = guessOf(run);
  const trained = trainedEpochs(run);
  const last = trained[trained.length - 1];
  // One class only: its guess is certain and costs nothing, so nothing tells guessing from learning.
  if (guess === undefined || !(guess.loss > 0) || last === undefined || last !== run.epochs[run.epochs.length - 1]) return [];
  const margin = thresholds.chanceLossMargin;
  const stuck = epochsAtGuess(run, guess, margin);
  if (stuck.length < thresholds.chanceEpochs) return [];

  const validated = accuracyOf(last.validationMetrics);
  const accuracy = validated ?? accuracyOf(last.metrics);
  if (accuracy !== undefined && accuracy > guess.accuracy + thresholds.chanceAccuracyMargin) return [];

  const measured = Math.max(...stuck.slice(-thresholds.chanceEpochs).map((epoch) => epoch.distance));
  const span = stuck.length === 1 ? `for 1 epoch (epoch ${last.epoch}` : `for ${stuck.length} epochs (epochs ${stuck[0].epoch}–${last.epoch}`;
  const accuracyText =
    accuracy === undefined
      ? ''
      : `; ${validated !== undefined ? 'validation' : 'training'} accuracy ${formatFigure(accuracy)} against ${formatFigure(guess.accuracy)} for the guess (margin ${formatFigure(thresholds.chanceAccuracyMargin)})`;
  return [
    {
      code: 'chance-level',
      severity: 'warning',
      message:
        `the training loss has stayed near ${formatFigure(guess.loss)} ${span}, ${formatFigure(last.trainLoss)} in epoch ${last.epoch}), ` +
        `the cross-entropy of ${guess.description}: within ${formatPercent(measured)} of it ${thresholds.chanceEpochs === 1 ? 'in the last epoch' : `over the last ${thresholds.chanceEpochs} epochs`} ` +
        `(threshold ${formatPercent(margin)})${accuracyText}; the network predicts the same distribution whatever the input`,
      measured,
      threshold: margin,
      subject: 'optimizer',
      step: last.step,
      epoch: last.epoch,
      ...chanceFix(run, thresholds),
    },
  ];
}

/**
 * What to change: the cause another check found, else warmup for attention
 * blocks that start at the full rate, else a learning rate lower or higher
 * as the layers' update ratios say.
 */
function chanceFix(run: RunSnapshot, thresholds: DiagnosticThresholds): { fix: string; fixConcept: string } {
  const cause = CAUSES.flatMap((check) => check(run, thresholds))[0];
  if (cause !== undefined) {
    return { fix: `follow the fix of ${cause.code}, reported for this run: it is why the network cannot leave the guess`, fixConcept: cause.fixConcept };
  }
  const layers = run.epochs[run.epochs.length - 1].layers;
  const learningRate = currentLearningRate(run);
  const optimizer = optimizers.has(run.settings.optimizer) ? optimizers.get(run.settings.optimizer).name : run.settings.optimizer;
  if (layers.some((layer) => layer.kind === 'attention') && scheduleName(run.settings.schedule) !== 'warmup') {
    return {
      fix:
        'warm the learning rate up from 0 (for example schedule warmup 100): attention blocks with the layer norm after the residual sum (norm=post, the default) ' +
        `take steps of the full rate ${formatFigure(learningRate)} from the start and cannot recover; or move the norm before it (norm=pre)`,
      fixConcept: 'warmup',
    };
  }
  const ratio = median(activatedLayers(run.epochs[run.epochs.length - 1]).map((layer) => layer.updateRatio));
  if (!Number.isFinite(ratio)) {
    return {
      fix: `compare learning rates ten times lower and higher than ${formatFigure(learningRate)} (compare lr=[${formatFigure(learningRate / 10)}, ${formatFigure(learningRate)}, ${formatFigure(learningRate * 10)}])`,
      fixConcept: optimizer,
    };
  }
  if (ratio >= HEALTHY_UPDATE_RATIO) return lowerRateFix(run, learningRate);
  return {
    fix: `raise the learning rate (now ${formatFigure(learningRate)}, moving the weights by ${formatFigure(ratio)} of their norm per step, against about 1e-3 when healthy), for example to ${formatFigure(learningRate * 10)}`,
    fixConcept: optimizer,
  };
}
