import type { EpochSummary, ThroughTimeSummary } from '../../src/protocol/cell-output';
import { formatFigure } from '../../src/protocol/figures';
import { throughTimeRatio, throughTimeStep } from '../../src/protocol/through-time';
import { finite, listText } from '../format';
import type { RunData } from '../run-data';
import { seriesColor } from '../theme';
import { sentences } from './describe';
import type { ChartSpec, Point, SeriesSpec } from './spec';
import { valueAxis } from './value-axis';

/**
 * The gradient norm through time of a recurrent layer: ‖∂L/∂hₜ‖ for each
 * timestep t, the first on the left and the last — where the loss enters —
 * on the right, on a log axis, so a gradient that shrinks or grows by the
 * same factor every step back is a straight line. A run shows a few of its
 * epochs (the first, the last and up to three between); a comparison shows
 * each run's last epoch. A model with several recurrent layers has a chart
 * for each.
 */

/** Epochs drawn for one run: the first, the last and up to this many evenly between. */
const EPOCHS_BETWEEN = 3;

/** One recurrent layer's profile in an epoch, if it recorded one. */
function profileOf(epoch: EpochSummary | undefined, layer: string): ThroughTimeSummary | undefined {
  return epoch?.throughTime?.find((profile) => profile.layer === layer);
}

/** The recurrent layers the runs recorded profiles for, in model order (the first recorded epoch of each run names them). */
export function throughTimeLayers(runs: readonly RunData[]): string[] {
  const names = runs.flatMap((run) => run.epochs.find((epoch) => epoch.throughTime !== undefined)?.throughTime?.map((profile) => profile.layer) ?? []);
  return [...new Set(names)];
}

/** The profile as points over timesteps 1 … T; a norm of 0 or not finite leaves a gap (a log axis has no 0). */
function profilePoints(profile: ThroughTimeSummary): Point[] {
  return profile.norms.map((norm, i) => {
    const y = finite(norm);
    return { x: throughTimeStep(i, profile.norms.length, profile.steps), y: y !== null && y > 0 ? y : null };
  });
}

/** "‖∂L/∂h_1‖ / ‖∂L/∂h_50‖ = 8.6e9" for a profile, or undefined when it cannot be judged. */
function ratioText(profile: ThroughTimeSummary): string | undefined {
  const found = throughTimeRatio(profile);
  return found && `‖∂L/∂h_${found.from}‖ / ‖∂L/∂h_${found.to}‖ = ${formatFigure(found.ratio)}`;
}

/** The epochs one run's chart of `layer` draws: first, last, and up to EPOCHS_BETWEEN evenly spaced between, each with a profile. */
export function shownEpochs(epochs: readonly EpochSummary[], layer: string): EpochSummary[] {
  const profiled = epochs.filter((epoch) => profileOf(epoch, layer) !== undefined);
  if (profiled.length <= EPOCHS_BETWEEN + 2) return profiled;
  const last = profiled.length - 1;
  const picks = new Set([0, ...Array.from({ length: EPOCHS_BETWEEN }, (_, i) => Math.round(((i + 1) * last) / (EPOCHS_BETWEEN + 1))), last]);
  return [...picks].map((index) => profiled[index]);
}

const epochName = (epoch: number): string => (epoch === 0 ? 'initialization' : `epoch ${epoch}`);

interface Line {
  readonly key: string;
  readonly label: string;
  readonly profile: ThroughTimeSummary;
}

function chartOf(lines: readonly Line[], opening: string, told: readonly string[]): ChartSpec {
  const raw = lines.map((line) => profilePoints(line.profile));
  const y = valueAxis(raw.map((points) => ({ points, diverged: false })), { scale: 'log' });
  const steps = Math.max(...lines.map((line) => line.profile.steps));
  const series: SeriesSpec[] = lines.map((line, i) => ({
    key: line.key,
    label: line.label,
    color: seriesColor(i),
    style: 'line',
    ...(lines.length > 1 ? { variant: i } : {}),
    points: raw[i],
  }));
  return {
    title: `Gradient norm through time, ${lines[0].profile.kind} layer ${lines[0].profile.layer}`,
    description: sentences(opening, ...told),
    x: { title: 'timestep t (the loss enters at the last →)', scale: 'linear', integer: true, min: 1, max: steps },
    y: { title: '‖∂L/∂hₜ‖', ...y },
    series,
    legend: lines.length > 1,
  };
}

/** One recurrent layer of a run over a few of its epochs; undefined when the run recorded none for it. */
export function throughTimeChart(run: RunData, layer: string): ChartSpec | undefined {
  const lines: Line[] = shownEpochs(run.epochs, layer).map((epoch) => ({ key: `epoch:${epoch.epoch}`, label: epochName(epoch.epoch), profile: profileOf(epoch, layer)! }));
  if (lines.length === 0) return undefined;
  return chartOf(
    lines,
    `Gradient norm ‖∂L/∂hₜ‖ reaching each timestep of ${lines[0].profile.kind} layer ${layer}, log scale, the last timestep on the right`,
    lines.flatMap((line) => {
      const text = ratioText(line.profile);
      return text === undefined ? [] : [`At ${line.label}: ${text}`];
    }),
  );
}

/** One recurrent layer of each compared run at its last epoch; undefined when no run recorded one for it. */
export function compareThroughTimeChart(runs: readonly RunData[], setting: string, layer: string): ChartSpec | undefined {
  const lines: Line[] = runs.flatMap((run) => {
    const last = [...run.epochs].reverse().find((epoch) => profileOf(epoch, layer) !== undefined);
    return last === undefined ? [] : [{ key: run.label, label: run.label, profile: profileOf(last, layer)! }];
  });
  if (lines.length === 0) return undefined;
  const ratios = lines.flatMap((line) => {
    const text = ratioText(line.profile);
    return text === undefined ? [] : [`${line.label} ${text}`];
  });
  return chartOf(lines, `Gradient norm ‖∂L/∂hₜ‖ reaching each timestep at each ${setting}'s last epoch, log scale, the last timestep on the right`, ratios.length > 0 ? [listText(ratios)] : []);
}
