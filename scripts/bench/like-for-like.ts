// Every engine the benchmark times must compute what ours computes: from the
// same weights and batch, its first step's loss is ours to float32 rounding.

/** How far a first-step loss may stray from ours: float32 rounding in a different order of sums (relative, absolute below 1). */
export const LOSS_TOLERANCE = 1e-4;

/** Throws, naming the workload and engine, when `loss` is not `ours` within LOSS_TOLERANCE. */
export function checkFirstLoss(workload: string, engine: string, loss: number, ours: number): void {
  if (!(Math.abs(loss - ours) <= LOSS_TOLERANCE * Math.max(1, Math.abs(ours)))) {
    throw new Error(`bench ${workload}: ${engine}'s first loss ${loss} differs from ours, ${ours}: not the same computation`);
  }
}
