import { BatchIterator } from '../engine/data/batches';
import { Rng } from '../engine/rng';
import { surveyGradientNorms } from '../engine/train/gradient-survey';
import { findLearningRate, lrFinderSchema } from '../engine/train/lr-finder';
import { TrainingRun } from '../engine/train/run';
import type { TrainingSetup } from '../engine/train/step';
import type { FindInstruction } from '../lang/program';
import type { GradientSurveyOutput, LrFinderOutput } from '../protocol/find-output';
import type { RunPlan } from './build';
import type { PreparedData } from './data';
import { declarationKey, type Declarations } from './declarations';
import { runData } from './run-control';
import { lrExplanation, lrSuggestions, lrUse, short, surveyExplanation } from './find-text';
import type { TrainedState } from './weight-statements';

/** What a `find` probes: the planned run's pieces and the weights the session holds. */
export interface FindRequest {
  readonly data: PreparedData;
  readonly plan: RunPlan;
  readonly declarations: Declarations;
  readonly modelKey: string;
  readonly held?: TrainedState;
}

/**
 * `find lr` and `find clip`: build the model and optimizer as the next
 * `train` would start them (from the held weights and, for the same
 * optimizer, its state), probe, and report. The session's held weights are
 * never handed to the probe, and the engine puts its copy back too, so a
 * later `train` is unchanged by it.
 */
export function find(instruction: FindInstruction, request: FindRequest, title: string): LrFinderOutput | GradientSurveyOutput {
  const { setup, batches } = probeSetup(request);
  const { plan } = request;
  if (instruction.what === 'clip') {
    const survey = surveyGradientNorms(setup, batches, instruction.options);
    return {
      kind: 'gradient-survey',
      title,
      steps: instruction.options.steps ?? survey.norms.length,
      learningRate: setup.optimizer.lr,
      norms: survey.norms.map(round),
      percentiles: survey.percentiles.map(({ p, value }) => ({ p, value: round(value) })),
      threshold: { p: survey.threshold.p, value: round(survey.threshold.value) },
      histogram: { edges: survey.histogram.edges.map(round), counts: survey.histogram.counts },
      ...(survey.stoppedAt === undefined ? {} : { stoppedAt: survey.stoppedAt }),
      use: `clip norm ${short(survey.threshold.value)}`,
      explanation: surveyExplanation(survey, setup.optimizer.lr),
    };
  }
  const o = lrFinderSchema.resolve(instruction.options);
  const sweep = findLearningRate(setup, batches, o);
  const optimizerRef = request.declarations.optimizer?.value;
  const use = lrUse(sweep, plan.optimizer, optimizerRef?.options ?? {});
  return {
    kind: 'lr-finder',
    title,
    sweep: { start: o.start, end: o.end, steps: o.steps, smoothing: o.smoothing, batch: plan.config.batchSize },
    optimizer: plan.optimizer,
    currentLr: plan.learningRate,
    rates: sweep.rates.map(round),
    losses: sweep.losses.map(round),
    smoothed: sweep.smoothed.map(round),
    slopes: sweep.slopes.map(round),
    rule: sweep.rule,
    ...(sweep.steepest ? { steepestWindow: { from: sweep.steepest.from, to: sweep.steepest.to } } : {}),
    suggestions: lrSuggestions(sweep).map((s) => ({ ...s, lr: round(s.lr) })),
    ...(use ? { use } : {}),
    explanation: lrExplanation(sweep, o.start, o.end, o.smoothing),
  };
}

/**
 * The model, optimizer and batches a `train` with the plan would start from:
 * a training run is built (not run) so the starting weights are made exactly
 * as a train makes them, initializers and calibration included.
 */
function probeSetup({ data, plan, declarations, modelKey, held }: FindRequest): { setup: TrainingSetup; batches: BatchIterator } {
  const { config } = plan;
  const previous = held?.modelKey === modelKey ? held : undefined;
  const sameOptimizer = previous?.optimizerKey === declarationKey(declarations.optimizer?.value ?? null);
  const startFrom = previous && { weights: previous.weights, ...(sameOptimizer && previous.optimizer ? { optimizer: previous.optimizer } : {}) };
  const { model, optimizer } = new TrainingRun({ ...config, ...(startFrom ? { startFrom } : {}) }, runData(data));
  const clipper = config.createClipper?.();
  const setup: TrainingSetup = { model, loss: config.loss, optimizer, rng: new Rng(config.seed), ...(clipper ? { clipper } : {}) };
  return { setup, batches: new BatchIterator(data.train, { batchSize: config.batchSize, seed: config.seed }) };
}

/** Six significant digits: plenty for a chart, a fraction of the saved size. */
function round(value: number): number {
  return Number(value.toPrecision(6));
}
