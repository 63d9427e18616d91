import { THROUGH_TIME_POINTS, throughTimeSpan } from '../../protocol/through-time';
import { Recurrent } from '../layers/recurrent';
import type { Sequential } from '../model';
import type { ThroughTime } from './records';

/** Running sums of one recurrent layer's ‖∂L/∂h_t‖ per timestep over an epoch. */
class TimestepAccumulator {
  readonly sums: Float64Array;
  steps = 0;

  constructor(readonly layer: Recurrent) {
    this.sums = new Float64Array(layer.steps);
  }

  reset(): void {
    this.sums.fill(0);
    this.steps = 0;
  }
}

/**
 * The gradient norm through time of each recurrent layer: ‖∂L/∂h_t‖₂ for
 * every timestep t, the mean over the epoch's steps (over the one batch at
 * initialization). Reads the norms each recurrent layer's backward leaves,
 * so it costs T additions per layer and step and allocates nothing until
 * {@link summarize}. After a split batch the norms cover this thread's rows.
 */
export class TimestepStatistics {
  private readonly accumulators: TimestepAccumulator[];

  constructor(model: Sequential) {
    this.accumulators = model.layers.flatMap((layer) => (layer instanceof Recurrent ? [new TimestepAccumulator(layer)] : []));
  }

  /** True when the model has a recurrent layer to measure. */
  get measures(): boolean {
    return this.accumulators.length > 0;
  }

  reset(): void {
    for (const acc of this.accumulators) acc.reset();
  }

  /** Adds each recurrent layer's per-timestep gradient norms from the model's last backward pass. */
  observeBackward(): void {
    for (const acc of this.accumulators) {
      const norms = acc.layer.timestepGradientNorms;
      for (let t = 0; t < norms.length; t++) acc.sums[t] += norms[t];
      acc.steps += 1;
    }
  }

  /** Each recurrent layer's mean norms since the last reset, thinned to at most THROUGH_TIME_POINTS; undefined without a recurrent layer. */
  summarize(): ThroughTime[] | undefined {
    if (!this.measures) return undefined;
    return this.accumulators.map((acc) => ({
      layer: acc.layer.name,
      kind: acc.layer.kind,
      steps: acc.layer.steps,
      ...(acc.layer.bptt !== undefined ? { bptt: acc.layer.bptt } : {}),
      norms: thin(acc.sums, acc.steps),
    }));
  }
}

/**
 * sums ÷ count, averaged over runs of timesteps when longer than
 * THROUGH_TIME_POINTS, as throughTimeSpan lays them out; NaN for an epoch
 * without a finished step (count 0).
 */
function thin(sums: Float64Array, count: number): number[] {
  const steps = sums.length;
  const points = Math.min(steps, THROUGH_TIME_POINTS);
  return Array.from({ length: points }, (_, i) => {
    const [from, to] = throughTimeSpan(i, points, steps);
    let total = 0;
    for (let t = from; t < to; t++) total += sums[t];
    return count > 0 ? total / count / (to - from) : Number.NaN;
  });
}
