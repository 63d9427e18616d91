/**
 * How a recurrent layer's gradient norm through time is laid out and read:
 * the engine thins it, the diagnostics, the report and the renderer read the
 * same points and the same ratio, so the layout lives in the protocol.
 */

/**
 * Most points one layer's profile keeps. A longer sequence is thinned by
 * averaging runs of consecutive timesteps, so a saved notebook stays small
 * whatever the sequence length, and a chart still shows the trend.
 */
export const THROUGH_TIME_POINTS = 64;

/** What the layout needs of a profile (the engine's ThroughTime and the protocol's summary both fit). */
export interface ThroughTimeShape {
  readonly steps: number;
  readonly bptt?: number;
  readonly norms: readonly number[];
}

/** The 0-based timesteps [from, to) point `index` of `points` averages over a sequence of `steps`. */
export function throughTimeSpan(index: number, points: number, steps: number): [number, number] {
  return [Math.floor((index * steps) / points), Math.floor(((index + 1) * steps) / points)];
}

/** The 1-based timestep a point stands for on a chart: the middle of the timesteps it averages. */
export function throughTimeStep(index: number, points: number, steps: number): number {
  const [from, to] = throughTimeSpan(index, points, steps);
  return (from + to - 1) / 2 + 1;
}

/** The ratio r = ‖∂L/∂h_first‖ / ‖∂L/∂h_T‖ and the 1-based timesteps it spans. */
export interface ThroughTimeRatio {
  readonly ratio: number;
  /** The two norms: at the earliest timestep the gradient reaches uncut, and at T. */
  readonly first: number;
  readonly last: number;
  /** The earliest timestep the gradient reaches uncut (1-based), and T. */
  readonly from: number;
  readonly to: number;
  /** r^(1/(to − from)): the mean factor per step going back. */
  readonly perStep: number;
}

/**
 * r = ‖∂L/∂h_first‖ / ‖∂L/∂h_T‖, h_first the earliest state the gradient from
 * the last step reaches uncut: h_1, or with truncation the first state of the
 * last bptt window (earlier states get nothing from the end by design, which
 * is not vanishing). Undefined when fewer than two points span it, or a norm
 * is not a finite number, or ‖∂L/∂h_T‖ is zero.
 */
export function throughTimeRatio(profile: ThroughTimeShape): ThroughTimeRatio | undefined {
  const { steps, bptt, norms } = profile;
  const points = norms.length;
  const windowStart = bptt === undefined ? 0 : Math.floor((steps - 1) / bptt) * bptt;
  let first = 0;
  while (first < points && throughTimeSpan(first, points, steps)[0] < windowStart) first++;
  const last = points - 1;
  if (first >= last) return undefined;
  const [start, end] = [norms[first], norms[last]];
  if (!Number.isFinite(start) || !Number.isFinite(end) || !(end > 0) || start < 0) return undefined;
  const ratio = start / end;
  const from = throughTimeSpan(first, points, steps)[0] + 1;
  return { ratio, first: start, last: end, from, to: steps, perStep: ratio ** (1 / (steps - from)) };
}
