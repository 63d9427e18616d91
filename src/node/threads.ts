/**
 * How many threads a training step may use. Above one, a large batch is split
 * across helper threads (src/engine/parallel): each computes the gradient of
 * its rows on its own core. One is the default: on two cores a split gains
 * for some models and batches and loses for others (docs/performance.md), and
 * a single thread gives the same bits on every machine.
 */
export const TRAINING_THREADS = {
  default: 1,
  min: 1,
  /** Beyond this the models a notebook trains stop gaining: their batches are too small to share further. */
  max: 8,
} as const;

/** Whether `value` is a thread count the user may ask for. */
export function isThreadCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= TRAINING_THREADS.min && value <= TRAINING_THREADS.max;
}
