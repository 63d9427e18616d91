import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellResult, CompareOutput, TrainOutput } from '../../src/protocol/cell-output';
import {
  compareEpochLossChart,
  compareGradientNormChart,
  compareMetricChart,
  compareStepLossChart,
} from '../../webview/charts/compare-charts';
import { learningRateScale } from '../../webview/charts/learning-rate-scale';
import { epochLossChart, epochMetricsChart, gradientNormChart, learningRateChart, stepLossChart } from '../../webview/charts/run-charts';
import { smooth } from '../../webview/charts/smoothing';
import type { ChartSpec, Point, SeriesSpec } from '../../webview/charts/spec';
import { labelledTogether, logTickLabels, spacedTickLabels } from '../../webview/charts/ticks';
import { formatTicks } from '../../webview/format';
import { runData, type RunData } from '../../webview/run-data';
import { smallRun } from './crafted-runs';

/**
 * What makes the charts of the example notebooks readable, checked on the
 * ChartSpecs built from outputs recorded from the CLI (test/renderer/fixtures):
 * a diverged run does not set the axes, a flat series gets a range and
 * distinct tick labels, clipping is shown in a comparison, coincident runs
 * stay apart, and the smoothing is TensorBoard's.
 */

function outputs(name: string): CellResult['outputs'] {
  const recorded = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as { cells: { result: CellResult }[] };
  return recorded.cells.flatMap((cell) => cell.result.outputs);
}

const compareRuns = (name: string): RunData[] => (outputs(name).find((o) => o.kind === 'compare') as CompareOutput).runs.map(runData);
const trainRun = (name: string): RunData => runData((outputs(name).find((o) => o.kind === 'train') as TrainOutput).run);

const values = (series: SeriesSpec | undefined): number[] => (series?.points ?? []).map((p) => p.y).filter((y): y is number => y !== null);
const byKey = (spec: ChartSpec | undefined, key: string): SeriesSpec | undefined => spec?.series.find((s) => s.key === key);

/** Every drawn value lies on the axis. */
function insideAxis(spec: ChartSpec | undefined): void {
  const { suggestedMin: min = -Infinity, suggestedMax: max = Infinity } = spec?.y ?? {};
  for (const series of spec?.series ?? []) {
    for (const y of [...values(series), ...(series.upper ?? []).map((p) => p.y).filter((v): v is number => v !== null)]) {
      expect(y, `${spec?.title}: ${series.key}`).toBeGreaterThanOrEqual(min);
      expect(y, `${spec?.title}: ${series.key}`).toBeLessThanOrEqual(max);
    }
  }
}

describe('a diverged run does not set the axis', () => {
  // examples/clipping.nnlab: `none` reaches a loss of 2.7e13 by step 6 and diverges at step 7.
  const runs = compareRuns('clipping');

  it('compare, loss per step: the axis fits the runs that did not diverge, none is cut and marked ✕ at step 7', () => {
    const spec = compareStepLossChart(runs, 'clip');
    const healthy = runs.filter((r) => r.status !== 'diverged').flatMap((r) => r.series.loss.map((p) => p.mean));
    expect(spec?.y.suggestedMax).toBeGreaterThanOrEqual(Math.max(...healthy));
    expect(spec?.y.suggestedMax).toBeLessThan(1);
    insideAxis(spec);
    const mark = byKey(spec, 'diverged:none');
    expect(mark).toMatchObject({ style: 'points', marker: 'crossRot', label: 'none diverged at step 7', color: 'blue' });
    expect(mark?.points?.[0].x).toBe(7);
    expect(spec?.description).toContain('none diverged at step 7');
  });

  it('compare, MAE and loss per epoch: no axis runs to 1e37', () => {
    for (const spec of [compareMetricChart(runs, 'clip'), compareEpochLossChart(runs, 'clip')]) {
      expect(spec?.y.suggestedMax, spec?.title).toBeLessThan(1);
      insideAxis(spec);
      expect(byKey(spec, 'diverged:none')?.points?.[0].x, spec?.title).toBe(1); // diverged in epoch 1
    }
  });

  it('one diverged run: its values before the blow-up set the axis, and the ✕ sits at the divergence', () => {
    const run = trainRun('clipping');
    const largest = Math.max(...run.epochs.map((e) => e.trainLoss), ...run.series.gradNormBefore.map((p) => p.mean));
    for (const spec of [epochLossChart(run), stepLossChart(run), gradientNormChart(run), epochMetricsChart(run)]) {
      // The loss reaches 4.6e12 and the gradient norm 1e13; the axes stop near where the climb began (0.7 and 1000).
      expect(spec?.y.suggestedMax, spec?.title).toBeLessThan(largest * 1e-6);
      insideAxis(spec);
      expect(byKey(spec, 'diverged:train epochs=20 batch=32 seed=1'), spec?.title).toMatchObject({ marker: 'crossRot', label: 'diverged at step 7' });
    }
  });
});

describe('steps actually taken', () => {
  it('a run that diverged at step 7 of 300 has its step axes end there, alone and in a comparison whose runs all stopped', () => {
    const run = trainRun('clipping');
    for (const spec of [stepLossChart(run), learningRateChart(run), gradientNormChart(run)]) expect(spec?.x.max, spec?.title).toBe(7);
    // With runs that completed, the comparison's axis reaches their 300 steps.
    expect(compareStepLossChart(compareRuns('clipping'), 'clip')?.x.max).toBe(300);
  });
});

describe('a flat series', () => {
  it('a constant learning rate of 0.05 gets a range centred on it and distinct tick labels', () => {
    const spec = learningRateChart(trainRun('clipping'));
    const { suggestedMin: min = NaN, suggestedMax: max = NaN } = spec?.y ?? {};
    expect((min + max) / 2).toBeCloseTo(0.05, 10);
    expect(max - min).toBeGreaterThanOrEqual(0.005);
    expect(spec?.y.scale).toBe('linear');
  });

  it('close ticks get as many decimals as their spacing needs', () => {
    // Chart.js's ticks for a series near 0.05: formatNumber alone writes 0.048 and 0.049 twice each.
    const ticks = [0.0475, 0.048, 0.0485, 0.049, 0.0495, 0.05, 0.0505];
    const labels = formatTicks(ticks);
    expect(new Set(labels).size).toBe(ticks.length);
    expect(labels).toEqual(['0.0475', '0.0480', '0.0485', '0.0490', '0.0495', '0.0500', '0.0505']);
    // One scale: as many decimals on every tick (formatNumber writes 1 and 1.10).
    expect(formatTicks([0.9, 1, 1.1, 1.2])).toEqual(['0.9', '1.0', '1.1', '1.2']);
    expect(formatTicks([0, 0.002, 0.004, 0.01])).toEqual(['0', '0.002', '0.004', '0.010']);
    expect(formatTicks([0, 500, 1000, 1500])).toEqual(['0', '500', '1,000', '1,500']);
    expect(formatTicks([0.002, 0.004, 0.006])).toEqual(['2e-3', '4e-3', '6e-3']); // below 0.01: formatNumber's
    expect(formatTicks([1.0001e-3, 1.0002e-3])).toEqual(['1.0001e-3', '1.0002e-3']);
  });
});

describe('log axis labels', () => {
  it.each([
    // Three decades and more: powers of ten only.
    [[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1], ['1e-3', '', '', '0.01', '', '', '0.1', '', '', '1']],
    // Under three decades: 1-2-5.
    [[0.1, 0.2, 0.3, 0.5, 1, 2], ['0.1', '0.2', '', '0.5', '1', '2']],
    // Inside one decade with one 1-2-5 tick or none: the ticks of one digit, then every tick.
    [[0.27, 0.3, 0.4, 0.5, 0.52], ['', '0.3', '0.4', '0.5', '']],
    [[0.31, 0.35, 0.38], ['0.31', '0.35', '0.38']],
    // Thirteen decades: every second power, so the labels do not crowd.
    [Array.from({ length: 13 }, (_, k) => 10 ** k), ['1', '', '100', '', '10,000', '', '1e6', '', '1e8', '', '1e10', '', '1e12']],
  ])('%j → %j', (ticks, labels) => {
    expect(logTickLabels(ticks)).toEqual(labels);
  });
});

describe('clipping in a comparison', () => {
  it('shows each clipped run before and after clipping, with its τ line in its colour', () => {
    const spec = compareGradientNormChart(compareRuns('clipping'), 'clip');
    expect(spec?.title).toBe('Gradient norm before and after clipping');
    expect(spec?.series.filter((s) => s.style === 'threshold').map((s) => [s.level, s.color])).toEqual([
      [1, 'orange'],
      [0.01, 'green'],
    ]);
    expect(byKey(spec, 'norm(max_norm=1):after')?.style).toBe('dashed');
    // After clipping at τ = 1, no norm is above 1 (rounding aside).
    expect(Math.max(...values(byKey(spec, 'norm(max_norm=1):after')))).toBeLessThanOrEqual(1.0001);
    expect(spec?.y.scale).toBe('log'); // τ = 0.01 against norms near 2
    insideAxis(spec);
  });
});

describe('the learning-rate scale', () => {
  it('is linear for warmup then cosine, whatever its range', () => {
    expect(learningRateChart(trainRun('renderer'))?.y.scale).toBe('linear');
    // Warmup to 0.01, cosine down to 1e-5: three decades, yet a log axis would bend both parts.
    const warmupCosine = Array.from({ length: 100 }, (_, i) => {
      const x = i + 1;
      return { x, y: x <= 10 ? (x / 10) * 1e-2 : 1e-5 + 0.5 * (1e-2 - 1e-5) * (1 + Math.cos((Math.PI * (x - 10)) / 90)) };
    });
    expect(learningRateScale(warmupCosine)).toBe('linear');
    const run = smallRun({ steps: 100, totalSteps: 100, schedulePreview: warmupCosine, settings: { optimizer: 'adam', learningRate: 0.01, loss: 'mse', batchSize: 1, schedule: 'warmup then cosine' } });
    expect(learningRateChart(run)?.y.scale).toBe('linear');
  });

  it('is log for an exponential or step decay over decades, and linear for one within a decade', () => {
    const exponential = Array.from({ length: 100 }, (_, x) => ({ x, y: 0.1 * 0.9 ** x }));
    const steps = Array.from({ length: 120 }, (_, x) => ({ x, y: 0.1 * 0.1 ** Math.floor(x / 30) }));
    expect(learningRateScale(exponential)).toBe('log');
    expect(learningRateScale(steps)).toBe('log');
    expect(learningRateScale(exponential.slice(0, 20))).toBe('linear'); // 0.1 to 0.015
  });
});

describe('runs that coincide', () => {
  it('zeros and small_random never break symmetry: both lines get their own dash pattern and the description says they coincide', () => {
    const spec = compareEpochLossChart(compareRuns('initializers'), 'init');
    const variants = spec?.series.filter((s) => s.style === 'line').map((s) => s.variant);
    expect(variants).toEqual([0, 1, 2, 3]);
    expect(spec?.description).toContain('small_random coincides with zeros');
  });
});

describe('metric axes', () => {
  it('an error such as MAE is a number, not a percentage, even below 1; accuracy is a percentage', () => {
    const clipped = compareRuns('clipping').filter((run) => run.status !== 'diverged');
    expect(compareMetricChart(clipped, 'clip')?.y).toMatchObject({ title: 'mae', scale: 'linear' });
    expect(compareMetricChart(clipped, 'clip')?.y.percent).toBeUndefined();
    expect(epochMetricsChart(clipped[0])?.y.percent).toBeUndefined();
    expect(epochMetricsChart(trainRun('renderer'))?.y).toMatchObject({ min: 0, max: 1, percent: true });
  });
});

describe('metric colours', () => {
  it('training is blue and validation orange, as in the loss chart', () => {
    const spec = epochMetricsChart(trainRun('renderer'));
    expect(byKey(spec, 'train:accuracy')?.color).toBe('blue');
    expect(byKey(spec, 'validation:accuracy')?.color).toBe('orange');
    expect(byKey(epochLossChart(trainRun('renderer')), 'validation')?.color).toBe('orange');
    // Two metrics share the colours: markers tell them apart.
    expect(byKey(spec, 'train:accuracy')?.marker).not.toBe(byKey(spec, 'train:auc')?.marker);
  });
});

describe('smoothing', () => {
  it("is TensorBoard's debiased moving average", () => {
    // w = 0.5: last = 0.5, 1.25, 2.125; debiased by 1 − 0.5^i = 0.5, 0.75, 0.875 → 1, 1.6667, 2.4286.
    const points: Point[] = [
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 3, y: null },
      { x: 4, y: 3 },
    ];
    const smoothed = smooth(points, 0.5).map((p) => p.y);
    expect(smoothed[0]).toBeCloseTo(1, 10);
    expect(smoothed[1]).toBeCloseTo(1.25 / 0.75, 10);
    expect(smoothed[2]).toBeNull(); // a gap stays a gap and does not count
    expect(smoothed[3]).toBeCloseTo(2.125 / 0.875, 10);
    expect(smooth(points, 0)).toEqual(points);
  });

  it('starts at 0.6 for loss per step and at 0 for charts over epochs', () => {
    const run = trainRun('renderer');
    expect(stepLossChart(run)?.smoothing).toBe(0.6);
    expect(compareStepLossChart(compareRuns('clipping'), 'clip')?.smoothing).toBe(0.6);
    expect(epochLossChart(run)?.smoothing).toBe(0);
    expect(epochMetricsChart(run)?.smoothing).toBe(0);
  });
});


describe('labelledTogether', () => {
  it('labels an axis once per set of ticks, not once per tick, and anew for the next set', () => {
    const sets: number[][] = [];
    const callback = labelledTogether((values) => {
      sets.push(values);
      return formatTicks(values);
    });
    const first = [0, 0.5, 1, 1.5].map((value) => ({ value }));
    expect(first.map((tick, i) => callback(tick.value, i, first))).toEqual(['0', '0.5', '1.0', '1.5']);
    expect(sets).toHaveLength(1);
    // Chart.js may hand the same array with new values on the next update: the first tick starts over.
    first.forEach((tick, i) => (tick.value = i * 2));
    expect(first.map((tick, i) => callback(tick.value, i, first))).toEqual(['0', '2', '4', '6']);
    const second = [0.0495, 0.05, 0.0505].map((value) => ({ value }));
    expect(callback(0.05, 1, second)).toBe('0.0500');
    expect(sets).toHaveLength(3);
  });
});

describe('spacedTickLabels', () => {
  it('keeps a bound that Chart.js adds close to a round tick, and blanks the round one beside it', () => {
    expect(spacedTickLabels([0, 100, 200, 300, 400, 450])).toEqual(['0', '100', '200', '300', '', '450']);
    expect(spacedTickLabels([0.07, 0.1, 0.2, 0.3, 0.4])).toEqual(['0.07', '', '0.20', '0.30', '0.40']);
  });

  it('leaves evenly spaced ticks, and a bound at least six tenths of a step away, as they are', () => {
    expect(spacedTickLabels([0, 5, 10, 15, 20])).toEqual(['0', '5', '10', '15', '20']);
    expect(spacedTickLabels([0, 100, 200, 300, 400, 470])).toEqual(['0', '100', '200', '300', '400', '470']);
    expect(spacedTickLabels([1, 1.5, 2])).toEqual(['1.0', '1.5', '2.0']);
  });
});
