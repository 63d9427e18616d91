import { createDataset, type Dataset } from '../engine/data/dataset';
import { splitDataset } from '../engine/data/split';
import { ConfigError } from '../engine/errors';
import { cellFirstLines } from '../format/cell-lines';
import { deserializeNotebook } from '../format/notebook-format';
import { parseCell } from '../lang';
import { lowerCell } from '../lang/lower';
import type { TrainOptions } from '../lang/program';
import type { SourceLocation } from '../protocol/cell-output';
import { planRun, type RunPlan } from '../session/build';
import { CellFailure, checkFit, missingPieces } from '../session/checks';
import { prepareData, type PreparedData } from '../session/data';
import { DeclarationError, type Declarations } from '../session/declarations';
import type { SessionHost } from '../session/host';
import { declare, isDeclaration } from '../session/interpret';
import { resolveLimits } from '../session/limits';
import { locate } from '../session/location';
import { ExportRefusal, type NotebookPlace } from './refusal';

/**
 * A notebook's first `train`, interpreted as the session interprets it: the
 * declarations in force there, the data the session would train on, the
 * run it would plan, and a `load weights` written before it.
 */
export interface ExportProgram {
  readonly declarations: Declarations;
  readonly train: TrainOptions;
  readonly data: PreparedData;
  /** The data before any split or scaling: what the script loads. */
  readonly full: Dataset;
  /** The rows of `full` each split holds, in the order the session keeps them; absent without a split. */
  readonly rows?: { readonly train: Int32Array; readonly validation?: Int32Array };
  readonly plan: RunPlan;
  readonly seed: number;
  /** `load weights "…"` before the train, as written (relative to the notebook). */
  readonly loadWeights?: string;
  /** The place of a declaration, model layer or statement, for the script's comments and for refusals. */
  place(location: SourceLocation): NotebookPlace;
  readonly trainPlace: NotebookPlace;
}

/**
 * Reads a notebook file up to its first `train` statement, as "Run All"
 * would, without training. A cell that does not parse, a missing piece or a
 * data set that cannot be made is refused with its place.
 */
export function readExportProgram(notebookText: string, host: SessionHost): ExportProgram {
  const notebook = deserializeNotebook(notebookText);
  const firstLines = cellFirstLines(notebookText, notebook.cells);
  const sources = new Map<number, string>();
  const place = (location: SourceLocation): NotebookPlace => {
    const source = sources.get(location.cell) ?? '';
    return {
      location,
      fileLine: location.line + (firstLines.get(location.cell) ?? 0),
      text: source.slice(location.start, location.end).split('\n')[0].trim(),
    };
  };
  const declarations: Declarations = {};
  let loadWeights: string | undefined;
  let firstCompare: NotebookPlace | undefined;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.kind !== 'code') continue;
    sources.set(index, cell.source);
    const at = (start: number, end: number) => locate(index, cell.source, start, end);
    const parsed = parseCell(cell.source);
    const program = lowerCell(parsed.cell);
    const problem = [...parsed.problems, ...program.problems.filter((p) => p.severity === 'error')][0];
    if (problem) throw new ExportRefusal(problem.message, place(at(problem.start, problem.end)));
    for (const instruction of program.instructions) {
      if (isDeclaration(instruction)) declare(declarations, instruction, at);
      else if (instruction.kind === 'load') {
        // Part of a file into part of a model (a new head on a pretrained body) has no load_state_dict(strict=True) form.
        if (!instruction.strict || !instruction.includeTop) {
          throw new ExportRefusal('load weights with strict=false or include_top=false loads part of a model; the script loads a whole state dict: save the weights after this load and export with --weights FILE', place(at(instruction.start, instruction.end)));
        }
        loadWeights = instruction.path;
      }
      else if (instruction.kind === 'compare') firstCompare ??= place(at(instruction.start, instruction.end));
      else if (instruction.kind === 'train') return interpret(declarations, instruction.options, place(at(instruction.start, instruction.end)), host, place, loadWeights);
    }
  }
  if (firstCompare) {
    throw new ExportRefusal('the notebook trains only in compare statements, several runs side by side; the script reproduces one run: add a train with the settings to export (e.g. train epochs=20)', firstCompare);
  }
  throw new ExportRefusal('the notebook has no train statement: the script reproduces the first train, so write one (e.g. train epochs=20)');
}

function interpret(
  declarations: Declarations,
  train: TrainOptions,
  trainPlace: NotebookPlace,
  host: SessionHost,
  place: (location: SourceLocation) => NotebookPlace,
  loadWeights: string | undefined,
): ExportProgram {
  const firstProblem = (problems: readonly { message: string; location: SourceLocation }[]) => {
    if (problems.length > 0) throw new ExportRefusal(problems[0].message, place(problems[0].location));
  };
  firstProblem(missingPieces(declarations, 'train', trainPlace.location));
  const declared = <T>(make: () => T): T => {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const at = error instanceof DeclarationError ? declarations[error.declaration]?.location : undefined;
      throw new ExportRefusal(error.message, place(at ?? trainPlace.location));
    }
  };
  const limits = resolveLimits();
  const data = declared(() => prepareData(declarations, host, undefined, limits));
  try {
    firstProblem(checkFit(declarations, data));
  } catch (error) {
    // A model that does not fit its data at all (a layer that cannot take its input) is thrown rather than listed.
    if (error instanceof CellFailure) firstProblem(error.problems);
    throw error;
  }
  const full = declared(() => prepareData({ ...declarations, split: undefined, normalize: undefined }, host, undefined, limits)).full;
  const seed = train.seed ?? 0;
  const plan = declared(() => planRun(declarations, data, train, {}, seed));
  return {
    declarations,
    train,
    data,
    full,
    ...(declarations.split ? { rows: splitRows(full, declarations.split.value) } : {}),
    plan,
    seed,
    ...(loadWeights !== undefined ? { loadWeights } : {}),
    place,
    trainPlace,
  };
}

/**
 * Which rows of `full` each part of the split holds, in the session's order:
 * the same split drawn over a data set whose one feature is the row number
 * (the split reads only the targets, so it draws the same parts).
 */
function splitRows(full: Dataset, split: NonNullable<Declarations['split']>['value']): { train: Int32Array; validation?: Int32Array } | undefined {
  if (split.validation === 0 && split.test === 0) return undefined;
  const numbered = createDataset({
    name: full.name,
    x: Float32Array.from({ length: full.count }, (_, i) => i),
    y: full.y,
    task: full.task,
    features: 1,
    targetWidth: full.targetWidth,
    ...(full.classes ? { classes: full.classes } : {}),
  });
  const parts = splitDataset(numbered, { validation: split.validation, test: split.test, seed: split.seed, stratify: split.stratify });
  return { train: Int32Array.from(parts.train.x), ...(parts.validation ? { validation: Int32Array.from(parts.validation.x) } : {}) };
}
