import { describe, expect, it } from 'vitest';
import type { InitTuningSummary } from '../../src/protocol/init-tuning';
import { tuningObjectiveChart, tuningScalesChart } from '../../webview/charts/init-tuning-charts';
import { runData } from '../../webview/run-data';
import { validatePayload } from '../../webview/validate-output';
import { craftedRun } from './crafted-runs';

/** The initialization-tuning charts' specs: objective per meta-step and scale per layer, per tuned run. */

const metainit: InitTuningSummary = {
  method: 'metainit',
  objective: [3.2e14, 12, 1.5, 0.9],
  scales: [
    { layer: '0', parameter: '0.weight', base: 'he_normal', scale: 0.5 },
    { layer: '1', parameter: '1.weight', base: 'he_normal', scale: 2 },
  ],
  batchSize: 32,
};
const gradinit: InitTuningSummary = { ...metainit, method: 'gradinit', objective: [Number.NaN, 9.6, 3.4], constrained: [true, true, false] };

describe('initialization tuning charts', () => {
  it('draw nothing for runs without tuning', () => {
    const plain = runData(craftedRun({}));
    expect(tuningObjectiveChart([plain])).toBeUndefined();
    expect(tuningScalesChart([plain])).toBeUndefined();
  });

  it('plot the objective per meta-step on a log axis, leaving a gap for a non-finite value', () => {
    const chart = tuningObjectiveChart([runData(craftedRun({ initTuning: gradinit }))])!;
    expect(chart.y.scale).toBe('log');
    expect(chart.y.title).toBe('loss after one simulated step');
    expect(chart.series[0].points).toEqual([
      { x: 1, y: null },
      { x: 2, y: 9.6 },
      { x: 3, y: 3.4 },
    ]);
    expect(chart.description).toContain('2 of them bounding ‖g‖ by γ');
  });

  it('bar each layer’s scale with the base draw’s 1 marked, keeping each compared run’s colour', () => {
    const runs = [runData(craftedRun({ label: 'he_normal' })), runData(craftedRun({ label: 'metainit', initTuning: metainit }))];
    const chart = tuningScalesChart(runs)!;
    expect(chart.labels).toEqual(['0', '1']);
    expect(chart.series.map((s) => [s.key, s.style])).toEqual([
      ['metainit', 'bar'],
      ['base', 'threshold'],
    ]);
    expect(chart.series[0].values).toEqual([0.5, 2]);
    expect(chart.series[0].color).toBe('orange'); // the second run's colour in every compare chart
    expect(chart.series[1].level).toBe(1);
    expect(chart.title).toBe('Scale per layer vs he_normal');
    expect(tuningObjectiveChart(runs)!.series[0].color).toBe('orange');
  });

  it('accept a saved output with the field, and one without it', () => {
    const output = (run: object) => ({ status: 'ok', problems: [], outputs: [{ kind: 'train', title: 't', run }] });
    expect(validatePayload(output(craftedRun({ initTuning: gradinit }))).leftOut).toEqual([]);
    expect(validatePayload(output(craftedRun({}))).leftOut).toEqual([]);
    const bad = validatePayload(output(craftedRun({ initTuning: { ...metainit, method: 'lsuv' as never } })));
    expect(bad.outputs).toHaveLength(0);
    expect(bad.leftOut.join('\n')).toContain('initTuning');
  });
});
