import { lowerCell } from './lower';
import type { Span } from './nodes';
import { parseCell } from './parser';

/**
 * Every problem one cell has on its own, as the editor marks it while the
 * cell is typed: the parser's syntax problems and the checker's problems of
 * meaning (unknown names, values out of range), in the order of the text.
 * They are the problems a run of the cell would report before it does
 * anything; problems that need other cells (train with no model) are found
 * only by running.
 */

/** One problem, at the characters it is about. */
export interface CellCheck extends Span {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** The cell's problems, sorted by where they start. Never throws on user text. */
export function checkCell(text: string): CellCheck[] {
  const parsed = parseCell(text);
  const program = lowerCell(parsed.cell);
  const syntax = parsed.problems.map(({ start, end, code, message }) => ({ start, end, code, severity: 'error' as const, message }));
  const meaning = program.problems.map(({ start, end, code, severity, message }) => ({ start, end, code, severity, message }));
  return [...syntax, ...meaning].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The name a problem's "(did you mean 'x'?)" suggests, for a quick fix that writes it in. */
export function suggestedName(problem: Pick<CellCheck, 'message'>): string | undefined {
  return /\(did you mean '([^']+)'\?\)/.exec(problem.message)?.[1];
}
