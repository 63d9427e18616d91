import { ConfigError } from '../errors';
import type { NamedTensor, Sequential } from '../model';
import { cutText } from '../text-limits';
import { pytorchModuleIndices } from './pytorch-names';
import type { IntegerTensor } from './safetensors';

/**
 * Part of a weight file loaded into a model, matched by nn.Sequential name
 * and shape, as PyTorch's `model.load_state_dict(state, strict=False)`
 * matches by key: what a pretrained body needs when the head differs.
 * Unlike PyTorch, a tensor whose shape differs is skipped and listed rather
 * than refused, since a new head of another width is the usual reason.
 */
export interface PartialLoad {
  /** The file's tensors under the model's own names, ready for `loadStateDict` over the model's current state. */
  readonly tensors: NamedTensor[];
  /** Model tensors (own names) that took the file's values. */
  readonly loaded: string[];
  /** The file's names of what was loaded, batch norm's counters included. */
  readonly fileNames: string[];
  /** Model tensors the file has no tensor for: PyTorch's missing_keys. They keep their initialization. */
  readonly missing: string[];
  /** File tensors with no place in the model: PyTorch's unexpected_keys. */
  readonly unexpected: string[];
  /** Model tensors whose file tensor has another shape: `'4.weight' [5, 64] in the file, [10, 64] here`. */
  readonly mismatched: string[];
  /** Model tensors of the layers left out (`include_top=false`), kept at their initialization. */
  readonly skipped: string[];
  /** The largest `num_batches_tracked` of a loaded batch norm; undefined when none. */
  readonly batchesTracked?: number;
}

/** A file as decoded: float tensors and integer counters. */
export interface WeightFileContents {
  readonly tensors: readonly NamedTensor[];
  readonly integers?: readonly IntegerTensor[];
}

/**
 * Matches `file` to `model` by nn.Sequential name (`[prefix.]<module>.<role>`,
 * the names NN Lab and PyTorch write) and shape, leaving out the layers named
 * in `leaveOut`. Keras names have no module index to match by: refused.
 */
export function matchByName(model: Sequential, file: WeightFileContents, leaveOut: ReadonlySet<string> = new Set()): PartialLoad {
  const keras = file.tensors.find((tensor) => tensor.name.includes('/'));
  if (keras) throw new ConfigError(`model: cannot load part of a file with Keras names ('${cutText(keras.name)}'): only nn.Sequential names (0.weight, …) say which layer a tensor is; load the whole file instead`);
  const stripped = withoutPrefix([...file.tensors.map((t) => t.name), ...(file.integers ?? []).map((t) => t.name)]);
  const floats = new Map(file.tensors.map((tensor) => [stripped(tensor.name), tensor]));
  const counters = new Map((file.integers ?? []).map((tensor) => [stripped(tensor.name), tensor]));
  const fileNames: string[] = [];
  const moduleIndices = pytorchModuleIndices(model.layers);
  const used = new Set<string>();
  const result = { tensors: [] as NamedTensor[], loaded: [] as string[], missing: [] as string[], mismatched: [] as string[], skipped: [] as string[] };
  let batchesTracked: number | undefined;
  model.layers.forEach((layer, index) => {
    const module = moduleIndices[index];
    const counter = counters.get(`${module}.num_batches_tracked`);
    if (counter) used.add(`${module}.num_batches_tracked`);
    for (const target of [...layer.parameters, ...layer.buffers]) {
      const key = `${module}.${target.name.slice(layer.name.length + 1)}`;
      const source = floats.get(key);
      if (source) used.add(key);
      if (leaveOut.has(layer.name)) result.skipped.push(target.name);
      else if (!source) result.missing.push(target.name);
      else if (source.shape.join('×') !== target.shape.join('×')) result.mismatched.push(`'${target.name}' [${source.shape.join(', ')}] in the file, [${target.shape.join(', ')}] here`);
      else {
        result.tensors.push({ name: target.name, shape: target.shape, value: source.value });
        result.loaded.push(target.name);
        fileNames.push(source.name);
        if (counter && counter.values.length === 1) batchesTracked = Math.max(batchesTracked ?? 0, Number(counter.values[0]));
        if (counter && !fileNames.includes(counter.name)) fileNames.push(counter.name);
      }
    }
  });
  const unexpected = [...floats.keys(), ...counters.keys()].filter((key) => !used.has(key));
  return { ...result, fileNames, unexpected, ...(batchesTracked !== undefined ? { batchesTracked } : {}) };
}

/** Names without the one prefix every name shares (`net.0.weight` → `0.weight`), as a wrapped nn.Sequential saves them. */
function withoutPrefix(names: readonly string[]): (name: string) => string {
  const prefixes = new Set(names.map((name) => /^(.*?)\.?\d+\.[A-Za-z_][\w.]*$/.exec(name)?.[1] ?? ''));
  const [prefix] = prefixes;
  return prefixes.size === 1 && prefix ? (name) => name.slice(prefix.length + 1) : (name) => name;
}
