import type { ContinuedTraining } from '../protocol/cell-output';

/**
 * The sentence that tells a reader where a continued run started, for the
 * top of its output in the editor and under its title in the CLI:
 * "Continued from the weights of 2 earlier runs of this model (1,240 steps)."
 */
export function continuationText(continued: ContinuedTraining): string {
  if (continued.from === 'file') return 'Continued from the loaded weights, not from a fresh initialization.';
  const runs = continued.runs === 1 ? '1 earlier run' : `${continued.runs.toLocaleString('en-US')} earlier runs`;
  const steps = `${continued.steps.toLocaleString('en-US')} ${continued.steps === 1 ? 'step' : 'steps'}`;
  return `Continued from the weights of ${runs} of this model (${steps}), not from a fresh initialization.`;
}
