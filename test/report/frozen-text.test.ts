import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/protocol/cell-output';
import { frozenLines } from '../../src/report/frozen-text';

/** Only what frozenLines reads of a run: its first epoch's layers. */
function runWith(layers: { layer: string; kind: string; frozen?: boolean }[]): RunSummary {
  return { epochs: [{ layers }] } as unknown as RunSummary;
}

describe('frozen layers in the terminal report', () => {
  it('names the frozen layers and their kinds, and says nothing when every layer trained', () => {
    const layers = [
      { layer: '0', kind: 'dense', frozen: true },
      { layer: '1', kind: 'batchnorm', frozen: true },
      { layer: '2', kind: 'dense' },
    ];
    expect(frozenLines(runWith(layers))).toEqual(['frozen: layers 0, 1 (dense, batchnorm), not updated']);
    expect(frozenLines(runWith([layers[0], layers[2]]))).toEqual(['frozen: layer 0 (dense), not updated']);
    expect(frozenLines(runWith([layers[2]]))).toEqual([]);
  });
});
