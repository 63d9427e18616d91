import { describe, expect, it } from 'vitest';
import { diagnose, type RunSnapshot } from '../../../src/engine/diagnostics';
import type { EpochRecord, ThroughTime } from '../../../src/engine/train/records';
import { throughTimeRatio, throughTimeStep } from '../../../src/protocol/through-time';

/**
 * vanishing-through-time and exploding-through-time on hand-made records:
 * the window truncation leaves, a profile that cannot be judged, one finding
 * per layer, and the fix for each situation. Only the through-time records
 * vary; every other statistic is absent, so no other code can fire.
 */

function epoch(index: number, throughTime: readonly ThroughTime[]): EpochRecord {
  return { epoch: index, step: index * 10, trainLoss: 1, metrics: {}, validationMetrics: {}, learningRate: 0.01, layers: [], throughTime };
}

function run(profiles: (epoch: number) => readonly ThroughTime[], clip?: string): RunSnapshot {
  return {
    settings: { optimizer: 'adam', learningRate: 0.01, loss: 'mse', batchSize: 32, ...(clip ? { clip: { method: clip, threshold: 1 } } : {}) },
    epochs: [0, 1, 2].map((index) => epoch(index, profiles(index))),
    recentSteps: [],
  };
}

/** A profile of `steps` norms, `last` at the final timestep, multiplied by `factor` per step going back. */
function profile(layer: string, kind: string, steps: number, factor: number, extra: Partial<ThroughTime> = {}): ThroughTime {
  return { layer, kind, steps, norms: Array.from({ length: steps }, (_, t) => 0.5 * factor ** (steps - 1 - t)), ...extra };
}

const codes = (snapshot: RunSnapshot, thresholds = {}) => diagnose(snapshot, thresholds).map((d) => [d.code, d.layer, d.fixConcept]);

describe('the through-time ratio', () => {
  it('is ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ with its per-step factor', () => {
    // 0.5·0.5⁴ / 0.5 = 0.0625 over 4 steps: ×0.5 per step.
    expect(throughTimeRatio(profile('0', 'rnn', 5, 0.5))).toEqual({ ratio: 0.0625, first: 0.03125, last: 0.5, from: 1, to: 5, perStep: 0.5 });
  });

  it('with bptt starts at the last truncation window', () => {
    // T = 10, bptt = 4: cuts at 0-based 4 and 8, so the end reaches back to 0-based 8 (timestep 9).
    const cut = { layer: '0', kind: 'rnn', steps: 10, bptt: 4, norms: [0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.4] };
    expect(throughTimeRatio(cut)).toMatchObject({ ratio: 0.5, from: 9, to: 10 });
  });

  it('is not judged without two points, with a last norm of 0, or with NaN', () => {
    expect(throughTimeRatio({ steps: 1, norms: [0.3] })).toBeUndefined();
    expect(throughTimeRatio({ steps: 3, bptt: 1, norms: [1, 1, 1] })).toBeUndefined();
    expect(throughTimeRatio({ steps: 3, norms: [1, 1, 0] })).toBeUndefined();
    expect(throughTimeRatio({ steps: 3, norms: [Number.NaN, 1, 1] })).toBeUndefined();
  });

  it('charts a thinned point at the middle of the timesteps it averages', () => {
    expect(throughTimeStep(0, 5, 5)).toBe(1);
    // 100 steps in 64 points: point 0 averages 0-based 0 (⌊100/64⌋ = 1), point 1 averages 1 and 2.
    expect(throughTimeStep(0, 64, 100)).toBe(1);
    expect(throughTimeStep(1, 64, 100)).toBe(2.5);
    expect(throughTimeStep(63, 64, 100)).toBe(99.5);
  });
});

describe('through-time diagnostics on crafted records', () => {
  it('leave a healthy profile alone, and a bptt-truncated one whose early states get nothing by design', () => {
    expect(codes(run(() => [profile('0', 'lstm', 20, 0.8)]))).toEqual([]);
    const truncated = { layer: '0', kind: 'rnn', steps: 10, bptt: 4, norms: [0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.4] };
    expect(codes(run(() => [truncated]))).toEqual([]);
  });

  it('report each recurrent layer once, at its worst epoch', () => {
    const found = diagnose(run((e) => [profile('0', 'rnn', 20, e === 1 ? 0.2 : 0.3), profile('2', 'gru', 20, 0.1)]));
    // Layer 0 only judged at epochs 0 and 2 (0.3¹⁹ = 1.2e-10 both); layer 2: 0.1¹⁹ = 1e-19.
    expect(found.map((d) => [d.code, d.layer, d.epoch, d.fixConcept])).toEqual([
      ['vanishing-through-time', '0', 0, 'lstm'],
      ['vanishing-through-time', '2', 0, 'orthogonal'],
    ]);
    expect(found[1].measured).toBeCloseTo(1e-19, 30);
  });

  it('count a first norm of exactly 0 as vanished', () => {
    const zero = { layer: '0', kind: 'rnn', steps: 4, norms: [0, 1e-3, 0.1, 0.5] };
    expect(diagnose(run(() => [zero]))[0]).toMatchObject({ code: 'vanishing-through-time', measured: 0 });
  });

  it('fix exploding with clipping first, then the recurrent init, the cell or truncation', () => {
    const growing = () => [profile('0', 'rnn', 10, 3)];
    expect(codes(run(growing))).toEqual([['exploding-through-time', '0', 'norm']]);
    const clipped = diagnose(run(growing, 'norm'));
    expect(clipped.map((d) => d.fixConcept)).toEqual(['orthogonal']);
    expect(clipped[0].fix).toContain('lstm or gru');
    expect(clipped[0].fix).toContain('bptt');
  });

  it('read their thresholds from the settings', () => {
    const mild = () => [profile('0', 'rnn', 10, 0.5)];
    // 0.5⁹ = 1.95e-3: healthy by default, vanishing below a stricter 0.01.
    expect(codes(run(mild))).toEqual([]);
    expect(codes(run(mild), { vanishingThroughTime: 0.01 })).toEqual([['vanishing-through-time', '0', 'lstm']]);
    expect(codes(run(() => [profile('0', 'rnn', 10, 1.5)]), { explodingThroughTime: 10 })).toEqual([['exploding-through-time', '0', 'norm']]);
  });

  it('say nothing for a run recorded before the profiles existed', () => {
    const old = run(() => []);
    expect(diagnose({ ...old, epochs: old.epochs.map(({ throughTime: _, ...rest }) => rest) })).toEqual([]);
  });
});
