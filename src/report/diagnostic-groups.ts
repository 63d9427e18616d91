import type { DiagnosticCode, LocatedDiagnostic, Severity, SourceLocation } from '../protocol/cell-output';
import { DIAGNOSTIC_CODES, measuresFraction } from '../protocol/diagnostic-codes';
import { compareLayerNames, formatFigure, formatPercent } from '../protocol/figures';

/**
 * One finding per code and run, however many layers it was measured in.
 * A badly started run says the same thing about each of its layers (a zero
 * initialization leaves all nine layers symmetric); the renderer, the CLI
 * and the editor show that once, as "symmetry in layers 0–8 of run zeros",
 * with the worst layer's message and the range of the measured figures.
 */

/** The diagnostics of one run; `label` names a compare arm and is absent for a `train`. */
export interface LabelledDiagnostics {
  readonly label?: string;
  readonly diagnostics: readonly LocatedDiagnostic[];
}

/** The findings of one code in one run. */
export interface DiagnosticGroup {
  readonly code: DiagnosticCode;
  /** The most severe member's. */
  readonly severity: Severity;
  /** The compare arm's label; absent for a `train`. */
  readonly run?: string;
  /** Positions of the layers it was found in, in order; empty for a run-wide finding. */
  readonly layers: readonly string[];
  /** How many diagnostics it holds. */
  readonly count: number;
  /** The worst member's message: the one furthest past its threshold. */
  readonly message: string;
  /** The lowest and highest measured figure among the members. */
  readonly measured: { readonly min: number; readonly max: number };
  readonly threshold: number;
  /** The worst member's fix, and the concept it is about. */
  readonly fix: string;
  readonly fixConcept: string;
  /** Where the first member that knows its declaration was declared. */
  readonly location?: SourceLocation;
  /** Every member's declaration, once each, in layer order. */
  readonly locations: readonly SourceLocation[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };


/**
 * Groups runs' diagnostics by code and run: most severe first, then in the
 * order of the codes (docs/diagnostics.md), then of the runs.
 */
export function groupDiagnostics(runs: readonly LabelledDiagnostics[]): DiagnosticGroup[] {
  const groups: DiagnosticGroup[] = [];
  runs.forEach((run) => {
    const byCode = new Map<DiagnosticCode, LocatedDiagnostic[]>();
    for (const diagnostic of run.diagnostics) byCode.set(diagnostic.code, [...(byCode.get(diagnostic.code) ?? []), diagnostic]);
    for (const members of byCode.values()) groups.push(groupOf(members, run.label));
  });
  const runOrder = new Map(runs.map((run, i) => [run.label, i]));
  return groups
    .map((group, i) => ({ group, i }))
    .sort((a, b) =>
      SEVERITY_RANK[a.group.severity] - SEVERITY_RANK[b.group.severity] ||
      DIAGNOSTIC_CODES.indexOf(a.group.code) - DIAGNOSTIC_CODES.indexOf(b.group.code) ||
      (runOrder.get(a.group.run) ?? 0) - (runOrder.get(b.group.run) ?? 0) ||
      a.i - b.i,
    )
    .map(({ group }) => group);
}

function groupOf(unordered: readonly LocatedDiagnostic[], run: string | undefined): DiagnosticGroup {
  const members = [...unordered].sort((a, b) => compareLayerNames(a.layer, b.layer));
  const severity = members.reduce<Severity>((worst, d) => (SEVERITY_RANK[d.severity] < SEVERITY_RANK[worst] ? d.severity : worst), 'info');
  const worst = worstOf(members.filter((d) => d.severity === severity));
  const figures = members.map((d) => d.measured).filter(Number.isFinite);
  const locations: SourceLocation[] = [];
  for (const { location } of members) {
    if (location !== undefined && !locations.some((l) => l.cell === location.cell && l.start === location.start && l.end === location.end)) locations.push(location);
  }
  return {
    code: worst.code,
    severity,
    ...(run !== undefined ? { run } : {}),
    layers: [...new Set(members.flatMap((d) => (d.layer !== undefined ? [d.layer] : [])))],
    count: members.length,
    message: worst.message,
    measured: figures.length > 0 ? { min: Math.min(...figures), max: Math.max(...figures) } : { min: worst.measured, max: worst.measured },
    threshold: worst.threshold,
    fix: worst.fix,
    fixConcept: worst.fixConcept,
    ...(locations.length > 0 ? { location: locations[0] } : {}),
    locations,
  };
}

/**
 * The member furthest past its threshold. A code is flagged on one side of
 * its threshold (symmetry below it, dying-relu above it), read from the
 * first member; the first in layer order wins a tie.
 */
function worstOf(members: readonly LocatedDiagnostic[]): LocatedDiagnostic {
  const below = members[0].measured < members[0].threshold;
  return members.reduce((worst, d) => {
    if (!Number.isFinite(d.measured)) return worst;
    if (!Number.isFinite(worst.measured)) return d;
    return (below ? d.measured < worst.measured : d.measured > worst.measured) ? d : worst;
  });
}

/** Layer positions as ranges: `0–8`, `0, 2–4, 7`; names that are not positions are listed as they are. */
export function layerRanges(layers: readonly string[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let end: number | undefined;
  const flush = () => {
    if (start === undefined || end === undefined) return;
    parts.push(start === end ? String(start) : end === start + 1 ? `${start}, ${end}` : `${start}–${end}`);
    start = end = undefined;
  };
  for (const layer of layers) {
    const position = /^\d+$/.test(layer) ? Number(layer) : undefined;
    if (position !== undefined && end !== undefined && position === end + 1) {
      end = position;
      continue;
    }
    flush();
    if (position === undefined) parts.push(layer);
    else start = end = position;
  }
  flush();
  return parts.join(', ');
}

/** "layers 0–8", "layer 3", or undefined for a run-wide finding. */
export function groupScope(group: DiagnosticGroup): string | undefined {
  if (group.layers.length === 0) return undefined;
  return `${group.layers.length === 1 ? 'layer' : 'layers'} ${layerRanges(group.layers)}`;
}

/** "symmetry in layers 0–8 of run zeros", "plateau in run zeros", "dying-relu in layer 2". */
export function groupTitle(group: DiagnosticGroup): string {
  const scope = groupScope(group);
  const run = group.run !== undefined ? `${scope !== undefined ? 'of' : 'in'} run ${group.run}` : undefined;
  return [group.code, scope !== undefined && `in ${scope}`, run].filter(Boolean).join(' ');
}

/**
 * The spread of a group's figures against its threshold, for a group of
 * more than one ("94 %–100 % across 8 layers, threshold 50 %"); undefined
 * for a single finding, whose message already says it.
 */
export function groupFigures(group: DiagnosticGroup): string | undefined {
  if (group.count < 2) return undefined;
  const format = measuresFraction(group.code) ? formatPercent : formatFigure;
  const [low, high] = [format(group.measured.min), format(group.measured.max)];
  const noun = group.layers.length === group.count ? 'layers' : 'findings';
  const spread = low !== high ? `${low} to ${high} across ${group.count} ${noun}` : `${low} in ${group.count === 2 ? 'both' : `all ${group.count}`} ${noun}`;
  return `measured ${spread}, threshold ${format(group.threshold)}`;
}

/** The group in one line: "layers 0–8 of run zeros: <worst message> (measured 0 in all 9 layers, threshold 1e-6)". */
export function groupSentence(group: DiagnosticGroup): string {
  const scope = groupScope(group);
  const about = [scope, group.run !== undefined && `${scope !== undefined ? 'of ' : ''}run ${group.run}`].filter(Boolean).join(' ');
  const figures = groupFigures(group);
  return `${about !== '' ? `${about}: ` : ''}${group.message}${figures !== undefined ? ` (${figures})` : ''}`;
}
