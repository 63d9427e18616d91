import { describe, expect, it } from 'vitest';
import type { GradientSurveyOutput, LrFinderOutput } from '../../src/protocol/cell-output';
import { NotebookSession } from '../../src/session/session';
import { gradientHistogramChart, lrLossChart, lrSlopeChart } from '../../webview/charts/find-charts';
import { outputProblem } from '../../webview/validate-output';
import { noFilesHost } from '../session/no-files-host';

/** What `find lr` and `find clip` put on screen, from outputs a real session makes. */
const SETUP = 'data moons n=300 noise=0.2 seed=3\nmodel\n  dense 16 relu\n  dense 2 softmax\nloss categorical_crossentropy\noptimizer sgd lr=0.1';
const result = new NotebookSession(noFilesHost).runCell(0, `${SETUP}\nfind lr steps=80 seed=1\nfind clip steps=40 seed=1`);
const sweep = result.outputs.find((o) => o.kind === 'lr-finder') as LrFinderOutput;
const survey = result.outputs.find((o) => o.kind === 'gradient-survey') as GradientSurveyOutput;

describe('find lr charts', () => {
  it('draws the raw loss faint and the smoothed bold against η on a log axis, with a labelled line per suggestion', () => {
    const chart = lrLossChart(sweep)!;
    expect(chart.x.scale).toBe('log');
    expect(chart.series.find((s) => s.key === 'raw')?.style).toBe('faint');
    expect(chart.series.find((s) => s.key === 'smoothed')?.style).toBe('line');
    expect(sweep.suggestions.length).toBeGreaterThanOrEqual(2);
    for (const suggestion of sweep.suggestions) {
      const line = chart.series.find((s) => s.key === suggestion.rule)!;
      expect(line.points!.map((p) => p.x)).toEqual([suggestion.lr, suggestion.lr]);
      expect(line.label).toBe(suggestion.label);
      expect(chart.description).toContain(suggestion.explanation);
    }
  });

  it('gives the slope its own chart, with zero and the steepest descent marked', () => {
    const chart = lrSlopeChart(sweep)!;
    expect(chart.series.find((s) => s.key === 'slope')!.points).toHaveLength(sweep.rates.length);
    expect(chart.series.find((s) => s.key === 'zero')?.level).toBe(0);
    const steepest = sweep.suggestions.find((s) => s.rule === 'steepest')!;
    expect(chart.series.find((s) => s.key === 'steepest')!.points![0].x).toBe(steepest.lr);
  });
});

describe('find clip chart', () => {
  it('splits the histogram at τ into steps left alone and steps clipped, and marks τ', () => {
    const chart = gradientHistogramChart(survey)!;
    const tau = survey.threshold.value;
    const kept = chart.series.find((s) => s.key === 'kept')!;
    const clipped = chart.series.find((s) => s.key === 'clipped')!;
    expect(Math.max(...kept.upper!.map((p) => p.x))).toBeLessThanOrEqual(tau);
    expect(Math.min(...clipped.upper!.map((p) => p.x))).toBeGreaterThanOrEqual(tau);
    expect(chart.series.find((s) => s.key === 'tau')!.points!.map((p) => p.x)).toEqual([tau, tau]);
    expect(chart.description).toContain('90th percentile');
  });
});

describe('validation of saved find outputs', () => {
  it('accepts what the session writes and names what a hand edit broke', () => {
    expect(outputProblem(JSON.parse(JSON.stringify(sweep)))).toBeUndefined();
    expect(outputProblem(JSON.parse(JSON.stringify(survey)))).toBeUndefined();
    expect(outputProblem({ ...sweep, rates: 'none' })).toBe('lr-finder.rates is not a list');
    expect(outputProblem({ ...survey, threshold: { p: 90 } })).toBe('gradient-survey.threshold.value is missing');
  });
});
