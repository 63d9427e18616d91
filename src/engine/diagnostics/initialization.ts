import type { LayerStats } from '../train/records';
import {
  activationFamily,
  activationName,
  initializerName,
  neededVarianceScale,
  suitedInitializer,
  varianceFormula,
  varianceScale,
} from './concepts';
import type { Diagnostic } from './diagnostic';
import { activatedLayers, formatFigure, initialEpoch, latestEpoch } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * Diagnostics about how the weights started: units that can never become
 * different (symmetry), and an initializer whose variance does not suit the
 * layer's activation (init-mismatch).
 */

/**
 * symmetry's s (./initialization.entry.ts), over the RMS so one tolerance fits
 * any weight scale: identical rows give 0 (up to rounding of W̄), random rows
 * about √n_in, all-zero weights 0.
 */
function relativeSpread(layer: LayerStats): number {
  const spread = layer.unitSpread;
  if (!Number.isFinite(spread) || spread < 0) return Number.NaN;
  if (spread === 0) return 0;
  const rms = Math.hypot(layer.weightMean, layer.weightStd);
  return Number.isFinite(rms) && rms > 0 ? spread / rms : Number.NaN;
}

/**
 * symmetry, as its catalog text states (./initialization.entry.ts): identical
 * units get identical gradients, so no update tells them apart. Needs a
 * trained epoch, since training alone (dropout) might break the tie.
 */
export function symmetry(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const first = initialEpoch(run);
  const last = latestEpoch(run);
  if (first === undefined || last === undefined || last.epoch === 0) return [];
  const tolerance = thresholds.symmetryTolerance;
  const found: Diagnostic[] = [];
  for (const layer of activatedLayers(last)) {
    if (layer.units <= 1) continue;
    const atInit = first.layers.find((candidate) => candidate.layer === layer.layer);
    if (atInit === undefined) continue;
    const before = relativeSpread(atInit);
    const after = relativeSpread(layer);
    if (!(before <= tolerance && after <= tolerance)) continue;
    const family = activationFamily(layer.activation);
    const fixConcept = suitedInitializer(family);
    const initializer = initializerName(layer.initializer ?? atInit.initializer) ?? 'its initializer';
    found.push({
      code: 'symmetry',
      severity: 'error',
      message:
        `the ${layer.units} units of layer ${layer.layer} had identical incoming weights at initialization (${initializer}) ` +
        `and still do after epoch ${last.epoch} (unit spread ÷ weight RMS ${formatFigure(after)}, tolerance ${formatFigure(tolerance)}): ` +
        `they receive identical gradients and act as a single unit`,
      measured: after,
      threshold: tolerance,
      subject: 'layer',
      layer: layer.layer,
      step: last.step,
      epoch: last.epoch,
      fix:
        `initialize layer ${layer.layer} with a random initializer so the units start different: ` +
        `${fixConcept}${family === 'relu' ? ' for ReLU' : family === 'saturating' ? ' for tanh/sigmoid' : ''}`,
      fixConcept,
    });
  }
  return found;
}

/**
 * init-mismatch, as its catalog text states (./initialization.entry.ts):
 * read from the declarations alone, so it is reported before the first
 * update, and information only since a custom `gain` does not show.
 */
export function initMismatch(run: RunSnapshot): Diagnostic[] {
  const epoch = initialEpoch(run) ?? latestEpoch(run);
  if (epoch === undefined) return [];
  const found: Diagnostic[] = [];
  for (const layer of activatedLayers(epoch)) {
    const family = activationFamily(layer.activation);
    const measured = varianceScale(layer.initializer);
    const needed = neededVarianceScale(family);
    if (measured === undefined || needed === undefined || measured === needed) continue;
    const initializer = initializerName(layer.initializer);
    const activation = activationName(layer.activation);
    const fixConcept = suitedInitializer(family);
    const consequence =
      needed === 2
        ? 'the signal variance roughly halves at each ReLU layer, so activations and gradients shrink with depth'
        : `Var(z) doubles, pushing ${activation} toward its flat tails where gradients vanish`;
    found.push({
      code: 'init-mismatch',
      severity: 'info',
      message:
        `layer ${layer.layer} uses ${initializer} (${varianceFormula(initializer)}, scale ${measured}) with ${activation}, ` +
        `which needs scale ${needed} (${varianceFormula(fixConcept)}): ${consequence}`,
      measured,
      threshold: needed,
      subject: 'layer',
      layer: layer.layer,
      step: epoch.step,
      epoch: epoch.epoch,
      fix: `initialize layer ${layer.layer} with ${fixConcept}, made for ${family === 'relu' ? 'the ReLU family' : 'tanh and sigmoid'}`,
      fixConcept,
    });
  }
  return found;
}
