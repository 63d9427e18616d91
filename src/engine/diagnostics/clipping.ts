import { clipMethodName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { currentLearningRate, formatFigure, formatPercent, median } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * frequent-clipping, as its catalog text states (./clipping.entry.ts). The
 * typical gradient norm is the median of ‖g‖ before clipping over the window,
 * robust to the very spikes clipping is for.
 */
export function frequentClipping(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const steps = run.recentSteps;
  if (steps.length === 0 || steps.length < thresholds.minWindowSteps) return [];
  const clippedSteps = steps.reduce((count, step) => count + (step.clipped ? 1 : 0), 0);
  const fraction = clippedSteps / steps.length;
  const threshold = thresholds.clippingFraction;
  if (fraction <= threshold) return [];

  const typical = median(steps.map((step) => step.gradNormBefore));
  const clip = run.settings.clip;
  const method = clipMethodName(clip?.method);
  const tau = clip?.threshold;
  const window = `clipping in ${formatPercent(fraction)} of the last ${steps.length} steps`;
  // Only for global-norm clipping is τ a bound on the same norm as ‖g‖; for the
  // other methods (per value, per layer, adaptive) the two are shown side by side.
  const comparison =
    method === 'norm' && tau !== undefined && tau < typical
      ? ` — τ=${formatFigure(tau)} is below the typical gradient norm ${formatFigure(typical)}`
      : ` — typical gradient norm ${formatFigure(typical)}${tau === undefined ? '' : `, ${method ?? 'clip'} τ=${formatFigure(tau)}`}`;
  const last = steps[steps.length - 1];
  return [
    {
      code: 'frequent-clipping',
      severity: 'warning',
      message: `${window}${comparison} (flagged above ${formatPercent(threshold)} of steps)`,
      measured: fraction,
      threshold,
      subject: 'clip',
      step: last.step,
      epoch: last.epoch,
      fix:
        `raise τ toward the typical gradient norm ${formatFigure(typical)} so only spikes are clipped, ` +
        `or lower the learning rate (now ${formatFigure(currentLearningRate(run))})`,
      fixConcept: method !== undefined && method !== 'none' ? method : 'norm',
    },
  ];
}
