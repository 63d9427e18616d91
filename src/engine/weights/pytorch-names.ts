import { layers as layerEntries } from '../layers';
import type { Layer } from '../layers/layer';
import { ConfigError } from '../errors';
import type { NamedTensor } from '../model';
import type { IntegerTensor } from './safetensors';

/**
 * The state dict an equivalent PyTorch `nn.Sequential` has. Our dense layer
 * fuses its activation, PyTorch makes it a module of its own: `dense 4 tanh`
 * is `Linear(…, 4), Tanh()` and takes two indices, so the layer after it is
 * numbered 2, not 1 (a conv2d likewise). `linear` adds no module; every other
 * layer takes one index each. Batch norm also carries the counter `num_batches_tracked`
 * (I64, shape []), so a file holds exactly the keys and dtypes of the
 * module's own `state_dict()`.
 */

/** Each layer's index in the equivalent nn.Sequential (`0`, `2`, `3`, …), by position. */
export function pytorchModuleIndices(layers: readonly Layer[]): string[] {
  let next = 0;
  return layers.map((layer) => {
    const own = String(next);
    next += layerEntries.get(layer.kind).torchModules?.(layer) ?? 1;
    return own;
  });
}

/** A model's weights under the names `nn.Sequential.state_dict()` gives them. */
export interface PytorchStateDict {
  readonly tensors: NamedTensor[];
  /** One `num_batches_tracked` per batch-norm layer. */
  readonly integers: IntegerTensor[];
}

/**
 * A state dict renamed as the equivalent nn.Sequential names it: `moduleIndices`
 * (from pytorchModuleIndices) turns layer `1` of `1.weight` into its module
 * index, and each batch-norm layer (the one holding a `running_mean`) gets
 * `batchesTracked`, the training batches the weights have seen, as its
 * counter. The values are shared with `weights`, not copied.
 */
export function pytorchStateDict(weights: readonly NamedTensor[], moduleIndices: readonly string[], batchesTracked: number): PytorchStateDict {
  const rename = (name: string): string => {
    const dot = name.indexOf('.');
    const index = moduleIndices[Number(name.slice(0, dot))];
    if (index === undefined) throw new ConfigError(`weights: tensor '${name}' belongs to no layer of the model`);
    return `${index}.${name.slice(dot + 1)}`;
  };
  const tensors = weights.map(({ name, shape, value }) => ({ name: rename(name), shape, value }));
  const integers = tensors
    .filter((tensor) => tensor.name.endsWith('.running_mean'))
    .map((tensor): IntegerTensor => ({ name: tensor.name.replace(/running_mean$/, 'num_batches_tracked'), dtype: 'I64', shape: [], values: [batchesTracked] }));
  return { tensors, integers };
}
