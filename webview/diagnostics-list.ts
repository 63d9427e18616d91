import type { CellProblem, SourceLocation } from '../src/protocol/cell-output';
import { groupFigures, groupScope, type DiagnosticGroup } from '../src/report/diagnostic-groups';
import { element } from './dom';

/**
 * The findings of a cell: training diagnostics, one per code and run
 * (src/report/diagnostic-groups.ts) with the worst layer's message, the
 * range of the measured figures and a fix; and problems with the cell's
 * text. Each one that knows where it comes from gets a button that asks the
 * extension to reveal that declaration in the cell.
 */

/** One line of the problems list. */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
}

/** Called with a finding's location when its button is pressed; absent when the renderer cannot message the extension. */
export type Reveal = (location: SourceLocation) => void;

const SEVERITY: Readonly<Record<Finding['severity'], { icon: string; rank: number }>> = {
  error: { icon: '✖', rank: 0 },
  warning: { icon: '⚠', rank: 1 },
  info: { icon: 'ℹ', rank: 2 },
};

/** A problem with the cell's text as a finding. */
export function problemFinding(problem: CellProblem): Finding {
  return { severity: problem.severity, code: problem.code, message: problem.message, location: problem.location };
}

/** The problems, most severe first; null when there is nothing to say. */
export function problemsList(findings: readonly Finding[], reveal: Reveal | undefined, heading = 'Problems'): HTMLElement | null {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => SEVERITY[a.severity].rank - SEVERITY[b.severity].rank);
  const shown = sorted.slice(0, VISIBLE);
  const rest = sorted.slice(VISIBLE);
  return element('section', { className: 'nnlab-diagnostics', attrs: { 'aria-label': heading } }, [
    listHeading(heading, findings),
    element('ul', { className: 'nnlab-findings' }, shown.map((finding) => item(finding, reveal))),
    rest.length > 0 &&
      element('details', { className: 'nnlab-more' }, [
        element('summary', {}, [`${rest.length} more`]),
        element('ul', { className: 'nnlab-findings' }, rest.map((finding) => item(finding, reveal))),
      ]),
  ]);
}

/**
 * A run's or a comparison's training diagnostics, one entry per code and
 * run; null when there are none. The first group of each code is open, the
 * others fold to their title line — a comparison of badly started runs
 * says the same thing about several of them — and every title keeps its
 * "Go to line" button.
 */
export function diagnosticGroups(groups: readonly DiagnosticGroup[], reveal: Reveal | undefined, heading = 'Diagnostics'): HTMLElement | null {
  if (groups.length === 0) return null;
  const seen = new Set<string>();
  return element('section', { className: 'nnlab-diagnostics', attrs: { 'aria-label': heading } }, [
    listHeading(heading, groups),
    element(
      'ul',
      { className: 'nnlab-findings' },
      groups.map((group) => {
        const first = !seen.has(group.code);
        seen.add(group.code);
        return groupItem(group, first, reveal);
      }),
    ),
  ]);
}

/** "Diagnostics (1 error, 3 warnings)". */
function listHeading(heading: string, findings: readonly { readonly severity: Finding['severity'] }[]): HTMLElement {
  const counts = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}${count === 1 || severity === 'info' ? '' : 's'}`);
  return element('h3', { className: 'nnlab-subheading' }, [`${heading} `, element('span', { className: 'nnlab-muted' }, [`(${counts.join(', ')})`])]);
}

function groupItem(group: DiagnosticGroup, open: boolean, reveal: Reveal | undefined): HTMLElement {
  const about = [group.run !== undefined && `run ${group.run}`, groupScope(group)].filter(Boolean).join(' · ');
  const figures = groupFigures(group);
  const details = element('details', { className: 'nnlab-group' }, [
    element('summary', {}, [
      severityLabel(group.severity),
      element('code', {}, [group.code]),
      where(group.location, reveal),
      about !== '' && element('span', { className: 'nnlab-group-about nnlab-muted' }, [about]),
    ]),
    element('div', { className: 'nnlab-finding-body' }, [
      element('p', { className: 'nnlab-message' }, [group.message]),
      figures !== undefined && element('p', { className: 'nnlab-figures nnlab-muted' }, [figures]),
      group.fix !== '' && element('p', { className: 'nnlab-fix' }, [element('strong', {}, ['Fix: ']), group.fix]),
    ]),
  ]);
  details.open = open;
  return element('li', { className: `nnlab-finding nnlab-grouped nnlab-${group.severity}`, dataset: { code: group.code, ...(group.run !== undefined ? { run: group.run } : {}) } }, [details]);
}

/** Findings listed before the rest fold away. */
const VISIBLE = 6;

function item(finding: Finding, reveal: Reveal | undefined): HTMLElement {
  return element('li', { className: `nnlab-finding nnlab-${finding.severity}`, dataset: { code: finding.code } }, [
    severityLabel(finding.severity),
    element('div', { className: 'nnlab-finding-body' }, [
      element('div', { className: 'nnlab-finding-head' }, [element('code', {}, [finding.code])]),
      element('p', { className: 'nnlab-message' }, [finding.message]),
    ]),
    where(finding.location, reveal),
  ]);
}

function severityLabel(severity: Finding['severity']): HTMLElement {
  return element('span', { className: 'nnlab-severity' }, [element('span', { attrs: { 'aria-hidden': 'true' } }, [SEVERITY[severity].icon]), ` ${severity}`]);
}

/** A button that reveals the declaration, or its line number when the renderer cannot message the extension. */
function where(location: SourceLocation | undefined, reveal: Reveal | undefined): HTMLElement | null {
  if (location === undefined) return null;
  if (reveal === undefined) return element('span', { className: 'nnlab-muted nnlab-where' }, [`line ${location.line}`]);
  const button = element('button', {
    className: 'nnlab-reveal',
    attrs: { type: 'button', 'aria-label': `Show line ${location.line}, column ${location.column} of cell ${location.cell + 1}` },
    dataset: { cell: String(location.cell), line: String(location.line) },
  }, [`Go to line ${location.line}`]);
  button.addEventListener('click', (event) => {
    // Inside a group's title the click would also fold or unfold the group.
    event.preventDefault();
    reveal(location);
  });
  return button;
}
