import { formatFigure } from '../../src/protocol/figures';
import type { InitTuningSummary } from '../../src/protocol/init-tuning';
import { tuningObjectiveText } from '../../src/report/init-tuning-text';
import { finite, listText } from '../format';
import type { RunData } from '../run-data';
import { seriesColor } from '../theme';
import { sentences } from './describe';
import type { ChartSpec, Point, SeriesSpec } from './spec';
import { valueAxis } from './value-axis';

/**
 * What MetaInit or GradInit did before the first step: the objective over
 * the meta-steps, and each tuned layer's scale against its base draw (1 =
 * unchanged). One run or several compared; runs without tuning are left out.
 */

const OBJECTIVE_TITLES = { metainit: 'gradient quotient GQ', gradinit: 'loss after one simulated step' } as const;

interface Tuned {
  readonly label: string;
  readonly tuning: InitTuningSummary;
  /** The run's place among all the runs, so it keeps the colour the other charts give it. */
  readonly index: number;
}

function tunedRuns(runs: readonly RunData[]): Tuned[] {
  return runs.flatMap((run, index) => (run.initTuning ? [{ label: run.label, tuning: run.initTuning, index }] : []));
}

/** The objective per meta-step (log scale: GQ can start at 10¹⁴), one line per tuned run. */
export function tuningObjectiveChart(runs: readonly RunData[]): ChartSpec | undefined {
  const tuned = tunedRuns(runs);
  if (tuned.length === 0) return undefined;
  const raw: Point[][] = tuned.map(({ tuning }) => tuning.objective.map((value, i) => ({ x: i + 1, y: finite(value) !== null && value > 0 ? value : null })));
  const series: SeriesSpec[] = tuned.map((t, i) => ({ key: t.label, label: t.label, color: seriesColor(t.index), style: 'line', ...(runs.length > 1 ? { variant: t.index } : {}), points: raw[i] }));
  const methods = [...new Set(tuned.map((t) => t.tuning.method))];
  const yTitle = methods.length === 1 ? OBJECTIVE_TITLES[methods[0]] : 'objective';
  return {
    title: 'Initialization tuning: objective per meta-step',
    description: sentences(`The ${listText(methods.map((m) => OBJECTIVE_TITLES[m]))} at each meta-step before training, log scale`, ...tuned.map((t) => `${t.label}: ${tuningObjectiveText(t.tuning)}`)),
    x: { title: 'meta-step', scale: 'linear', integer: true, min: 1 },
    y: { title: yTitle, ...valueAxis(raw.map((points) => ({ points, diverged: false })), { scale: 'log' }) },
    series,
    legend: tuned.length > 1,
  };
}

/** Each tuned tensor's norm after tuning over its base draw's, per layer, log scale, with 1 (unchanged) marked. */
export function tuningScalesChart(runs: readonly RunData[]): ChartSpec | undefined {
  const tuned = tunedRuns(runs);
  if (tuned.length === 0) return undefined;
  const labels = [...new Set(tuned.flatMap((t) => t.tuning.scales.map((s) => s.layer)))];
  const series: SeriesSpec[] = tuned.map((t) => ({
    key: t.label,
    label: t.label,
    color: seriesColor(t.index),
    style: 'bar',
    values: labels.map((layer) => finite(t.tuning.scales.find((s) => s.layer === layer)?.scale ?? Number.NaN)),
  }));
  series.push({ key: 'base', label: 'base draw (×1)', color: 'muted', style: 'threshold', level: 1 });
  const bases = [...new Set(tuned.flatMap((t) => t.tuning.scales.map((s) => s.base)))];
  return {
    title: `Scale per layer vs ${listText(bases)}`,
    description: sentences(
      `Each tuned layer's weight norm after tuning divided by its norm as ${listText(bases)} drew it, log scale; 1 means unchanged`,
      ...tuned.map((t) => `${t.label}: ${t.tuning.scales.map((s) => `layer ${s.layer} ×${formatFigure(s.scale)}`).join(', ')}`),
    ),
    x: { title: 'layer (input → output)', scale: 'category' },
    y: { title: 'scale', scale: 'log' },
    labels,
    series,
    legend: true,
  };
}
