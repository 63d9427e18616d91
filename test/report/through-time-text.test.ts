import { describe, expect, it } from 'vitest';
import type { EpochSummary, RunSummary, ThroughTimeSummary } from '../../src/protocol/cell-output';
import { throughTimeLines } from '../../src/report/through-time-text';

/** The CLI's one-line summary of each recurrent layer's gradient through time, from the last epoch. */

function epoch(index: number, throughTime?: readonly ThroughTimeSummary[]): EpochSummary {
  return { epoch: index, step: index * 10, trainLoss: 1, metrics: {}, validationMetrics: {}, learningRate: 0.01, layers: [], ...(throughTime ? { throughTime } : {}) };
}

function run(epochs: readonly EpochSummary[]): RunSummary {
  return { label: 'init=orthogonal', epochs } as unknown as RunSummary;
}

// 0.5, 0.25, 0.125, 0.0625, 0.03125 reversed: halves per step going back over 4 steps → r = 1/16.
const halving: ThroughTimeSummary = { layer: '0', kind: 'lstm', steps: 5, norms: [0.03125, 0.0625, 0.125, 0.25, 0.5] };

describe('throughTimeLines', () => {
  it('states the last epoch’s ratio and per-step factor, one line per recurrent layer', () => {
    const growing: ThroughTimeSummary = { layer: '2', kind: 'rnn', steps: 3, norms: [4, 2, 1] };
    const lines = throughTimeLines(run([epoch(0, [{ ...halving, norms: [1, 1, 1, 1, 1] }]), epoch(1, [halving, growing])]));
    expect(lines).toEqual([
      'gradient through time, layer 0 (lstm, T = 5), epoch 1: ‖∂L/∂h_1‖ / ‖∂L/∂h_5‖ = 0.0625, ×0.5 per step',
      'gradient through time, layer 2 (rnn, T = 3), epoch 1: ‖∂L/∂h_1‖ / ‖∂L/∂h_3‖ = 4, ×2 per step',
    ]);
  });

  it('leads with the run label for a compare', () => {
    expect(throughTimeLines(run([epoch(1, [halving])]), true)[0]).toMatch(/^init=orthogonal: gradient through time, layer 0/);
  });

  it('says nothing without recurrent layers, or for a profile it cannot judge', () => {
    expect(throughTimeLines(run([epoch(0), epoch(1)]))).toEqual([]);
    expect(throughTimeLines(run([epoch(1, [{ ...halving, norms: [1, 1, 1, 1, 0] }])]))).toEqual([]);
    expect(throughTimeLines(run([]))).toEqual([]);
  });
});
