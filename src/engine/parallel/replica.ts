import { activations } from '../activations';
import { ConfigError } from '../errors';
import { Dense } from '../layers/dense';
import { Dropout } from '../layers/dropout';
import { LossGradient } from '../train/loss-gradient';
import { losses, type Loss } from '../losses';
import { Sequential, type LayerConfig } from '../model';
import { parametersIn, type Parameter } from '../parameter';
import type { ParamValue } from '../params';
import { Rng } from '../rng';
import type { ShardLimits } from './limits';

/**
 * One layer of a replica, as plain data. Activations are named with their
 * language options (`leaky_relu` with `{ alpha: 0.2 }`) and rebuilt through
 * the registry. Batch norm has no entry on purpose: its batch statistics need
 * the whole batch, so a model that has it is never split.
 */
export type ReplicaLayerSpec =
  | { kind: 'dense'; units: number; activation: { name: string; options: Record<string, ParamValue> }; useBias: boolean }
  | { kind: 'dropout'; rate: number };

/**
 * A model and its loss as plain data (structured-clone safe), enough to
 * rebuild them on another thread. Weights are not part of it: a replica
 * receives them before every step.
 */
export interface ReplicaSpec {
  readonly inputSize: number;
  readonly layers: readonly ReplicaLayerSpec[];
  readonly loss: { name: string; options: Record<string, ParamValue> };
}

/** Seeds the replica's throwaway initial weights; they are overwritten before every step. */
const REPLICA_SEED = 0;

/**
 * The model and loss a spec describes, built through the registries, so an
 * unknown name or a bad option fails here with the registry's message.
 * Initial weights are arbitrary (they are overwritten every step).
 */
export function buildReplica(spec: ReplicaSpec): { model: Sequential; loss: Loss } {
  const layers = spec.layers.map((layer, index): LayerConfig => {
    switch (layer.kind) {
      case 'dense':
        return {
          kind: 'dense',
          units: layer.units,
          activation: activations.get(layer.activation.name).create(layer.activation.options),
          useBias: layer.useBias,
        };
      case 'dropout':
        return { kind: 'dropout', rate: layer.rate };
      default:
        throw new ConfigError(`replica: layer ${index} has kind '${(layer as { kind: unknown }).kind}'; a replica holds only dense and dropout layers`);
    }
  });
  const model = new Sequential(spec.inputSize, layers, new Rng(REPLICA_SEED));
  return { model, loss: losses.get(spec.loss.name).create(spec.loss.options) };
}

/**
 * Throws a ConfigError naming the first layer where `spec` does not describe
 * `model` (kind, units, activation, bias, dropout rate). Activation options
 * and the loss cannot be read back from a built model, so those are the
 * caller's to get right; everything else a wrong spec would silently train
 * with is caught here.
 */
export function checkReplicaSpec(spec: ReplicaSpec, model: Sequential): void {
  const fail = (why: string): never => {
    throw new ConfigError(`replica: ${why}`);
  };
  if (spec.inputSize !== model.inputSize) fail(`the spec's input size is ${spec.inputSize}, the model's ${model.inputSize}`);
  if (spec.layers.length !== model.layers.length) fail(`the spec has ${spec.layers.length} layers, the model ${model.layers.length}`);
  model.layers.forEach((layer, index) => {
    const described = spec.layers[index];
    const says = (what: string, given: unknown, actual: unknown) => fail(`layer ${index}: the spec says ${what} ${String(given)}, the model has ${String(actual)}`);
    if (described.kind !== layer.kind) says('kind', described.kind, layer.kind);
    if (described.kind === 'dense' && layer instanceof Dense) {
      if (described.units !== layer.outputSize) says('units', described.units, layer.outputSize);
      if (activations.get(described.activation.name).name !== layer.activation.name) says('activation', described.activation.name, layer.activation.name);
      if (described.useBias !== (layer.bias !== undefined)) says('use_bias', described.useBias, layer.bias !== undefined);
    }
    if (described.kind === 'dropout' && layer instanceof Dropout && described.rate !== layer.rate) says('rate', described.rate, layer.rate);
  });
}

/** The buffers one shard works on; see `GradientShards`. */
export interface ShardBuffers {
  readonly weights: Float32Array;
  readonly inputs: Float32Array;
  readonly targets: Float32Array;
  readonly gradients: Float32Array;
}

/**
 * A shard's computation, the same on any thread: load the shared weights
 * into a replica, compute the mean loss and gradient over the shard's rows,
 * write the gradient flat. Because every shard implementation runs this one
 * class, the threaded shards equal the in-process ones bit for bit.
 */
export class GradientReplica {
  private readonly gradient: LossGradient;
  private readonly hasDropout: boolean;
  private readonly context: { training: boolean; rng: Rng };
  private readonly inputRows = new ViewCache();
  private readonly targetRows = new ViewCache();

  constructor(
    spec: ReplicaSpec,
    private readonly limits: ShardLimits,
    private readonly buffers: ShardBuffers,
  ) {
    // Built once on arrays of its own to check the spec against the limits
    // with a clear message, then again on the shared buffers.
    const probe = buildReplica(spec).model;
    const count = parameterCount(probe.parameters());
    if (count !== limits.parameterCount) {
      throw new ConfigError(`replica: the spec describes a model of ${count} parameters, the one being trained has ${limits.parameterCount}`);
    }
    if (probe.inputSize !== limits.inputWidth) {
      throw new ConfigError(`replica: the spec's input size is ${probe.inputSize}, the data's ${limits.inputWidth}`);
    }
    checkLength('weights', buffers.weights, count);
    checkLength('gradients', buffers.gradients, count);
    checkLength('inputs', buffers.inputs, limits.rows * limits.inputWidth);
    checkLength('targets', buffers.targets, limits.rows * limits.targetWidth);
    // The replica's parameters are views of the shared buffers: it reads the
    // weights the caller wrote and writes its gradients where the caller
    // reads them, with no copy per step. Only its initial draw is overwritten.
    const { model, loss } = parametersIn(buffers.weights, buffers.gradients, () => buildReplica(spec));
    checkPlacement(model.parameters(), buffers);
    this.gradient = new LossGradient(model, loss);
    this.hasDropout = model.layers.some((layer) => layer.kind === 'dropout');
    this.context = { training: true, rng: new Rng(REPLICA_SEED) };
  }

  /**
   * The mean loss over the first `rows` rows of the shard's buffers; their
   * mean gradient is written to `buffers.gradients`. Dropout masks come from
   * a generator seeded with `dropoutSeed`.
   */
  compute(rows: number, dropoutSeed: number): number {
    const { limits, buffers } = this;
    if (!Number.isInteger(rows) || rows < 1 || rows > limits.rows) {
      throw new ConfigError(`replica: a shard takes 1 to ${limits.rows} rows, got ${rows}`);
    }
    // A fresh generator per step (dropout models only) keeps the masks a
    // function of the seed the main thread drew, so a run replays exactly.
    if (this.hasDropout) this.context.rng = new Rng(dropoutSeed);
    const inputs = this.inputRows.of(buffers.inputs, 0, rows * limits.inputWidth);
    const targets = this.targetRows.of(buffers.targets, 0, rows * limits.targetWidth);
    return this.gradient.compute(inputs, targets, rows, this.context);
  }
}

/** Total floats of the parameters' values. */
export function parameterCount(params: readonly Parameter[]): number {
  let count = 0;
  for (const parameter of params) count += parameter.value.length;
  return count;
}

/** One view of `flat` per parameter, in order: the parameters' values concatenated. */
export function parameterViews(params: readonly Parameter[], flat: Float32Array): Float32Array[] {
  let offset = 0;
  return params.map((parameter) => {
    const view = flat.subarray(offset, offset + parameter.value.length);
    offset += parameter.value.length;
    return view;
  });
}

/** Throws unless every parameter is the view of the shared buffers that `parameterViews` would give: the layout both sides assume. */
function checkPlacement(params: readonly Parameter[], buffers: ShardBuffers): void {
  const values = parameterViews(params, buffers.weights);
  const grads = parameterViews(params, buffers.gradients);
  params.forEach((parameter, i) => {
    const placed = (view: Float32Array, expected: Float32Array) => view.buffer === expected.buffer && view.byteOffset === expected.byteOffset;
    if (!placed(parameter.value, values[i]) || !placed(parameter.grad, grads[i])) {
      throw new ConfigError(`replica: parameter ${parameter.name} is not stored where the shared layout puts it`);
    }
  });
}

function checkLength(name: string, buffer: Float32Array, needed: number): void {
  if (buffer.length < needed) throw new ConfigError(`replica: the ${name} buffer holds ${buffer.length} floats, the shard needs ${needed}`);
}

/**
 * Subarray views kept for reuse: asking for the same window of the same
 * array as one of the last two calls allocates nothing (an epoch alternates
 * between full batches and one shorter last batch).
 */
export class ViewCache {
  private readonly sources: (Float32Array | undefined)[] = [undefined, undefined];
  private readonly starts = [0, 0];
  private readonly views: Float32Array[] = [new Float32Array(0), new Float32Array(0)];
  private oldest = 0;

  /** source[start … start + length), the array itself when that is all of it. */
  of(source: Float32Array, start: number, length: number): Float32Array {
    if (start === 0 && length === source.length) return source;
    for (let i = 0; i < 2; i++) {
      if (this.sources[i] === source && this.starts[i] === start && this.views[i].length === length) return this.views[i];
    }
    const view = source.subarray(start, start + length);
    this.sources[this.oldest] = source;
    this.starts[this.oldest] = start;
    this.views[this.oldest] = view;
    this.oldest = 1 - this.oldest;
    return view;
  }
}
