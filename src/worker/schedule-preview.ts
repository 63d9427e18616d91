import { parseCell } from '../lang';
import { lowerCell } from '../lang/lower';
import type { Instruction, TrainOptions } from '../lang/program';
import type { SourceLocation } from '../protocol/cell-output';
import type { SchedulePreview } from '../protocol/worker-messages';
import type { SessionHost } from '../session/host';
import { locate } from '../session/location';
import { NotebookSession, type SessionOptions } from '../session/session';

/**
 * The schedule preview without training: what η_t a cell's `train` would
 * follow. The numbers come from the same planning step a real run takes
 * (the schedule needs the run's length, which needs the data's size and the
 * batch), so the preview cannot drift from what training does.
 *
 * The plan is made in a scratch session that takes the declarations of every
 * code cell up to the target and runs nothing; the kernel's own session, and
 * its trained weights, are never touched.
 */

/** A code cell: its index in the notebook and its text. */
export interface CodeCell {
  readonly index: number;
  readonly source: string;
}

/** The run statement a preview plans, and where it was written. */
interface PlannedStatement {
  readonly statement: string;
  readonly options: TrainOptions;
  readonly location: SourceLocation;
}

/**
 * Plans the run of the first `train` or `compare` statement in the target
 * cell — or, when it has none, of the last one in the cells above; without
 * any, a plain `train` with its defaults. A cell with an error in its
 * declarations declares nothing, as when it runs.
 */
export function previewSchedule(host: SessionHost, options: SessionOptions, cells: readonly CodeCell[], target: number): SchedulePreview {
  const scratch = new NotebookSession(host, options);
  let planned: PlannedStatement = { statement: 'train', options: {}, location: locate(target, '', 0, 0) };
  for (const cell of cells) {
    if (cell.index > target) break;
    const parsed = parseCell(cell.source);
    const { instructions, problems } = lowerCell(parsed.cell);
    const actions = instructions.filter(isRun);
    const own = cell.index === target ? actions[0] : undefined;
    const run = own ?? actions.at(-1);
    if (run) planned = { statement: trainStatement(cell.source, run), options: run.options, location: locate(cell.index, cell.source, run.start, run.end) };
    const cut = own?.start ?? cell.source.length;
    const failed = [...parsed.problems, ...problems].some((p) => (!('severity' in p) || p.severity === 'error') && p.start < cut);
    if (!failed) scratch.declare(cell.index, cell.source, instructions.filter((instruction) => instruction.start < cut));
    if (own) break;
  }
  const { statement } = planned;
  const result = scratch.planTrain(planned.options, planned.location);
  if ('problems' in result) return { status: 'error', problems: result.problems, statement, totalSteps: 0, points: [] };
  const { plan } = result;
  return {
    status: 'ok',
    problems: [],
    statement,
    optimizer: plan.optimizer,
    ...(plan.schedule !== undefined ? { schedule: plan.schedule } : {}),
    totalSteps: plan.totalSteps,
    points: plan.schedulePreview,
    baseLearningRate: plan.learningRate,
  };
}

type RunInstruction = Extract<Instruction, { kind: 'train' | 'compare' }>;

function isRun(instruction: Instruction): instruction is RunInstruction {
  return instruction.kind === 'train' || instruction.kind === 'compare';
}

/** A `train` statement as written, or one with a `compare`'s length and batch (its arms share them). */
function trainStatement(source: string, instruction: RunInstruction): string {
  if (instruction.kind === 'train') return source.slice(instruction.start, instruction.end);
  return ['train', ...optionText(instruction.options)].join(' ');
}

/** The options that set a run's length and batches, as written. */
function optionText(options: TrainOptions): string[] {
  return (['epochs', 'steps', 'batch', 'seed'] as const).flatMap((key) => (options[key] !== undefined ? [`${key}=${options[key]}`] : []));
}
