import type { RunConfig } from '../engine/train/config';
import type { TrainingHistory } from '../engine/train/records';
import { TrainingRun } from '../engine/train/run';
import type { ContinuedTraining, SourceLocation, TrainOutput } from '../protocol/cell-output';
import type { RunPlan } from './build';
import type { PreparedData } from './data';
import { declarationKey, type Declarations } from './declarations';
import { landscapeMaker } from './landscape';
import { runControl, runData, withLandscape, type RunningCell } from './run-control';
import { summarize } from './summaries';
import { heldWeights, type TrainedState } from './weight-statements';

/** A planned `train` run and what it may continue from. */
export interface TrainRequest {
  readonly data: PreparedData;
  readonly plan: RunPlan;
  /** The plan's run with what the session adds (thresholds, helper threads). */
  readonly config: RunConfig;
  readonly declarations: Declarations;
  readonly modelKey: string;
  /** The weights the session holds: training continues from them while they belong to the same model. */
  readonly held?: TrainedState;
}

/**
 * `train`: runs the plan, continuing from the held weights of the same model
 * (and their optimizer state while the optimizer is unchanged); returns its
 * output and the weights to hold next.
 */
export function train(request: TrainRequest, title: string, location: SourceLocation, running: RunningCell): { readonly output: TrainOutput; readonly trained: TrainedState } {
  const { data, plan, declarations, modelKey } = request;
  const optimizerKey = declarationKey(declarations.optimizer?.value ?? null);
  const previous = request.held?.modelKey === modelKey ? request.held : undefined;
  const startFrom = previous && {
    weights: previous.weights,
    ...(previous.optimizerKey === optimizerKey && previous.optimizer ? { optimizer: previous.optimizer } : {}),
    ...(previous.history ? { history: previous.history } : {}),
  };
  const run = new TrainingRun({ ...request.config, ...(startFrom ? { startFrom } : {}), signal: running.control.signal }, runData(data));
  const landscape = landscapeMaker(data, 'full');
  const result = run.run(runControl(running, 'train', () => ({ label: title, plan, landscape })));
  const history: TrainingHistory = {
    runs: (previous?.history?.runs ?? 0) + 1,
    steps: (previous?.history?.steps ?? 0) + result.steps,
    initialLoss: previous?.history?.initialLoss ?? result.epochs[0].trainLoss,
  };
  const trained = { ...heldWeights(run.model, modelKey, (previous?.batchesTracked ?? 0) + result.steps), optimizerKey, optimizer: run.optimizer.getState(), history };
  const summary = withLandscape(summarize(title, run, result, plan, declarations, location), landscape, run.model);
  if (!previous) return { output: { kind: 'train', title, run: summary }, trained };
  const continued: ContinuedTraining = previous.history
    ? { from: 'training', runs: previous.history.runs, steps: previous.history.steps, initialLoss: previous.history.initialLoss }
    : { from: 'file', runs: 0, steps: 0 };
  return { output: { kind: 'train', title: `${title} (continued)`, run: { ...summary, continued } }, trained };
}
