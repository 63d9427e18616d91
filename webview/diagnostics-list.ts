import type { CellProblem, LocatedDiagnostic, SourceLocation } from '../src/protocol/cell-output';
import { element } from './dom';

/**
 * The findings of a cell: training diagnostics (with the measured figure,
 * the threshold and a fix) and problems with the cell's text. Each one that
 * knows where it comes from gets a button that asks the extension to reveal
 * that declaration in the cell.
 */

/** One line of the list: a diagnostic or a cell problem, and the run it is about in a comparison. */
export interface Finding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly layer?: string;
  readonly run?: string;
  readonly fix?: string;
  readonly location?: SourceLocation;
}

/** Called with a finding's location when its button is pressed; absent when the renderer cannot message the extension. */
export type Reveal = (location: SourceLocation) => void;

const SEVERITY: Readonly<Record<Finding['severity'], { icon: string; rank: number }>> = {
  error: { icon: '✖', rank: 0 },
  warning: { icon: '⚠', rank: 1 },
  info: { icon: 'ℹ', rank: 2 },
};

/** A diagnostic of a run as a finding; `run` names the run in a comparison. */
export function diagnosticFinding(diagnostic: LocatedDiagnostic, run?: string): Finding {
  return {
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    fix: diagnostic.fix,
    ...(diagnostic.layer !== undefined ? { layer: diagnostic.layer } : {}),
    ...(run !== undefined ? { run } : {}),
    ...(diagnostic.location !== undefined ? { location: diagnostic.location } : {}),
  };
}

/** A problem with the cell's text as a finding. */
export function problemFinding(problem: CellProblem): Finding {
  return { severity: problem.severity, code: problem.code, message: problem.message, location: problem.location };
}

/** The list, most severe first; null when there is nothing to say. */
export function diagnosticsList(findings: readonly Finding[], reveal: Reveal | undefined, heading = 'Diagnostics'): HTMLElement | null {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => SEVERITY[a.severity].rank - SEVERITY[b.severity].rank);
  const counts = (['error', 'warning', 'info'] as const)
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}${count === 1 ? '' : severity === 'info' ? '' : 's'}`);
  // A comparison of badly started runs can say thirty things; the most severe stay in view, the rest one click away.
  const shown = sorted.slice(0, VISIBLE);
  const rest = sorted.slice(VISIBLE);
  return element('section', { className: 'nnlab-diagnostics', attrs: { 'aria-label': heading } }, [
    element('h3', { className: 'nnlab-subheading' }, [`${heading} `, element('span', { className: 'nnlab-muted' }, [`(${counts.join(', ')})`])]),
    element('ul', { className: 'nnlab-findings' }, shown.map((finding) => item(finding, reveal))),
    rest.length > 0 &&
      element('details', { className: 'nnlab-more' }, [
        element('summary', {}, [`${rest.length} more`]),
        element('ul', { className: 'nnlab-findings' }, rest.map((finding) => item(finding, reveal))),
      ]),
  ]);
}

/** Findings listed before the rest fold away. */
const VISIBLE = 6;

function item(finding: Finding, reveal: Reveal | undefined): HTMLElement {
  const { icon } = SEVERITY[finding.severity];
  const about = [finding.run !== undefined && `run ${finding.run}`, finding.layer !== undefined && `layer ${finding.layer}`].filter(Boolean).join(' · ');
  const location = finding.location;
  return element('li', { className: `nnlab-finding nnlab-${finding.severity}`, dataset: { code: finding.code } }, [
    element('span', { className: 'nnlab-severity' }, [element('span', { attrs: { 'aria-hidden': 'true' } }, [icon]), ` ${finding.severity}`]),
    element('div', { className: 'nnlab-finding-body' }, [
      element('div', { className: 'nnlab-finding-head' }, [element('code', {}, [finding.code]), about !== '' && element('span', { className: 'nnlab-muted' }, [` · ${about}`])]),
      element('p', { className: 'nnlab-message' }, [finding.message]),
      finding.fix !== undefined && finding.fix !== '' && element('p', { className: 'nnlab-fix' }, [element('strong', {}, ['Fix: ']), finding.fix]),
    ]),
    location !== undefined && reveal !== undefined && revealButton(location, reveal),
    location !== undefined && reveal === undefined && element('span', { className: 'nnlab-muted nnlab-where' }, [`line ${location.line}`]),
  ]);
}

function revealButton(location: SourceLocation, reveal: Reveal): HTMLElement {
  const button = element('button', {
    className: 'nnlab-reveal',
    attrs: { type: 'button', 'aria-label': `Show line ${location.line}, column ${location.column} of cell ${location.cell + 1}` },
    dataset: { cell: String(location.cell), line: String(location.line) },
  }, [`Go to line ${location.line}`]);
  button.addEventListener('click', () => reveal(location));
  return button;
}
