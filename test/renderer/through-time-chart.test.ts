import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompareOutput, EpochSummary, TrainOutput } from '../../src/protocol/cell-output';
import { compareThroughTimeChart, shownEpochs, throughTimeChart, throughTimeLayers } from '../../webview/charts/through-time-chart';
import { runData } from '../../webview/run-data';
import { validatePayload } from '../../webview/validate-output';
import { craftedRun } from './crafted-runs';

/**
 * The "Gradient norm through time" chart's spec, from the recorded
 * recurrent fixture (an rnn 16 on the adding problem, T = 50): timesteps
 * 1 … T left to right, a log y axis, a few epochs of one run or the last
 * epoch of each compared run, and nothing for a model without a recurrent
 * layer. Drawn in Chromium by through-time.spec.ts.
 */

const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'recurrent.json'), 'utf8')) as { cells: { result: { outputs: { kind: string }[] } }[] };
const outputs = recorded.cells.flatMap((cell) => cell.result.outputs);
const train = outputs.find((o) => o.kind === 'train') as TrainOutput;
const compare = outputs.find((o) => o.kind === 'compare') as CompareOutput;

const epoch = (index: number, withProfile = true): EpochSummary => ({
  epoch: index,
  step: index,
  trainLoss: 1,
  metrics: {},
  validationMetrics: {},
  learningRate: 0.1,
  layers: [],
  ...(withProfile ? { throughTime: [{ layer: '0', kind: 'rnn', steps: 3, norms: [0.1, 0.2, 0.4] }] } : {}),
});

describe('gradient norm through time chart', () => {
  it('draws timesteps 1 … T with the last on the right, on a log axis, one line per shown epoch', () => {
    const spec = throughTimeChart(runData(train.run), '0')!;
    expect(spec.title).toBe('Gradient norm through time, rnn layer 0');
    expect(spec.x).toMatchObject({ scale: 'linear', min: 1, max: 50 });
    expect(spec.y.scale).toBe('log');
    expect(spec.series.map((s) => s.label)).toEqual(['initialization', 'epoch 2', 'epoch 4', 'epoch 6', 'epoch 8']);
    for (const series of spec.series) {
      expect(series.points!.map((p) => p.x)).toEqual(Array.from({ length: 50 }, (_, t) => t + 1));
    }
    // The exploding init: the norm at h_1 dwarfs the one at h_50, where the loss enters.
    const first = spec.series[0].points!;
    expect(first[0].y! / first[49].y!).toBeGreaterThan(1e3);
    expect(spec.description).toMatch(/At initialization: ‖∂L\/∂h_1‖ \/ ‖∂L\/∂h_50‖ = [\d.]+e\d+/);
    expect(spec.legend).toBe(true);
  });

  it('overlays each compared run’s last epoch, named by its setting', () => {
    const spec = compareThroughTimeChart(compare.runs.map(runData), 'recurrent init', '0')!;
    expect(spec.series.map((s) => s.label)).toEqual(['small_random', 'orthogonal', 'random_normal(stddev=1)']);
    expect(spec.series.map((s) => s.variant)).toEqual([0, 1, 2]);
    expect(spec.y.scale).toBe('log');
    expect(spec.description).toContain("at each recurrent init's last epoch");
    expect(spec.description).toMatch(/small_random ‖∂L\/∂h_1‖ \/ ‖∂L\/∂h_50‖ = [\d.]+e-\d+/);
  });

  it('leaves a gap where the norm is 0, which a log axis cannot show', () => {
    const spec = throughTimeChart(runData(craftedRun({ epochs: [{ ...epoch(0), throughTime: [{ layer: '0', kind: 'rnn', steps: 3, norms: [0, 0.2, 0.4] }] }] })), '0')!;
    expect(spec.series[0].points).toEqual([{ x: 1, y: null }, { x: 2, y: 0.2 }, { x: 3, y: 0.4 }]);
  });

  it('places a thinned point at the middle of the timesteps it averages', () => {
    const norms = Array.from({ length: 64 }, () => 1);
    const spec = throughTimeChart(runData(craftedRun({ epochs: [{ ...epoch(0), throughTime: [{ layer: '0', kind: 'lstm', steps: 128, norms }] }] })), '0')!;
    expect(spec.series[0].points!.slice(0, 2).map((p) => p.x)).toEqual([1.5, 3.5]);
    expect(spec.x.max).toBe(128);
  });

  it('is absent for runs without a recurrent layer, as in older saved files', () => {
    const dense = runData(craftedRun({ epochs: [epoch(0, false), epoch(1, false)] }));
    expect(throughTimeLayers([dense])).toEqual([]);
    expect(throughTimeChart(dense, '0')).toBeUndefined();
    expect(compareThroughTimeChart([dense], 'init', '0')).toBeUndefined();
  });

  it('shows the first, the last and three epochs evenly between', () => {
    expect(shownEpochs(Array.from({ length: 4 }, (_, i) => epoch(i)), '0').map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    expect(shownEpochs(Array.from({ length: 21 }, (_, i) => epoch(i)), '0').map((e) => e.epoch)).toEqual([0, 5, 10, 15, 20]);
  });

  it('gives each of several recurrent layers its own chart', () => {
    // lstm 32 return_sequences=true under lstm 16: the lower layer also gets each step's own gradient, the upper only the last.
    const stacked = { ...epoch(1), throughTime: [{ layer: '0', kind: 'lstm', steps: 3, norms: [0.3, 0.3, 0.3] }, { layer: '1', kind: 'lstm', steps: 3, norms: [1e-4, 1e-2, 1] }] };
    const run = runData(craftedRun({ epochs: [stacked] }));
    expect(throughTimeLayers([run])).toEqual(['0', '1']);
    expect(throughTimeChart(run, '0')!.title).toBe('Gradient norm through time, lstm layer 0');
    expect(throughTimeChart(run, '1')!.series[0].points!.map((p) => p.y)).toEqual([1e-4, 1e-2, 1]);
  });
});

describe('saved through-time profiles', () => {
  const withEpochs = (epochs: unknown) => ({ outputs: [{ kind: 'train', title: 't', run: { ...craftedRun({}), epochs } }] });

  it('pass when well formed and leave the output out when not', () => {
    expect(validatePayload(withEpochs([epoch(0)])).leftOut).toEqual([]);
    const broken = validatePayload(withEpochs([{ ...epoch(0), throughTime: [{ layer: '0', kind: 'rnn', steps: 3, norms: 'many' }] }]));
    expect(broken.leftOut.join()).toMatch(/throughTime\[0\]\.norms is not a list/);
  });
});
