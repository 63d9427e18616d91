/**
 * The sizes a run's shard buffers are made for: the splitter (shards.ts)
 * computes them and every replica (replica.ts) checks its model against them.
 */

/** What shard buffers must hold; fixed for a run. */
export interface ShardLimits {
  /** Most rows one shard receives. */
  readonly rows: number;
  readonly inputWidth: number;
  /** Target floats per row: 1 for sparse labels, the width for one-hot or regression targets. */
  readonly targetWidth: number;
  /** Total floats of the model's parameters, in `model.parameters()` order. */
  readonly parameterCount: number;
}
