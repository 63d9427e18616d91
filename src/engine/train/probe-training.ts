import type { BatchIterator } from '../data/batches';
import { copyTensors } from '../model';
import { TrainingStep, type StepResult, type TrainingSetup } from './step';

/**
 * Trains for a while only to measure: the learning-rate sweep and the
 * gradient-norm survey take real optimizer steps on successive batches, and
 * put the weights and the optimizer's state back afterwards, so that a later
 * `train` starts exactly where it would have without them.
 */
export function probeTraining<T>(setup: TrainingSetup, batches: BatchIterator, measure: (step: (configure?: () => void) => StepResult) => T): T {
  const { model, optimizer } = setup;
  const weights = copyTensors(model.stateDict());
  const state = optimizer.getState();
  const trainer = new TrainingStep(setup);
  const step = (configure?: () => void): StepResult => {
    let batch = batches.next();
    if (batch === undefined) {
      batches.startEpoch();
      batch = batches.next()!;
    }
    configure?.();
    return trainer.run(batch.x, batch.y, batch.size);
  };
  try {
    return measure(step);
  } finally {
    model.loadStateDict(weights);
    optimizer.setState(state);
  }
}
