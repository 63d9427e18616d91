import { describe, expect, it } from 'vitest';
import type { DiagnosticCode, LocatedDiagnostic, Severity } from '../../src/protocol/cell-output';
import { groupDiagnostics, groupFigures, groupSentence, groupTitle, layerRanges } from '../../src/report/diagnostic-groups';

/** A diagnostic of `code` in `layer`, declared on notebook line 6 + layer of cell 1 unless said otherwise. */
function finding(code: DiagnosticCode, severity: Severity, layer: string | undefined, measured: number, threshold: number, extra: Partial<LocatedDiagnostic> = {}): LocatedDiagnostic {
  const line = layer !== undefined && /^\d+$/.test(layer) ? 6 + Number(layer) : 17;
  return {
    code,
    severity,
    message: `${code} ${layer ?? 'run'} measured ${measured}`,
    measured,
    threshold,
    subject: layer !== undefined ? 'layer' : 'optimizer',
    ...(layer !== undefined ? { layer } : {}),
    fix: `fix ${layer ?? 'run'}`,
    fixConcept: 'he_normal',
    location: { cell: 1, start: line * 20, end: line * 20 + 12, line, column: 3 },
    ...extra,
  };
}

const symmetry = (layer: string) => finding('symmetry', 'error', layer, 0, 1e-6);
const dying = (layer: string, dead: number) => finding('dying-relu', 'warning', layer, dead, 0.5);

describe('groupDiagnostics', () => {
  it('makes one group per code and run, whatever the number of layers', () => {
    const groups = groupDiagnostics([
      { label: 'zeros', diagnostics: [...['0', '1', '2', '3', '4', '5', '6', '7', '8'].map(symmetry), dying('0', 1), dying('1', 1), finding('plateau', 'info', undefined, 3.3e-4, 1e-3)] },
      { label: 'small_random', diagnostics: [dying('5', 0.969), dying('6', 0.938), dying('7', 0.938)] },
      { label: 'he_normal', diagnostics: [] },
    ]);
    expect(groups.map((g) => [groupTitle(g), g.severity, g.count])).toEqual([
      ['symmetry in layers 0–8 of run zeros', 'error', 9],
      ['dying-relu in layers 0, 1 of run zeros', 'warning', 2],
      ['dying-relu in layers 5–7 of run small_random', 'warning', 3],
      ['plateau in run zeros', 'info', 1],
    ]);
  });

  it.each([
    // code, members (layer, measured), threshold, the worst member's layer, figures
    ['dying-relu', [['5', 0.938], ['6', 0.969], ['7', 0.938]], 0.5, '6', 'measured 94 % to 97 % across 3 layers, threshold 50 %'],
    ['symmetry', [['0', 2e-7], ['1', 0], ['2', 5e-7]], 1e-6, '1', 'measured 0 to 5e-7 across 3 layers, threshold 1e-6'],
    ['symmetry', [['0', 0], ['1', 0]], 1e-6, '0', 'measured 0 in both layers, threshold 1e-6'],
    ['saturation', [['3', 0.4]], 0.3, '3', undefined],
  ] as const)('%s: the worst member speaks for the group, with the figures\' range', (code, members, threshold, worstLayer, figures) => {
    const [group] = groupDiagnostics([{ diagnostics: members.map(([layer, measured]) => finding(code, 'warning', layer, measured, threshold)) }]);
    expect(group.message).toBe(`${code} ${worstLayer} measured ${members.find(([layer]) => layer === worstLayer)![1]}`);
    expect(group.fix).toBe(`fix ${worstLayer}`);
    expect(groupFigures(group)).toBe(figures);
  });

  it('takes the most severe member\'s severity, and its message', () => {
    const [group] = groupDiagnostics([{ diagnostics: [finding('init-mismatch', 'info', '0', 1, 2), finding('init-mismatch', 'warning', '1', 1.5, 2)] }]);
    expect(group.severity).toBe('warning');
    expect(group.message).toBe('init-mismatch 1 measured 1.5');
  });

  it('puts errors first, then codes in their documented order, then runs in order', () => {
    const groups = groupDiagnostics([
      { label: 'a', diagnostics: [finding('plateau', 'info', undefined, 0, 1e-3), dying('0', 1)] },
      { label: 'b', diagnostics: [dying('0', 1), symmetry('0'), finding('vanishing-gradients', 'warning', '0', 0, 1e-3)] },
    ]);
    expect(groups.map((g) => `${g.code}/${g.run}`)).toEqual(['symmetry/b', 'vanishing-gradients/b', 'dying-relu/a', 'dying-relu/b', 'plateau/a']);
  });

  it('is located at the first layer\'s declaration and keeps every declaration once', () => {
    const repeated = { cell: 0, start: 5, end: 9, line: 2, column: 1 };
    const [group] = groupDiagnostics([{ diagnostics: [dying('2', 1), dying('0', 1), dying('1', 1), finding('dying-relu', 'warning', '3', 1, 0.5, { location: repeated }), finding('dying-relu', 'warning', '4', 1, 0.5, { location: repeated })] }]);
    expect(group.layers).toEqual(['0', '1', '2', '3', '4']);
    expect(group.location?.line).toBe(6);
    expect(group.locations.map((l) => l.line)).toEqual([6, 7, 8, 2]);
  });

  it('has no location when no member has one', () => {
    const [group] = groupDiagnostics([{ diagnostics: [finding('divergence', 'error', undefined, Number.NaN, 0, { location: undefined })] }]);
    expect(group.location).toBeUndefined();
    expect(group.locations).toEqual([]);
    expect(groupTitle(group)).toBe('divergence');
  });

  it('says the whole group in one line', () => {
    const [train] = groupDiagnostics([{ diagnostics: ['0', '1', '2'].map(symmetry) }]);
    expect(groupSentence(train)).toBe('layers 0–2: symmetry 0 measured 0 (measured 0 in all 3 layers, threshold 1e-6)');
    const [arm] = groupDiagnostics([{ label: 'zeros', diagnostics: [finding('plateau', 'info', undefined, 3.3e-4, 1e-3)] }]);
    expect(groupSentence(arm)).toBe('run zeros: plateau run measured 0.00033');
  });
});

describe('layerRanges', () => {
  it.each([
    [['0', '1', '2', '3', '4', '5', '6', '7', '8'], '0–8'],
    [['0', '2', '3', '4', '7'], '0, 2–4, 7'],
    [['3'], '3'],
    [['0', '1'], '0, 1'],
    [['encoder', 'decoder'], 'encoder, decoder'],
    [['0', '1', '2', 'head'], '0–2, head'],
    [[], ''],
  ])('%j → %s', (layers, text) => {
    expect(layerRanges(layers)).toBe(text);
  });
});
