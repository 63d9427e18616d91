import type { EpochRecord, LayerStats } from '../train/records';
import { activationName, initializerName, isCrossEntropy } from './concepts';
import type { Diagnostic } from './diagnostic';
import { currentLearningRate, activatedLayers, formatFigure, formatPercent, latestEpoch } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * Units that stopped passing gradient, read from the latest epoch's layer
 * statistics (dying-relu, saturation), each reported once per layer.
 */

/** "of epoch 7" or "of the initialization batch" (with the given preposition). */
function samplesPhrase(epoch: EpochRecord, preposition: 'of' | 'over'): string {
  return `${preposition} ${epoch.epoch === 0 ? 'the initialization batch' : `epoch ${epoch.epoch}`}`;
}

/**
 * A leaky slope at least this steep keeps a never-positive unit learning at
 * a useful rate (a fifth of its gradient at 0.2): not worth a finding.
 */
const LIVELY_SLOPE = 0.1;

/**
 * dying-relu, as its catalog text states (./units.entry.ts; Lu et al. 2019,
 * "Dying ReLU and initialization"): a leaky slope below LIVELY_SLOPE makes
 * it information, a steeper one or elu is not judged.
 */
export function dyingRelu(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const epoch = latestEpoch(run);
  if (epoch === undefined) return [];
  const threshold = thresholds.deadFraction;
  const found: Diagnostic[] = [];
  for (const layer of activatedLayers(epoch)) {
    const dead = layer.deadFraction;
    if (dead === null || !Number.isFinite(dead) || dead <= threshold) continue;
    const slope = layer.negativeSlope ?? (activationName(layer.activation) === 'relu' ? 0 : undefined);
    if (slope === undefined || slope >= LIVELY_SLOPE) continue;
    const count = Math.round(dead * layer.units);
    const units = `${count} of the ${layer.units} units in layer ${layer.layer} (${formatPercent(dead)})`;
    const measured = `${samplesPhrase(epoch, 'of')} (threshold ${formatPercent(threshold)})`;
    found.push({
      code: 'dying-relu',
      severity: slope === 0 ? 'warning' : 'info',
      message:
        slope === 0
          ? `${units} output 0 for every sample ${measured}`
          : `${units} were below 0 for every sample ${measured}: with the leaky slope ${formatFigure(slope)} they still learn, but from ${formatFigure(slope)} of their gradient`,
      measured: dead,
      threshold,
      subject: 'layer',
      layer: layer.layer,
      step: epoch.step,
      epoch: epoch.epoch,
      ...dyingReluFix(layer, currentLearningRate(run)),
    });
  }
  return found;
}

/**
 * Plain ReLU: a leaky slope keeps dead units learning. Leaky with a shallow
 * slope: a steeper one. Either way He initialization and a gentler learning
 * rate (the usual cause of units dying during training) help too.
 */
function dyingReluFix(layer: LayerStats, learningRate: number): { fix: string; fixConcept: string } {
  const rest = `initialize with he_normal, or lower the learning rate (now ${formatFigure(learningRate)})`;
  const leaky = layer.negativeSlope !== undefined && layer.negativeSlope > 0;
  return {
    fix: leaky
      ? `use a steeper leaky slope in layer ${layer.layer}, such as leaky_relu(${LIVELY_SLOPE}), ${rest}`
      : `use leaky_relu in layer ${layer.layer} so units below 0 still get a gradient, ${rest}`,
    fixConcept: 'leaky_relu',
  };
}

/**
 * saturation, as its catalog text states (./units.entry.ts), measured as the
 * layer's saturatedFraction; the output layer is skipped under a
 * cross-entropy loss, whose gradient p − y does not pass through σ′.
 */
export function saturation(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const epoch = latestEpoch(run);
  if (epoch === undefined) return [];
  const threshold = thresholds.saturatedFraction;
  const dense = activatedLayers(epoch);
  const output = dense[dense.length - 1];
  const skipOutput = isCrossEntropy(run.settings.loss);
  const found: Diagnostic[] = [];
  for (const layer of dense) {
    if (skipOutput && layer === output) continue;
    const saturated = layer.saturatedFraction;
    if (saturated === null || !Number.isFinite(saturated) || saturated <= threshold) continue;
    const activation = activationName(layer.activation) ?? 'its activation';
    const glorot = initializerName(layer.initializer)?.startsWith('glorot_') === true;
    found.push({
      code: 'saturation',
      severity: 'warning',
      message:
        `${formatPercent(saturated)} of the outputs of ${activation} layer ${layer.layer} lie in its flat tails ` +
        `(within 1 % of an asymptote) ${samplesPhrase(epoch, 'over')} (threshold ${formatPercent(threshold)}): ` +
        `their gradient is nearly 0`,
      measured: saturated,
      threshold,
      subject: 'layer',
      layer: layer.layer,
      step: epoch.step,
      epoch: epoch.epoch,
      ...(glorot
        ? { fix: `add batchnorm before layer ${layer.layer} so its pre-activations stay near 0, where ${activation} is steep`, fixConcept: 'batchnorm' }
        : { fix: `initialize layer ${layer.layer} with glorot_uniform, which keeps Var(z) near 1 where ${activation} is steep, or add batchnorm`, fixConcept: 'glorot_uniform' }),
    });
  }
  return found;
}
