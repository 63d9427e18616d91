import type { RunSummary } from '../protocol/cell-output';
import { formatFigure } from '../protocol/figures';
import type { InitTuningSummary } from '../protocol/init-tuning';

const OBJECTIVE_NAMES = { metainit: 'gradient quotient', gradinit: 'loss after one simulated step' } as const;

/** How a tuning's objective moved: first and last meta-step, and how many steps it took. */
export function tuningObjectiveText(tuning: InitTuningSummary): string {
  const values = tuning.objective;
  const first = values[0];
  const last = values.at(-1);
  const constrained = tuning.constrained?.filter(Boolean).length ?? 0;
  const bound = tuning.constrained ? `, ${constrained} of them bounding ‖g‖ by γ` : '';
  return `${OBJECTIVE_NAMES[tuning.method]} ${formatFigure(first ?? Number.NaN)} → ${formatFigure(last ?? Number.NaN)} over ${values.length} meta-steps${bound}`;
}

/**
 * Two lines for a run whose initialization was tuned: the objective from the
 * first meta-step to the last, and each tuned tensor's scale against its
 * base draw. A run label leads the lines when several runs are listed.
 */
export function initTuningLines(run: RunSummary, labelled = false): string[] {
  const tuning = run.initTuning;
  if (!tuning) return [];
  const lead = labelled ? `${run.label}: ` : '';
  const scales = tuning.scales.map((s) => `${s.layer} ×${formatFigure(s.scale)}`).join(', ');
  const base = [...new Set(tuning.scales.map((s) => s.base))].join(', ');
  return [`${lead}${tuning.method}: ${tuningObjectiveText(tuning)}`, `${lead}${tuning.method} scales vs ${base}: ${scales}`];
}
