import type { SourceLocation } from '../../protocol/cell-output';
import type { ExportProgram } from '../notebook-program';
import { ExportRefusal } from '../refusal';

/** What every part of the script is written from: the interpreted notebook, and how to cite it. */
export interface ScriptContext {
  readonly program: ExportProgram;
  /** The notebook's file name, as the comments cite it. */
  readonly notebookName: string;
  /** The weights file the script loads by default (`--weights`, or the notebook's `load weights`), as the script names it. */
  readonly weights?: string;
  /** The script's file name, as its usage text names it. */
  readonly scriptName: string;
  /** The data file's name, beside the script. */
  readonly dataFileName: string;
  /** A path the notebook names (relative to its folder) as the script names it (relative to the script's folder). */
  scriptPath(notebookPath: string): string;
}

/** "fruit.nnlab:14  optimizer adam lr=0.01": the notebook line a part of the script comes from. */
export function cite(context: ScriptContext, location: SourceLocation): string {
  const place = context.program.place(location);
  return `${context.notebookName}:${place.fileLine}  ${place.text}`;
}

/** A refusal about the statement at `location`. */
export function refuse(context: ScriptContext, location: SourceLocation, message: string): never {
  throw new ExportRefusal(message, context.program.place(location));
}
