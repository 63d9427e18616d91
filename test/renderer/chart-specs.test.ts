import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../src/protocol/cell-output';
import { isRendererMessage } from '../../src/protocol/renderer-messages';
import { trend } from '../../webview/charts/describe';
import { epochLossChart, epochMetricsChart, gradientNormChart, learningRateChart, stepLossChart } from '../../webview/charts/run-charts';
import { scaleFor } from '../../webview/charts/spec';
import { finite, formatNumber, formatPercent } from '../../webview/format';
import { cellData, runData } from '../../webview/run-data';
import { facts } from '../../webview/views/run-view';
import { smallRun } from './crafted-runs';

/**
 * The renderer's pure parts, in Node: number formatting, text
 * alternatives, scale choice, what the run charts contain, and reading
 * payloads. The drawing itself is tested in Chromium (*.spec.ts, run by
 * `npm run test:renderer`).
 */

const bucket = (x: number, mean: number, min = mean, max = mean): SeriesPoint => ({ x, mean, min, max, last: mean });


describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [600, '600'],
    [1.099, '1.10'], // 1 ≤ |x| < 100: two decimals
    [0.3215, '0.32'], // below 1: two significant digits
    [0.015, '0.015'],
    [0.5, '0.5'], // trailing zero dropped
    [4.3e-5, '4.3e-5'], // below 0.01: scientific
    [1e-4, '1e-4'],
    [250.4, '250'],
    [123456.7, '1.2e5'],
    ['NaN', 'NaN'],
    ['Infinity', '∞'],
    ['-Infinity', '−∞'],
  ])('%s → %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('finite and formatPercent', () => {
  it('reads JSON numbers, and the strings that stand for NaN and ±Infinity as null', () => {
    expect([finite(3), finite('NaN'), finite('Infinity'), finite(undefined), finite('2')]).toEqual([3, null, null, null, 2]);
  });

  it.each([
    [0.64, '64 %'],
    [0.004, '0.4 %'], // under 1 %: one decimal, so a small share is not shown as 0
    [0, '0 %'],
    [1, '100 %'],
  ])('%s → %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });
});

describe('trend', () => {
  it('says which way a series went, from where to where, over how long', () => {
    const points = [
      { x: 1, y: 1.1 },
      { x: 300, y: null },
      { x: 600, y: 0.32 },
    ];
    expect(trend('Training loss', points, 'steps')).toBe('Training loss fell from 1.10 to 0.32 over 600 steps');
    expect(trend('Accuracy', [{ x: 0, y: 0.3 }, { x: 12, y: 0.8 }], 'epochs')).toBe('Accuracy rose from 0.3 to 0.8 over 12 epochs');
  });

  it('calls a change under 2 % standing still, and says when there is nothing yet', () => {
    // |1.01 − 1| / 1.01 ≈ 1 % < 2 %
    expect(trend('Loss', [{ x: 1, y: 1 }, { x: 1, y: 1.01 }], 'epochs')).toBe('Loss stayed near 1.01 over 1 epoch');
    expect(trend('Loss', [{ x: 1, y: null }], 'steps')).toBe('Loss: no values yet');
  });
});

describe('scaleFor', () => {
  it.each([
    [[1, 50], 'linear'], // 50× is under 100×
    [[0.001, 1], 'log'], // 1000×
    [[0, 5, null], 'linear'], // zero and gaps do not count
    [[], 'linear'],
  ] as const)('%j → %s', (values, scale) => {
    expect(scaleFor(values)).toBe(scale);
  });
});

describe('run charts', () => {
  it('gradient norm: before and after clipping, the threshold, and a marker on each clipped bucket', () => {
    const spec = gradientNormChart(
      smallRun({
        settings: { optimizer: 'sgd', learningRate: 0.1, loss: 'mse', batchSize: 1, clip: { method: 'norm', threshold: 0.5 } },
        series: {
          loss: [],
          learningRate: [],
          gradNormBefore: [bucket(1, 2), bucket(2, 0.4)],
          gradNormAfter: [bucket(1, 0.5), bucket(2, 0.4)],
          clipped: [bucket(1, 1), bucket(2, 0)],
        },
      }),
    );
    expect(spec?.series.map((s) => s.key)).toEqual(['before', 'after', 'threshold', 'clipped']);
    expect(spec?.series.find((s) => s.key === 'threshold')?.level).toBe(0.5);
    // Only the first bucket was clipped; its marker sits on the norm before clipping.
    expect(spec?.series.find((s) => s.key === 'clipped')?.points).toEqual([{ x: 1, y: 2 }]);
    // Buckets clipped 1 and 0 of the time: 50 % of steps.
    expect(spec?.description).toContain('Clipping (norm) at τ = 0.5 acted on 50 % of steps');
  });

  it('learning rate: the plan first, faint, then the rate used; the x axis spans the planned steps', () => {
    const spec = learningRateChart(
      smallRun({
        steps: 1,
        totalSteps: 3,
        schedulePreview: [
          { x: 1, y: 0.1 },
          { x: 2, y: 0.05 },
          { x: 3, y: 0.01 },
        ],
        series: { loss: [], learningRate: [bucket(1, 0.1)], gradNormBefore: [], gradNormAfter: [], clipped: [] },
      }),
    );
    expect(spec?.series.map((s) => [s.key, s.style])).toEqual([
      ['planned', 'faint'],
      ['actual', 'line'],
    ]);
    expect(spec?.x.max).toBe(3);
    expect(spec?.description).toBe('Planned learning rate fell from 0.1 to 0.01 over 3 steps. 1 step taken, learning rate now 0.1.');
  });

  it('loss per step: a min–max band under the mean line', () => {
    const spec = stepLossChart(smallRun({ series: { loss: [bucket(2, 1, 0.8, 1.3), bucket(4, 0.5, 0.4, 0.7)], learningRate: [], gradNormBefore: [], gradNormAfter: [], clipped: [] } }));
    const band = spec?.series.find((s) => s.style === 'band');
    expect(band?.points).toEqual([
      { x: 2, y: 0.8 },
      { x: 4, y: 0.4 },
    ]);
    expect(band?.upper).toEqual([
      { x: 2, y: 1.3 },
      { x: 4, y: 0.7 },
    ]);
    expect(spec?.description).toMatch(/^Training loss fell from 1 to 0\.5 over 4 steps\./);
  });

  it('loss per epoch: no validation line and no legend without a validation split; nothing without epochs', () => {
    const epoch = (n: number, loss: number) => ({ epoch: n, step: n, trainLoss: loss, metrics: {}, validationMetrics: {}, learningRate: 0.1, layers: [] });
    const spec = epochLossChart(smallRun({ epochs: [epoch(0, 1.1), epoch(1, 0.9)] }));
    expect(spec?.series.map((s) => s.key)).toEqual(['train']);
    expect(spec?.legend).toBe(false);
    expect(epochLossChart(smallRun({}))).toBeUndefined();
  });
});

describe('reading payloads', () => {
  it('takes a cell result, a live payload or a single output, and rejects anything else', () => {
    expect(cellData({ status: 'ok', problems: [], outputs: [] }).status).toBe('ok');
    expect(cellData({ kind: 'summary', lines: ['x'] })).toEqual({ status: 'ok', problems: [], outputs: [{ kind: 'summary', lines: ['x'] }] });
    expect(() => cellData({ hello: 1 })).toThrow(/expected a cell result/);
    expect(() => cellData(null)).toThrow(/expected a cell result/);
  });

  it('reads a live run as a run without settings, concepts or diagnostics', () => {
    const live = runData({
      label: 'train',
      status: 'running',
      steps: 5,
      totalSteps: 10,
      elapsedMs: 3,
      epoch: 1,
      epochs: [],
      schedulePreview: [{ x: 1, y: 0.1 }],
      series: { loss: [], learningRate: [], gradNormBefore: [], gradNormAfter: [], clipped: [] },
    });
    expect(live.live).toBe(true);
    expect(live.settings).toBeUndefined();
    expect([live.concepts, live.diagnostics]).toEqual([[], []]);
    // the plan is known before the first step, so a live run carries it
    expect(live.schedulePreview).toEqual([{ x: 1, y: 0.1 }]);
  });
});

describe('run facts', () => {
  it('name the threads that shared the batches, and say nothing of one', () => {
    expect(facts(smallRun({ threads: 2 }))).toEqual(['4 steps', '10 ms', '2 threads']);
    expect(facts(smallRun({}))).toEqual(['4 steps', '10 ms']);
  });
});

describe('isRendererMessage', () => {
  const location = { cell: 2, start: 10, end: 14, line: 3, column: 1 };
  it.each([
    [{ type: 'reveal', location }, true],
    [{ type: 'open', location }, false],
    [{ type: 'reveal', location: { ...location, start: 20 } }, false], // start after end
    [{ type: 'reveal', location: { ...location, cell: -1 } }, false],
    [{ type: 'reveal', location: { ...location, line: 1.5 } }, false],
    [{ type: 'reveal' }, false],
    [null, false],
  ])('%j → %s', (message, valid) => {
    expect(isRendererMessage(message)).toBe(valid);
  });
});

describe('metrics per epoch', () => {
  const epoch = (n: number, metrics: Record<string, number>) => ({ epoch: n, step: n, trainLoss: 1, metrics, validationMetrics: {}, learningRate: 0.1, layers: [] });

  it('titles the axis after its one metric, and leaves several to the legend', () => {
    const one = smallRun({ epochs: [epoch(0, { accuracy: 0.3 }), epoch(1, { accuracy: 0.9 })] });
    expect(epochMetricsChart(one)?.y.title).toBe('accuracy');
    // "accuracy, top k accuracy" does not fit beside a chart 220 px high.
    const two = smallRun({ epochs: [epoch(0, { accuracy: 0.3, top_k_accuracy: 0.5 }), epoch(1, { accuracy: 0.9, top_k_accuracy: 0.97 })] });
    expect(epochMetricsChart(two)?.y.title).toBe('score');
    expect(epochMetricsChart(two)?.series.map((s) => s.label)).toEqual(['training accuracy', 'training top k accuracy']);
  });
});
