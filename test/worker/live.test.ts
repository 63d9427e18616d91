import { describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import { createInitializer } from '../../src/engine/initializers';
import { Sequential } from '../../src/engine/model';
import { Rng } from '../../src/engine/rng';
import { RunTelemetry } from '../../src/engine/train/telemetry';
import type { RunProgress } from '../../src/engine/train/run';
import type { CellResult, DecisionLandscape, RunSummary, TrainOutput } from '../../src/protocol/cell-output';
import { RESULT_EPOCHS } from '../../src/protocol/live-output';
import { NotebookSession } from '../../src/session/session';
import { boundResult, LANDSCAPE_INTERVAL_MS, LiveSnapshot, thinEpochs, thinSeries } from '../../src/worker/live';
import { epochLossChart } from '../../webview/charts/run-charts';
import { runData } from '../../webview/run-data';

const MODEL = new Sequential(2, [{ kind: 'dense', units: 1, activation: createActivation('sigmoid'), kernelInitializer: createInitializer('zeros'), biasInitializer: createInitializer('zeros') }], new Rng(1));

const LANDSCAPE: DecisionLandscape = { features: ['x1', 'x2'], scaled: false, x: [0, 1], y: [0, 1], resolution: 2, values: [0, 0, 0, 0], points: [], unitResolution: 2, units: [] };

function progress(step: number, telemetry = new RunTelemetry(10)): RunProgress {
  return {
    step,
    epoch: 1,
    totalSteps: 100,
    latest: { step, epoch: 1, loss: 1 / step, learningRate: 0.1, gradNormBefore: 1, gradNormAfter: 1, clipped: false },
    telemetry,
    elapsedMs: step,
    model: MODEL,
  };
}

describe('live snapshots', () => {
  it('merges neighbouring buckets to stay within the limit', () => {
    const buckets = [1, 2, 3, 4, 5].map((x) => ({ x, mean: x * 10, min: x, max: x * 100, last: -x }));
    // Limit 2 → groups of ⌈5/2⌉ = 3: {1,2,3} and {4,5}.
    expect(thinSeries(buckets, 2)).toEqual([
      { x: 2, mean: 20, min: 1, max: 300, last: -3 }, // x (1+2+3)/3, mean (10+20+30)/3
      { x: 4.5, mean: 45, min: 4, max: 500, last: -5 },
    ]);
    expect(thinSeries(buckets, 5)).toEqual(buckets);
  });

  it('thins epochs evenly by epoch number, keeping the first and the last', () => {
    const epochs = Array.from({ length: 11 }, (_, epoch) => ({ epoch }));
    // 4 of 11: targets 0, 3.33, 6.67, 10 → nearest epochs 0, 3, 7, 10.
    expect(thinEpochs(epochs, 4).map((e) => e.epoch)).toEqual([0, 3, 7, 10]);
    expect(thinEpochs(epochs, 20)).toEqual(epochs);
  });

  it('spreads a long run\'s picks over its whole history, not over its dense latest epochs', () => {
    // As a 3,000-epoch run keeps them: 0, 1, every 16th epoch, then the latest 64 in a row.
    const kept = [0, 1, ...Array.from({ length: 183 }, (_, i) => 16 * (i + 1)), ...Array.from({ length: 64 }, (_, i) => 2937 + i)];
    const picked = thinEpochs(kept.map((epoch) => ({ epoch })), 60).map((e) => e.epoch);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(3000);
    // Targets are 3000/59 ≈ 50.8 epochs apart; the kept history is 16 apart, so no gap exceeds 50.8 + 16.
    const gaps = picked.slice(1).map((epoch, i) => epoch - picked[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(67);
    expect(picked.filter((epoch) => epoch > 2936)).toHaveLength(2);
  });

  it('keeps the compare arms that finished beside the one training', () => {
    const live = new LiveSnapshot();
    expect(live.payload()).toEqual({ status: 'running', problems: [], outputs: [] });
    live.observe({ cell: 0, action: 'compare', label: 'zeros', schedulePreview: [], progress: { ...progress(5), variant: 'zeros', variantIndex: 0, variants: 2 } as RunProgress });
    live.observe({ cell: 0, action: 'compare', label: 'he_normal', schedulePreview: [], progress: { ...progress(3), variant: 'he_normal', variantIndex: 1, variants: 2 } as RunProgress });
    const [output] = live.payload().outputs;
    expect(output).toMatchObject({ kind: 'live', action: 'compare', title: 'compare: he_normal (2 of 2)' });
    expect(output.kind === 'live' && output.runs.map((r) => [r.label, r.status, r.steps])).toEqual([
      ['zeros', 'finished', 5],
      ['he_normal', 'running', 3],
    ]);
  });

  it('shows only the current train when a cell trains twice', () => {
    const live = new LiveSnapshot();
    live.observe({ cell: 0, action: 'train', label: 'train epochs=1', schedulePreview: [], progress: progress(5) });
    live.observe({ cell: 0, action: 'train', label: 'train epochs=2', schedulePreview: [], progress: progress(2) });
    const [output] = live.payload().outputs;
    expect(output.kind === 'live' && output.runs.map((r) => r.label)).toEqual(['train epochs=2']);
  });

  it('makes a decision landscape at most every LANDSCAPE_INTERVAL_MS, and keeps a finished arm\'s last one', () => {
    let clock = 0;
    const made: string[] = [];
    const landscapeOf = (label: string) => () => {
      made.push(label);
      clock += 2; // making one takes 2 ms
      return { ...LANDSCAPE, values: [made.length] };
    };
    const live = new LiveSnapshot(() => clock);
    const arm = (label: string, index: number) =>
      live.observe({ cell: 0, action: 'compare', label, schedulePreview: [], landscape: landscapeOf(label), progress: { ...progress(3), variant: label, variantIndex: index, variants: 2 } as RunProgress });
    const landscapes = () => {
      const [output] = live.payload().outputs;
      return output.kind === 'live' ? output.runs.map((r) => r.landscape?.values[0]) : [];
    };
    arm('zeros', 0);
    expect(landscapes()).toEqual([1]);
    clock += LANDSCAPE_INTERVAL_MS - 10;
    expect(landscapes()).toEqual([1]);
    clock += 10;
    expect(landscapes()).toEqual([2]);
    // The next arm: the finished one's landscape is made once more, as it ended; the new arm gets its own at once.
    arm('he_normal', 1);
    expect(landscapes()).toEqual([3, 4]);
    expect(landscapes()).toEqual([3, 4]);
    expect(made).toEqual(['zeros', 'zeros', 'zeros', 'he_normal']);
  });

  it('makes a slow landscape less often, so it takes at most a twentieth of the time', () => {
    let clock = 0;
    let made = 0;
    const live = new LiveSnapshot(() => clock);
    const slow = () => {
      made++;
      clock += 100; // 100 ms to make: again only after 20 × 100 = 2 s
      return LANDSCAPE;
    };
    live.observe({ cell: 0, action: 'train', label: 'train', schedulePreview: [], landscape: slow, progress: progress(1) });
    live.payload();
    clock += 1500;
    live.payload();
    expect(made).toBe(1);
    clock += 500;
    live.payload();
    expect(made).toBe(2);
  });
});

describe('final results', () => {
  it('keep at most RESULT_EPOCHS epoch records per run, the first and the last among them', () => {
    const epochs = Array.from({ length: RESULT_EPOCHS * 3 + 1 }, (_, epoch) => ({ epoch }));
    const run = { label: 'long', epochs } as unknown as RunSummary;
    const short = { label: 'short', epochs: epochs.slice(0, 3) } as unknown as RunSummary;
    const result: CellResult = { status: 'cancelled', problems: [], outputs: [{ kind: 'train', title: 't', run }, { kind: 'compare', title: 'c', setting: 'lr', runs: [short, run] }] };
    const bounded = boundResult(result);
    const kept = (r: RunSummary) => r.epochs.map((e) => e.epoch);
    const train = bounded.outputs[0].kind === 'train' ? bounded.outputs[0].run : undefined;
    expect(kept(train!)).toHaveLength(RESULT_EPOCHS);
    expect([kept(train!)[0], kept(train!).at(-1)]).toEqual([0, RESULT_EPOCHS * 3]);
    const compare = bounded.outputs[1].kind === 'compare' ? bounded.outputs[1].runs : [];
    expect(compare.map((r) => r.epochs.length)).toEqual([3, RESULT_EPOCHS]);
    expect(boundResult({ status: 'ok', problems: [], outputs: [{ kind: 'train', title: 't', run: short }] }).outputs[0]).toEqual({ kind: 'train', title: 't', run: short });
  });
});

describe('a long run as the editor draws it', () => {
  it('keeps the shape of a 3,000-epoch loss curve: the epochs sent span the run evenly', () => {
    const host = { readText: () => '', readBytes: () => new Uint8Array(), writeBytes: () => undefined };
    // 16 samples in one batch: one step an epoch, 3,000 epochs.
    const result = new NotebookSession(host).runCell(0, 'data xor n=16 seed=1\nmodel\n  dense 4 tanh\n  dense 1 sigmoid\nloss binary_crossentropy\ntrain epochs=3000 batch=16 seed=1');
    const train = boundResult(result).outputs.find((o): o is TrainOutput => o.kind === 'train')!;
    const chart = epochLossChart(runData(train.run))!;
    const xs = (chart.series.find((s) => s.key === 'train')?.points ?? []).map((p) => p.x);
    expect(xs[0]).toBe(0);
    expect(xs.at(-1)).toBe(3000);
    // At most RESULT_EPOCHS points, none more than twice the even spacing apart: no straight line across the run.
    expect(xs.length).toBeLessThanOrEqual(RESULT_EPOCHS);
    const gaps = xs.slice(1).map((x, i) => x - xs[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual((2 * 3000) / (RESULT_EPOCHS - 1));
  });
});
