import { describe, expect, it } from 'vitest';
import type { DiagnosticCode, Severity } from '../../src/engine/diagnostics/diagnostic';
import { editorFindings } from '../../src/extension/editor-findings';
import type { CellOutput, LocatedDiagnostic, RunSummary } from '../../src/protocol/cell-output';

/** A finding in `layer`, declared on line 2 + layer of cell 0. */
function finding(code: DiagnosticCode, severity: Severity, layer: number): LocatedDiagnostic {
  const line = 2 + layer;
  return {
    code,
    severity,
    message: `${code} in layer ${layer}`,
    measured: 0,
    threshold: 1e-6,
    subject: 'layer',
    layer: String(layer),
    fix: 'use he_normal',
    fixConcept: 'he_normal',
    location: { cell: 0, start: line * 16, end: line * 16 + 10, line, column: 3 },
  };
}

const run = (label: string, diagnostics: LocatedDiagnostic[]) => ({ label, diagnostics }) as unknown as RunSummary;
const train = (diagnostics: LocatedDiagnostic[]): CellOutput => ({ kind: 'train', title: 'train epochs=2', run: run('train', diagnostics) });
const symmetric = [0, 1, 2].map((layer) => finding('symmetry', 'error', layer));

describe('editorFindings', () => {
  it('marks nothing for a compare: its arms are bad on purpose', () => {
    const compare: CellOutput = { kind: 'compare', title: 'compare init=[zeros, he_normal]', setting: 'init', runs: [run('zeros', symmetric), run('he_normal', [])] };
    expect(editorFindings([compare])).toEqual([]);
  });

  it('marks a train\'s finding once, at its first layer, as a warning at most, with the other layers related', () => {
    const [only, ...rest] = editorFindings([train([...symmetric, finding('init-mismatch', 'info', 0)])]);
    expect(rest.map((f) => [f.code, f.severity])).toEqual([['init-mismatch', 'info']]);
    expect(only.code).toBe('symmetry');
    expect(only.severity).toBe('warning');
    expect(only.location?.line).toBe(2);
    expect(only.related.map((l) => l.line)).toEqual([3, 4]);
    expect(only.message).toBe('layers 0–2: symmetry in layer 0 (measured 0 in all 3 layers, threshold 1e-6). Fix: use he_normal');
  });

  it('keeps one finding per code and declaration when two trains flag the same', () => {
    const findings = editorFindings([train(symmetric), train([finding('symmetry', 'error', 0)])]);
    expect(findings.map((f) => [f.code, f.location?.line, f.related.length])).toEqual([['symmetry', 2, 0]]);
  });
});
