import type { EpochRecord, LayerStats } from '../train/records';
import { activationFamily, clipMethodName, initializerName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { activatedLayers, epochPhrase, formatFigure, initialEpoch, latestEpoch } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * vanishing-gradients and exploding-gradients, as their catalog text states
 * (./gradients.entry.ts): r = ‖∇W₁‖ / ‖∇W_L‖ over the layers with a kernel (dense, conv2d), at
 * initialization and at the latest epoch; the more extreme is reported.
 */

/** The gradient-norm profile of one epoch across its layers with a kernel. */
interface Profile {
  readonly epoch: EpochRecord;
  readonly first: LayerStats;
  readonly last: LayerStats;
  readonly layers: readonly LayerStats[];
  readonly ratio: number;
  readonly perLayer: number;
}

function profile(epoch: EpochRecord): Profile | undefined {
  const layers = activatedLayers(epoch).filter((layer) => Number.isFinite(layer.gradientNorm) && layer.gradientNorm >= 0);
  if (layers.length < 2) return undefined;
  const first = layers[0];
  const last = layers[layers.length - 1];
  if (!(last.gradientNorm > 0)) return undefined;
  const ratio = first.gradientNorm / last.gradientNorm;
  return { epoch, first, last, layers, ratio, perLayer: ratio ** (1 / (layers.length - 1)) };
}

/** Initialization and the latest epoch (once if they are the same record). */
function profiles(run: RunSnapshot): Profile[] {
  const epochs = [...new Set([initialEpoch(run), latestEpoch(run)])];
  return epochs.flatMap((epoch) => {
    const found = epoch === undefined ? undefined : profile(epoch);
    return found === undefined ? [] : [found];
  });
}

function extremeLayer(layers: readonly LayerStats[], pick: 'smallest' | 'largest'): LayerStats {
  return layers.reduce((best, layer) =>
    (pick === 'smallest' ? layer.gradientNorm < best.gradientNorm : layer.gradientNorm > best.gradientNorm) ? layer : best,
  );
}

function describe(found: Profile, direction: 'falls' | 'grows', threshold: number, extreme: LayerStats): string {
  const { first, last, epoch } = found;
  return (
    `${epochPhrase(epoch.epoch)} the gradient norm ${direction} from ${formatFigure(last.gradientNorm)} in output layer ${last.layer} ` +
    `to ${formatFigure(first.gradientNorm)} in input layer ${first.layer}: ratio ${formatFigure(found.ratio)} ` +
    `(threshold ${formatFigure(threshold)}), ×${formatFigure(found.perLayer)} per layer over ${found.layers.length} layers with weights; ` +
    `${direction === 'falls' ? 'smallest' : 'largest'} in layer ${extreme.layer} (${formatFigure(extreme.gradientNorm)})`
  );
}

/**
 * The fix for vanishing gradients: He initialization when ReLU layers are not
 * yet using it, LSUV calibration when they are, batch normalization for
 * tanh/sigmoid stacks (whose f′ ≤ 1 shrinks gradients whatever the init).
 */
function vanishingFix(hidden: readonly LayerStats[]): { fix: string; fixConcept: string } {
  const relu = hidden.filter((layer) => activationFamily(layer.activation) === 'relu');
  if (relu.length > 0 && relu.length >= hidden.length / 2) {
    const allHe = relu.every((layer) => initializerName(layer.initializer)?.startsWith('he_') === true);
    return allHe
      ? { fix: 'calibrate the initial weights with lsuv so every layer starts with unit output variance, or add batchnorm between layers', fixConcept: 'lsuv' }
      : { fix: 'initialize the ReLU layers with he_normal (Var(W) = 2/n_in keeps the gradient variance from layer to layer)', fixConcept: 'he_normal' };
  }
  return {
    fix: 'add batchnorm before the tanh/sigmoid layers to keep their inputs in the steep range, or switch hidden layers to relu with he_normal',
    fixConcept: 'batchnorm',
  };
}

export function vanishingGradients(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const threshold = thresholds.vanishingRatio;
  const worst = profiles(run)
    .filter((found) => found.ratio < threshold)
    .reduce<Profile | undefined>((best, found) => (best === undefined || found.ratio < best.ratio ? found : best), undefined);
  if (worst === undefined) return [];
  const extreme = extremeLayer(worst.layers, 'smallest');
  return [
    {
      code: 'vanishing-gradients',
      severity: 'warning',
      message: describe(worst, 'falls', threshold, extreme),
      measured: worst.ratio,
      threshold,
      subject: 'layer',
      layer: extreme.layer,
      step: worst.epoch.step,
      epoch: worst.epoch.epoch,
      ...vanishingFix(worst.layers.slice(0, -1)),
    },
  ];
}

/** Exploding gradients: clip the global norm if the run does not yet; batch normalization if it already clips. */
export function explodingGradients(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const threshold = thresholds.explodingRatio;
  const worst = profiles(run)
    .filter((found) => found.ratio > threshold)
    .reduce<Profile | undefined>((best, found) => (best === undefined || found.ratio > best.ratio ? found : best), undefined);
  if (worst === undefined) return [];
  const extreme = extremeLayer(worst.layers, 'largest');
  const clip = clipMethodName(run.settings.clip?.method);
  const clipping = clip !== undefined && clip !== 'none';
  return [
    {
      code: 'exploding-gradients',
      severity: 'warning',
      message: describe(worst, 'grows', threshold, extreme),
      measured: worst.ratio,
      threshold,
      subject: 'layer',
      layer: extreme.layer,
      step: worst.epoch.step,
      epoch: worst.epoch.epoch,
      ...(clipping
        ? { fix: 'add batchnorm between layers to keep activations at unit scale, and check the initializer scale', fixConcept: 'batchnorm' }
        : { fix: 'clip the global gradient norm (clip norm 1.0) and check the initializer scale (he_normal for ReLU)', fixConcept: 'norm' }),
    },
  ];
}
