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
 * The gradient norm through time of a recurrent layer: ‖∂L/∂h_t‖ for each
 * timestep t, the first on the left and the last — where the loss enters —
 * on the right, on a log axis, so a gradient that shrinks or grows by the
 * same factor every step back is a straight line. A run shows a few of its
 * epochs (the first, the last and up to three between); a comparison shows
 * each run's last epoch. With several recurrent layers the chart shows the
 * first: the gradient has come furthest when it reaches it, and the text
 * output lists every layer's ratio.
 */

/** Epochs drawn for one run: the first, the last and up to this many evenly between. */
const EPOCHS_BETWEEN = 3;

/** The first recurrent layer's profile in an epoch, if it recorded one. */
function firstProfile(epoch: EpochSummary | undefined): ThroughTimeSummary | undefined {
  return epoch?.throughTime?.[0];
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

/** The epochs one run's chart draws: first, last, and up to EPOCHS_BETWEEN evenly spaced between, each with a profile. */
export function shownEpochs(epochs: readonly EpochSummary[]): EpochSummary[] {
  const profiled = epochs.filter((epoch) => firstProfile(epoch) !== undefined);
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
    y: { title: '‖∂L/∂h_t‖', ...y },
    series,
    legend: lines.length > 1,
  };
}

/** One run's first recurrent layer over a few of its epochs; undefined when the run has no recurrent layer. */
export function throughTimeChart(run: RunData): ChartSpec | undefined {
  const lines: Line[] = shownEpochs(run.epochs).map((epoch) => ({ key: `epoch:${epoch.epoch}`, label: epochName(epoch.epoch), profile: firstProfile(epoch)! }));
  if (lines.length === 0) return undefined;
  const { kind, layer } = lines[0].profile;
  return chartOf(
    lines,
    `Gradient norm ‖∂L/∂h_t‖ reaching each timestep of ${kind} layer ${layer}, log scale, the last timestep on the right`,
    lines.flatMap((line) => {
      const text = ratioText(line.profile);
      return text === undefined ? [] : [`At ${line.label}: ${text}`];
    }),
  );
}

/** Each compared run's first recurrent layer at its last epoch; undefined when no run has a recurrent layer. */
export function compareThroughTimeChart(runs: readonly RunData[], setting: string): ChartSpec | undefined {
  const lines: Line[] = runs.flatMap((run) => {
    const last = [...run.epochs].reverse().find((epoch) => firstProfile(epoch) !== undefined);
    return last === undefined ? [] : [{ key: run.label, label: run.label, profile: firstProfile(last)! }];
  });
  if (lines.length === 0) return undefined;
  const ratios = lines.flatMap((line) => {
    const text = ratioText(line.profile);
    return text === undefined ? [] : [`${line.label} ${text}`];
  });
  return chartOf(lines, `Gradient norm ‖∂L/∂h_t‖ reaching each timestep at each ${setting}'s last epoch, log scale, the last timestep on the right`, ratios.length > 0 ? [listText(ratios)] : []);
}
