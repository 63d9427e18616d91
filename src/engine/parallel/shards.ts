import { ConfigError } from '../errors';
import { activeKernels } from '../kernels';
import type { ForwardContext } from '../layers/layer';
import type { LossGradient } from '../train/loss-gradient';
import type { Sequential } from '../model';
import type { Parameter } from '../parameter';
import type { ShardLimits } from './limits';
import { createAddScaled, type AddScaled } from './gradient-sum-wasm';
import { GradientReplica, ViewCache, parameterCount, parameterViews, type ReplicaSpec } from './replica';

export type { ShardLimits } from './limits';

/**
 * Data parallelism for one training step: the batch's rows are split into
 * parts, the calling thread computes the first part into the model's own
 * gradients and each helper ("shard") the mean loss and gradient of a later
 * part on its own replica of the model. Every loss is a mean over its rows,
 * so the whole batch's loss and gradient are the row-weighted sums
 *
 *   L = Σₖ (nₖ / N) · Lₖ,   ∇L = Σₖ (nₖ / N) · ∇Lₖ,
 *
 * equal to the unsplit step up to float32 rounding. The parts are summed in
 * the same order every step, so a run is deterministic given its seed and
 * thread count.
 */

/**
 * A group of `count` helpers that each compute the mean loss and gradients
 * for some rows of a batch. The splitter writes `weights` and a shard's
 * `inputs` and `targets`, calls `begin`, computes its own part, then calls
 * `end` and reads the shard's `gradients`.
 */
export interface GradientShards {
  readonly count: number;
  /** Every parameter's values concatenated in `model.parameters()` order; read by all shards between begin and end. */
  readonly weights: Float32Array;
  /** Per shard: limits.rows × inputWidth input rows, of which `begin` says how many are used. */
  readonly inputs: readonly Float32Array[];
  /** Per shard: limits.rows × targetWidth targets, as the loss takes them. */
  readonly targets: readonly Float32Array[];
  /** Per shard: the mean gradient over its rows, laid out as `weights`; valid after `end`. */
  readonly gradients: readonly Float32Array[];
  /** Starts shard `shard` on its first `rows` rows and returns at once; dropout masks come from `dropoutSeed`. */
  begin(shard: number, rows: number, dropoutSeed: number): void;
  /** Waits for the shard and returns its mean loss; throws when the shard failed. */
  end(shard: number): number;
  /** Releases the helpers; never throws. */
  dispose(): void;
}

/** Makes the shards for a run; the caller disposes them. */
export type CreateGradientShards = (limits: ShardLimits) => GradientShards;

/*
 * When to split. A split step pays for more than the rows it hands out: the
 * weights are copied into the shared buffer, the helper's gradients are
 * added back (one pass over every parameter, on the calling thread), each
 * thread copies and packs the weight matrices for its own products, a
 * product of half the rows runs less efficiently than one of all of them,
 * and a sleeping helper takes tens of microseconds to wake. What it saves is
 * half the row-proportional work; the optimizer's update still runs on the
 * calling thread alone. Measured on 2 cores (full Adam steps, split in two
 * against unsplit, alternated in one process, load 8–10 from other work):
 * the calling thread's CPU time per step, which bounds the gain when the
 * helper has a core of its own, fell 1.24× (ten 64-unit layers, 64 rows a
 * part) and 1.36–1.39× (784-256-128-10, 64 and 128 rows a part), but only
 * 1.04–1.09× with 32 rows a part, and rose with 16 or 8 (0.69–0.84×). So a
 * part needs MIN_ROWS_PER_PART rows; and a part's work must dwarf the
 * wake-up, hence MIN_WORK_PER_PART. A smaller batch gets fewer parts. On a machine that
 * busy, wall time gained nowhere (0.83–0.91× with 64 or 128 rows a part):
 * a helper waiting for a core is often late.
 */

/** Fewest rows a part gets: with fewer, the weight-sized costs of a split outweigh the rows it saves. */
export const MIN_ROWS_PER_PART = 64;

/**
 * Least work per part, in rows × parameters (the multiply-adds of the
 * part's forward pass). 100 k rows×parameters take 0.05–0.5 ms depending on
 * layer widths, against a wake-up of 30–60 µs. The 2-8-8-2 net at batch 10
 * (1 k) never splits; 784-256-128-10 at batch 128 (30 M) splits in two,
 * and ten 64-unit layers (2.7 M at batch 64) split from batch 128 on, where
 * they have rows enough.
 */
export const MIN_WORK_PER_PART = 100_000;

/** How many parts a batch of `batch` rows is split into, with `helpers` shards available. */
export function splitParts(batch: number, parameters: number, helpers: number): number {
  const byRows = Math.floor(batch / MIN_ROWS_PER_PART);
  const byWork = Math.floor((batch * parameters) / MIN_WORK_PER_PART);
  return Math.max(1, Math.min(helpers + 1, byRows, byWork));
}

/** Batch norm needs the whole batch's statistics, so a model with it is never split. */
function splittable(model: Sequential): boolean {
  return !model.layers.some((layer) => layer.kind === 'batchnorm');
}

/** Whether splitting can ever pay for batches of `batchSize`: a run makes no helpers otherwise. */
export function worthSplitting(model: Sequential, batchSize: number): boolean {
  return splittable(model) && splitParts(batchSize, parameterCount(model.parameters()), Infinity) >= 2;
}

/** The limits of the shards for batches of at most `batchSize` rows: a helper never gets more than half. */
export function shardLimits(model: Sequential, batchSize: number, targetWidth: number): ShardLimits {
  return {
    rows: Math.max(1, Math.floor(batchSize / 2)),
    inputWidth: model.inputSize,
    targetWidth,
    parameterCount: parameterCount(model.parameters()),
  };
}

/**
 * Shards that compute in this thread, one after the other, each on its own
 * replica built from `spec` (`count` of them, default 1). Never faster than
 * no split; it is the reference the threaded shards must equal bit for bit.
 */
export function localShards(spec: ReplicaSpec, count = 1): CreateGradientShards {
  if (!Number.isInteger(count) || count < 1) throw new ConfigError(`shards: count must be a whole number ≥ 1, got ${count}`);
  return (limits) => new LocalShards(spec, count, limits);
}

class LocalShards implements GradientShards {
  readonly weights: Float32Array;
  readonly inputs: Float32Array[] = [];
  readonly targets: Float32Array[] = [];
  readonly gradients: Float32Array[] = [];
  private readonly replicas: GradientReplica[] = [];
  private readonly losses: Float64Array;

  constructor(
    spec: ReplicaSpec,
    readonly count: number,
    limits: ShardLimits,
  ) {
    this.weights = new Float32Array(limits.parameterCount);
    this.losses = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const buffers = {
        weights: this.weights,
        inputs: new Float32Array(limits.rows * limits.inputWidth),
        targets: new Float32Array(limits.rows * limits.targetWidth),
        gradients: new Float32Array(limits.parameterCount),
      };
      this.inputs.push(buffers.inputs);
      this.targets.push(buffers.targets);
      this.gradients.push(buffers.gradients);
      this.replicas.push(new GradientReplica(spec, limits, buffers));
    }
  }

  begin(shard: number, rows: number, dropoutSeed: number): void {
    this.losses[shard] = this.replicas[shard].compute(rows, dropoutSeed);
  }

  end(shard: number): number {
    return this.losses[shard];
  }

  dispose(): void {}
}

/**
 * The splitter: one step's forward, loss and backward over a batch split in
 * parts, the first computed here into the model's gradients, the others by
 * the shards, combined by the row-weighted sum above. Allocates nothing per
 * step.
 */
export class ShardedGradient {
  private readonly params: readonly Parameter[];
  private readonly parameterCount: number;
  private readonly weightViews: readonly Float32Array[];
  /** Per shard: views of its gradients, one per parameter. */
  private readonly shardGradientViews: readonly (readonly Float32Array[])[];
  private readonly hasDropout: boolean;
  private readonly rows: Int32Array;
  private readonly seeds: Uint32Array;
  private readonly ownInputs = new ViewCache();
  private readonly ownTargets = new ViewCache();
  private readonly shardInputs: readonly ViewCache[];
  private readonly shardTargets: readonly ViewCache[];
  private readonly splittable: boolean;
  /** Rows the last `measure` computed on this thread. */
  ownRows = 0;

  constructor(
    private readonly model: Sequential,
    private readonly shards: GradientShards,
    private readonly gradient: LossGradient,
  ) {
    this.params = model.parameters();
    this.parameterCount = parameterCount(this.params);
    if (shards.weights.length !== this.parameterCount) {
      throw new ConfigError(`shards: made for ${shards.weights.length} parameters, the model has ${this.parameterCount}`);
    }
    this.weightViews = parameterViews(this.params, shards.weights);
    this.shardGradientViews = shards.gradients.map((gradients) => parameterViews(this.params, gradients));
    this.hasDropout = model.layers.some((layer) => layer.kind === 'dropout');
    this.splittable = splittable(model);
    this.rows = new Int32Array(shards.count + 1);
    this.seeds = new Uint32Array(shards.count);
    this.shardInputs = shards.inputs.map(() => new ViewCache());
    this.shardTargets = shards.targets.map(() => new ViewCache());
  }

  /** Parts for a batch of `batch` rows; 1 means compute it whole, as without shards. */
  parts(batch: number): number {
    return this.splittable ? splitParts(batch, this.parameterCount, this.shards.count) : 1;
  }

  /**
   * The batch's mean loss over `parts` parts (2 ≤ parts ≤ count + 1); every
   * parameter's grad then holds the whole batch's mean gradient. Dropout
   * draws one seed per shard from `context.rng` before this thread's part.
   */
  measure(inputs: Float32Array, targets: Float32Array, batch: number, parts: number, context: ForwardContext): number {
    const { shards, model, rows } = this;
    const inputWidth = model.inputSize;
    const targetWidth = targets.length / batch;
    if (!Number.isInteger(targetWidth)) throw new ConfigError(`shards: ${targets.length} targets do not split into ${batch} rows`);
    const base = Math.floor(batch / parts);
    const extra = batch % parts;
    for (let k = 0; k < parts; k++) rows[k] = base + (k < extra ? 1 : 0);

    for (let i = 0; i < this.params.length; i++) this.weightViews[i].set(this.params[i].value);
    if (this.hasDropout) for (let i = 0; i < parts - 1; i++) this.seeds[i] = context.rng.nextUint32();
    let start = rows[0];
    for (let i = 0; i < parts - 1; i++) {
      const count = rows[i + 1];
      if (count * inputWidth > shards.inputs[i].length || count * targetWidth > shards.targets[i].length) {
        throw new ConfigError(`shards: a part of ${count} rows does not fit shard buffers of ${shards.inputs[i].length / inputWidth} rows`);
      }
      shards.inputs[i].set(this.shardInputs[i].of(inputs, start * inputWidth, count * inputWidth));
      shards.targets[i].set(this.shardTargets[i].of(targets, start * targetWidth, count * targetWidth));
      shards.begin(i, count, this.seeds[i]);
      start += count;
    }

    const own = rows[0];
    this.ownRows = own;
    // This part's weight nₖ/N is applied to dL/doutput, so its gradients come out weighted with no extra pass over the parameters.
    const ownShare = own / batch;
    let loss = ownShare * this.gradient.compute(this.ownInputs.of(inputs, 0, own * inputWidth), this.ownTargets.of(targets, 0, own * targetWidth), own, context, ownShare);
    for (let i = 0; i < parts - 1; i++) {
      const share = rows[i + 1] / batch;
      loss += share * shards.end(i);
      addGradients(this.params, this.shardGradientViews[i], share);
    }
    return loss;
  }
}

let simdAddScaled: AddScaled | undefined | null = null;

/** The WebAssembly gradient sum when the matrix products run in WebAssembly (useKernels), else undefined. */
function addScaledKernel(): AddScaled | undefined {
  if (activeKernels() !== 'wasm') return undefined;
  if (simdAddScaled === null) simdAddScaled = createAddScaled();
  return simdAddScaled;
}

/**
 * grad += factor · part for every parameter, reading the shard's gradients
 * where it wrote them. This pass is on the step's critical path: on the
 * WebAssembly kernel where the products run there, else four elements per
 * turn of a JavaScript loop (unrolled, it took a third less time: 235 k
 * weights, 0.36 → 0.23 ms).
 */
function addGradients(params: readonly Parameter[], shard: readonly Float32Array[], factor: number): void {
  const fast = addScaledKernel();
  for (let p = 0; p < params.length; p++) {
    const grad = params[p].grad;
    const part = shard[p];
    if (fast) {
      fast(grad, part, factor);
      continue;
    }
    const length = grad.length;
    const whole = length & ~3;
    let j = 0;
    for (; j < whole; j += 4) {
      grad[j] += factor * part[j];
      grad[j + 1] += factor * part[j + 1];
      grad[j + 2] += factor * part[j + 2];
      grad[j + 3] += factor * part[j + 3];
    }
    for (; j < length; j++) grad[j] += factor * part[j];
  }
}
