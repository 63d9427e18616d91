import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/protocol/cell-output';
import { initTuningLines } from '../../src/report/init-tuning-text';

const run = (initTuning?: RunSummary['initTuning']) => ({ label: 'gradinit(base=he_normal)', initTuning }) as RunSummary;

describe('initialization tuning as CLI text', () => {
  it('says nothing for a run without tuning', () => {
    expect(initTuningLines(run())).toEqual([]);
  });

  it('gives the objective from first to last meta-step and each layer’s scale, labelled in a comparison', () => {
    const tuning: RunSummary['initTuning'] = {
      method: 'gradinit',
      objective: [Number.NaN, 9.57, 3.36],
      constrained: [true, true, false],
      scales: [
        { layer: '0', parameter: '0.weight', base: 'he_normal', scale: 0.5612 },
        { layer: '1', parameter: '1.weight', base: 'he_normal', scale: 0.5 },
      ],
      batchSize: 32,
    };
    expect(initTuningLines(run(tuning), true)).toEqual([
      'gradinit(base=he_normal): gradinit: loss after one simulated step NaN → 3.36 over 3 meta-steps, 2 of them bounding ‖g‖ by γ',
      'gradinit(base=he_normal): gradinit scales vs he_normal: 0 ×0.561, 1 ×0.5',
    ]);
    expect(initTuningLines(run({ ...tuning, method: 'metainit', constrained: undefined, objective: [3.2e14, 1.02] }))[0]).toBe('metainit: gradient quotient 3.2e14 → 1.02 over 2 meta-steps');
  });
});
