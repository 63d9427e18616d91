import { formatCount } from '../format';
import type { RunData } from '../run-data';
import type { ColorName } from '../theme';
import { scaleFor, type Point, type SeriesSpec } from './spec';
import { niceLogRange, niceRange } from './ticks';

/**
 * The y axis of a chart over time, chosen so one diverged run cannot
 * flatten the others: the range comes from the finite values of the runs
 * that did not diverge, and a diverged run's line is cut where it leaves
 * that range. A flat series gets a range centred on its value.
 */

/** A series to place on the axis, and whether its run diverged. */
export interface Traced {
  readonly points: readonly Point[];
  readonly diverged: boolean;
}

/**
 * The scale, and the range Chart.js must at least show, set only where its
 * own would mislead (a diverged run out of range, a flat series). Chart.js
 * rounds the range out to its ticks, and a diverged run's cut line ends
 * at these bounds.
 */
export interface ValueAxis {
  readonly scale: 'linear' | 'log';
  readonly suggestedMin?: number;
  readonly suggestedMax?: number;
}

/** A value counts as the start of a blow-up when it is over this many times the largest before it. */
const BLOW_UP = 10;

/**
 * A series is nearly flat when its spread is under this fraction of its size;
 * Chart.js would then stretch a few thousandths of a change over the whole height.
 */
const FLAT = 0.01;

function finiteValues(points: readonly Point[]): number[] {
  return points.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y));
}

/**
 * The values of a diverged run worth an axis: those before its blow-up,
 * the first value over ten times the largest magnitude before it (a loss
 * of 0.22, 0.66, 9.4, 222 … keeps 0.22 and 0.66).
 */
export function beforeBlowUp(points: readonly Point[]): number[] {
  const kept: number[] = [];
  let largest = 0;
  for (const y of finiteValues(points)) {
    if (largest > 0 && Math.abs(y) > BLOW_UP * largest) break;
    kept.push(y);
    largest = Math.max(largest, Math.abs(y));
  }
  return kept;
}

/**
 * The axis for `traces`: values of runs that did not diverge set it (when
 * every run diverged, their values before the blow-up do), with `extra`
 * levels such as a clipping threshold. `scale` forces a scale; otherwise
 * it is log when the trusted values span over two decades.
 */
export function valueAxis(traces: readonly Traced[], options: { readonly extra?: readonly number[]; readonly scale?: 'linear' | 'log' } = {}): ValueAxis {
  let trusted = traces.filter((t) => !t.diverged).flatMap((t) => finiteValues(t.points));
  if (trusted.length === 0) trusted = traces.flatMap((t) => beforeBlowUp(t.points));
  trusted = trusted.concat(options.extra ?? []);
  const scale = options.scale ?? scaleFor(trusted);
  if (scale === 'log') trusted = trusted.filter((v) => v > 0);
  if (trusted.length === 0) return { scale };
  const low = Math.min(...trusted);
  const high = Math.max(...trusted);
  const escapes = traces.some((t) => t.diverged && finiteValues(t.points).some((v) => v < low || v > high));
  if (scale === 'log') return escapes ? { scale, ...suggested(niceLogRange(low, high)) } : { scale };
  const centre = (low + high) / 2;
  if (high - low <= FLAT * Math.abs(centre) || high === low) {
    // Centred on the value, ± a tenth of it (± 1 around zero), and wide enough for the spread there is.
    const margin = Math.max(centre === 0 ? 1 : Math.abs(centre) * 0.1, high - low);
    return { scale, ...suggested(niceRange(centre - margin, centre + margin)) };
  }
  // A cut axis starts at zero for positive values, so the few values before a blow-up are not magnified.
  return escapes ? { scale, ...suggested(niceRange(low >= 0 ? 0 : low, high)) } : { scale };
}

function suggested(range: { min: number; max: number }): { suggestedMin: number; suggestedMax: number } {
  return { suggestedMin: range.min, suggestedMax: range.max };
}

/**
 * A series cut at the axis: the points up to the first one outside
 * the axis's range, that one held at the edge it crossed, none after it — the
 * line runs off the chart where the run left the range.
 */
export function cutToAxis(points: readonly Point[], axis: ValueAxis): Point[] {
  const { suggestedMin: min = -Infinity, suggestedMax: max = Infinity } = axis;
  const out: Point[] = [];
  for (const p of points) {
    if (p.y === null || (p.y >= min && p.y <= max)) {
      out.push(p);
      continue;
    }
    out.push({ x: p.x, y: Number.isNaN(p.y) ? null : Math.min(Math.max(p.y, min), max) });
    break;
  }
  return out;
}

/**
 * The last step an axis over steps must reach for a run: the whole plan
 * while it trains or once it completed; the steps it actually took (and
 * the step that diverged) when it diverged, stopped early or was cancelled.
 */
export function lastStep(run: RunData): number {
  if (run.live || run.status === 'completed') return Math.max(run.totalSteps, run.steps, 1);
  return Math.max(run.steps, run.divergence?.step ?? 0, 1);
}

/** Whether a run diverged (its status, or a divergence record in a live run). */
export function diverged(run: RunData): boolean {
  return run.status === 'diverged' || run.divergence !== undefined;
}

/** Where a diverged run's ✕ goes: its divergence step, or epoch on an axis over epochs. */
export function divergenceAt(run: RunData, unit: 'steps' | 'epochs'): { x: number; step: number } | undefined {
  if (!diverged(run)) return undefined;
  const step = run.divergence?.step ?? run.steps;
  const epoch = run.divergence?.epoch ?? run.epochs[run.epochs.length - 1]?.epoch ?? 0;
  return { x: unit === 'steps' ? step : epoch, step };
}

/** The height of a ✕ at the end of a cut series: its last drawn value, or the top of the axis. */
export function markHeight(points: readonly Point[], axis: ValueAxis): number | null {
  for (let i = points.length - 1; i >= 0; i--) if (points[i].y !== null) return points[i].y;
  return axis.suggestedMax ?? null;
}

/**
 * The ✕ where a diverged run stopped, at the end of its cut line, for the
 * legend to say "diverged at step N"; undefined for a run that did not diverge.
 */
export function divergenceMark(run: RunData, unit: 'steps' | 'epochs', cut: readonly Point[], axis: ValueAxis, color: ColorName, who = ''): SeriesSpec | undefined {
  const at = divergenceAt(run, unit);
  if (at === undefined) return undefined;
  return {
    key: `diverged:${run.label}`,
    label: `${who === '' ? '' : `${who} `}diverged at step ${formatCount(at.step)}`,
    color,
    style: 'points',
    marker: 'crossRot',
    points: [{ x: at.x, y: markHeight(cut, axis) }],
  };
}

/** "none diverged at step 7; the axis leaves out its runaway values, …", for a chart's description. */
export function divergenceText(run: RunData, axis: ValueAxis, who = ''): string | undefined {
  const at = divergenceAt(run, 'steps');
  if (at === undefined) return undefined;
  const cut = axis.suggestedMin !== undefined || axis.suggestedMax !== undefined;
  return `${who === '' ? 'The run' : who} diverged at step ${formatCount(at.step)}${cut ? '; the axis leaves out its runaway values, and its line is cut at the edge' : ''}`;
}
