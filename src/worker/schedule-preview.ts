import { parseCell } from '../lang';
import { lowerCell } from '../lang/lower';
import type { Instruction, InstructionKind, TrainOptions } from '../lang/program';
import type { SchedulePreview } from '../protocol/worker-messages';
import type { SessionHost } from '../session/host';
import { NotebookSession, type SessionOptions } from '../session/session';

/**
 * The schedule preview without training: what η_t a cell's `train` would
 * follow. The numbers come from the same planning code a real run uses
 * (the schedule needs the run's length, which needs the data's size and the
 * batch), so the preview cannot drift from what training does.
 *
 * The plan is made in a scratch session: the declarations of every code
 * cell up to the target are replayed in it (actions — train, compare,
 * evaluate, save — are left out), then the target's train statement runs
 * with its stop signal already raised. A stopped run takes no step but has
 * planned everything, its schedule curve included. The kernel's own session,
 * and its trained weights, are never touched.
 */

const DECLARATION_KINDS: ReadonlySet<InstructionKind> = new Set(['data', 'split', 'normalize', 'augment', 'model', 'loss', 'optimizer', 'clip', 'schedule', 'metrics']);

/** A code cell: its index in the notebook and its text. */
export interface CodeCell {
  readonly index: number;
  readonly source: string;
}

/**
 * Plans the run of the first `train` or `compare` statement in the target
 * cell — or, when it has none, of the last one in the cells above; without
 * any, a plain `train` with its defaults.
 */
export function previewSchedule(host: SessionHost, options: SessionOptions, cells: readonly CodeCell[], target: number): SchedulePreview {
  const scratch = new NotebookSession(host, options);
  let statement = 'train';
  for (const cell of cells) {
    if (cell.index > target) break;
    const { instructions } = lowerCell(parseCell(cell.source).cell);
    const actions = instructions.filter(isRun);
    const own = cell.index === target ? actions[0] : undefined;
    const planned = own ?? actions.at(-1);
    if (planned) statement = trainStatement(cell.source, planned);
    scratch.runCell(cell.index, keepDeclarations(cell.source, instructions, own?.start ?? cell.source.length));
    if (own) break;
  }
  const result = scratch.runCell(target, statement, { signal: { aborted: true } });
  const train = result.outputs.find((output) => output.kind === 'train');
  if (!train || train.kind !== 'train') {
    return { status: 'error', problems: result.problems, statement, totalSteps: 0, points: [] };
  }
  const { run } = train;
  return {
    status: 'ok',
    problems: [],
    statement,
    optimizer: run.settings.optimizer,
    ...(run.settings.schedule !== undefined ? { schedule: run.settings.schedule } : {}),
    totalSteps: run.totalSteps,
    points: run.schedulePreview,
    baseLearningRate: run.settings.learningRate,
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

function optionText(options: TrainOptions): string[] {
  const words: string[] = [];
  if (options.epochs !== undefined) words.push(`epochs=${options.epochs}`);
  if (options.steps !== undefined) words.push(`steps=${options.steps}`);
  if (options.batch !== undefined) words.push(`batch=${options.batch}`);
  if (options.seed !== undefined) words.push(`seed=${options.seed}`);
  return words;
}

/**
 * The cell's text with every action, and everything from `cut` on, replaced
 * by spaces: offsets, and so the locations of the declarations, stay as in
 * the cell.
 */
export function keepDeclarations(source: string, instructions: readonly Instruction[], cut: number): string {
  const chars = source.split('');
  const blank = (start: number, end: number) => {
    for (let i = start; i < end && i < chars.length; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  for (const instruction of instructions) if (!DECLARATION_KINDS.has(instruction.kind)) blank(instruction.start, instruction.end);
  blank(cut, chars.length);
  return chars.join('');
}
