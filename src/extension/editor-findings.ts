import type { DiagnosticCode } from '../engine/diagnostics/diagnostic';
import type { CellOutput, SourceLocation } from '../protocol/cell-output';
import { groupDiagnostics, groupSentence } from '../report/diagnostic-groups';

/**
 * Which training findings the editor marks in the cells. A squiggle says
 * something is wrong with the code as written, so only the run the user
 * asked for (`train`) is marked: a `compare` arm is often bad on purpose
 * (zero initialization, to show that it never learns), and its findings
 * stay in its output. A training finding is at most a warning — errors
 * are for code that cannot run — and is marked once per code and
 * declaration: a finding in nine layers is one squiggle at the first, with
 * the others as related locations.
 */

/** One squiggle: a group of a run's diagnostics (src/report/diagnostic-groups.ts). */
export interface EditorFinding {
  readonly code: DiagnosticCode;
  readonly severity: 'warning' | 'info';
  /** What the group says, and its fix. */
  readonly message: string;
  /** The first declaration it is about; absent when none is known (the running cell is marked). */
  readonly location?: SourceLocation;
  /** The group's other declarations. */
  readonly related: readonly SourceLocation[];
}

/** The squiggles of a cell's outputs; when two `train`s flag the same code at the same declaration, the later one's stays. */
export function editorFindings(outputs: readonly CellOutput[]): EditorFinding[] {
  const found = new Map<string, EditorFinding>();
  for (const output of outputs) {
    if (output.kind !== 'train') continue;
    for (const group of groupDiagnostics([{ diagnostics: output.run.diagnostics }])) {
      const where = group.location;
      const key = `${group.code}@${where === undefined ? '' : `${where.cell}:${where.start}:${where.end}`}`;
      found.delete(key);
      found.set(key, {
        code: group.code,
        severity: group.severity === 'info' ? 'info' : 'warning',
        message: `${groupSentence(group)}. Fix: ${group.fix}`,
        ...(where !== undefined ? { location: where } : {}),
        related: group.locations.slice(1),
      });
    }
  }
  return [...found.values()];
}
