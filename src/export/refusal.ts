import type { SourceLocation } from '../protocol/cell-output';

/** Where a statement of the notebook is: its cell location and the line of the `.nnlab` file it is on. */
export interface NotebookPlace {
  readonly location: SourceLocation;
  /** 1-based line in the notebook file. */
  readonly fileLine: number;
  /** The statement's first line as written. */
  readonly text: string;
}

/**
 * Why a notebook cannot be exported as it is: a setting PyTorch has no
 * counterpart for, or one the script could not reproduce exactly. Never
 * papered over, since a script that silently trains differently would be
 * worse than none. `place` is the statement it is about, when there is one.
 */
export class ExportRefusal extends Error {
  constructor(
    message: string,
    readonly place?: NotebookPlace,
  ) {
    super(message);
  }
}

/** "notebook.nnlab:14:3: optimizer sgd momentum_form=ema: …", as compilers print a problem. */
export function refusalText(file: string, refusal: ExportRefusal): string {
  const where = refusal.place ? `${file}:${refusal.place.fileLine}:${refusal.place.location.column}` : file;
  return `${where}: cannot export to PyTorch: ${refusal.message}`;
}
