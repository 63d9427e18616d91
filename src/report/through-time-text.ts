import type { RunSummary } from '../protocol/cell-output';
import { formatFigure } from '../protocol/figures';
import { throughTimeRatio } from '../protocol/through-time';

/**
 * One line per recurrent layer of a run's last epoch: how the gradient
 * changed on its way back through time, r = ‖∂L/∂h_first‖ / ‖∂L/∂h_T‖
 * (src/protocol/through-time.ts), with the per-step factor. A run label
 * leads the line when several runs are listed (`compare`).
 */
export function throughTimeLines(run: RunSummary, labelled = false): string[] {
  const last = run.epochs.at(-1);
  return (last?.throughTime ?? []).flatMap((profile) => {
    const found = throughTimeRatio(profile);
    if (found === undefined) return [];
    const { ratio, from, to, perStep } = found;
    const lead = labelled ? `${run.label}: ` : '';
    return [
      `${lead}gradient through time, layer ${profile.layer} (${profile.kind}, T = ${profile.steps}), epoch ${last!.epoch}: ` +
        `‖∂L/∂h_${from}‖ / ‖∂L/∂h_${to}‖ = ${formatFigure(ratio)}, ×${formatFigure(perStep)} per step`,
    ];
  });
}
