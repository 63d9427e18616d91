import { availableParallelism } from 'node:os';

/**
 * How many threads a training step may use. Above one, a large batch is split
 * across helper threads (src/engine/parallel): each computes the gradient of
 * its rows on its own core.
 */
export const TRAINING_THREADS = {
  min: 1,
  /** Beyond this the models a notebook trains stop gaining: their batches are too small to share further. */
  max: 8,
  /** The most an automatic choice takes, leaving the rest of a large machine to everything else. */
  automaticMax: 4,
} as const;

/**
 * The thread count chosen when the user names none: every core (at most
 * {@link TRAINING_THREADS.automaticMax}), less `reservedCores` kept free —
 * the editor keeps one for itself so typing and charts stay fluid while a
 * cell trains; a headless run keeps none.
 */
export function automaticThreads(reservedCores: number, cores: number = availableParallelism()): number {
  return Math.max(TRAINING_THREADS.min, Math.min(TRAINING_THREADS.automaticMax, cores - reservedCores));
}

/** Whether `value` is a thread count the user may ask for. */
export function isThreadCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= TRAINING_THREADS.min && value <= TRAINING_THREADS.max;
}
