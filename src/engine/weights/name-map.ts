import { ConfigError } from '../errors';
import { BatchNorm } from '../layers/batchnorm';
import type { Layer } from '../layers/layer';
import type { NamedTensor, Sequential } from '../model';
import { cutText } from '../text-limits';
import { pytorchModuleIndices } from './pytorch-names';
import type { IntegerTensor } from './safetensors';

/**
 * Matches a weight file's tensor names to a model's layers. Files come named
 * three ways:
 *
 * - PyTorch `nn.Sequential` (and NN Lab's own files): `<index>.weight`, with
 *   an optional common prefix (`net.0.weight`). Activation and dropout
 *   modules take indices but hold no tensors, so `0.*`, `2.*` is a
 *   Linear-Tanh-Linear stack. The modules that hold tensors are matched to
 *   the model's layers with weights in index order.
 * - Keras: `dense/kernel`, `dense_1/bias`, `batch_normalization/gamma`, …
 *   (an optional scope before, `:0` after). Keras numbers each layer class on
 *   its own, so the k-th Dense goes to the model's k-th dense layer and the
 *   k-th BatchNormalization to its k-th batchnorm. A kernel is stored
 *   [inputs, units] and is transposed to our [units, inputs].
 *
 * Everything is checked before anything is used: kinds in order, each
 * layer's tensors, and shapes; every problem is reported at once.
 */

/** The naming a file was read with. */
export type WeightNaming = 'pytorch' | 'keras';

/** How a file's tensors were matched to the model. */
export interface NameMapping {
  readonly naming: WeightNaming;
  /** The file's tensors under the model's own names (Keras kernels transposed), ready for `loadStateDict`. */
  readonly tensors: NamedTensor[];
  /** The report: a line naming the naming, then one per layer with weights saying which file tensors went there. */
  readonly lines: string[];
  /**
   * True when the file's names are the ones NN Lab writes for this model (the
   * equivalent nn.Sequential's) or its layer positions: nothing worth reporting.
   */
  readonly expected: boolean;
  /** The largest `num_batches_tracked` in the file; undefined when it has none. */
  readonly batchesTracked?: number;
}

type Kind = 'dense' | 'batchnorm';

/**
 * A file tensor's role in its layer, in our (PyTorch) vocabulary: `weight`,
 * `running_mean`, `weight_ih_l0`, `self_attn.in_proj_weight`, …
 */
type Role = string;

interface FileTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** Float values, or an integer counter's. */
  readonly value: Float32Array | readonly number[];
}

/** The tensors one file module (a Linear, a `dense_1`) holds. */
interface FileGroup {
  /** As the message names it: `2` or `dense_1`. */
  readonly label: string;
  /** Keras files: the layer class the variables say. */
  readonly kind?: Kind;
  readonly members: ReadonlyMap<Role, FileTensor>;
}

const KERAS_ROLES: Readonly<Record<string, { role: Role; kind: Kind | undefined }>> = {
  kernel: { role: 'weight', kind: 'dense' },
  bias: { role: 'bias', kind: undefined },
  gamma: { role: 'weight', kind: 'batchnorm' },
  beta: { role: 'bias', kind: 'batchnorm' },
  moving_mean: { role: 'running_mean', kind: 'batchnorm' },
  moving_variance: { role: 'running_var', kind: 'batchnorm' },
};
/** Keras's BatchNormalization default epsilon (PyTorch's and ours is 1e-5). */
const KERAS_BATCHNORM_EPS = 0.001;

/** A refusal lists this many problems, and a list in a message this many items; a file of thousands of bad names stays a short message. */
const LISTED = 12;

/** The first LISTED items joined, and how many there are when some are left out. */
function few(items: readonly string[], separator = ', '): string {
  return items.length <= LISTED ? items.join(separator) : `${items.slice(0, LISTED).join(separator)}${separator}… (${items.length} in all)`;
}

/**
 * Maps a file's tensors onto the model's layers with weights, or throws a
 * ConfigError naming every tensor, layer and shape that does not fit.
 */
export function mapWeightNames(model: Sequential, file: { readonly tensors: readonly NamedTensor[]; readonly integers?: readonly IntegerTensor[] }): NameMapping {
  const all: FileTensor[] = [...file.tensors, ...(file.integers ?? []).map(({ name, shape, values }) => ({ name, shape, value: values }))];
  const naming: WeightNaming = all.some((tensor) => tensor.name.includes('/')) ? 'keras' : 'pytorch';
  const layers = model.layers.filter((layer) => layer.parameters.length > 0);
  const problems: string[] = [];
  const groups = naming === 'keras' ? kerasGroups(all, problems) : pytorchGroups(all, problems);
  const fail = (): never => {
    throw new ConfigError(`model: cannot load weights: ${few(problems, '; ')}`);
  };
  if (problems.length > 0) fail();

  const assigned = naming === 'keras' ? assignKeras(groups, layers, problems) : assignInOrder(groups, layers, problems);
  if (problems.length > 0) fail();

  const tensors: NamedTensor[] = [];
  const lines: string[] = [];
  let batchesTracked: number | undefined;
  const moduleIndices = pytorchModuleIndices(model.layers);
  let ownNames = true;
  let sequentialNames = true;
  layers.forEach((layer, position) => {
    const moduleIndex = moduleIndices[model.layers.indexOf(layer)];
    const group = assigned[position];
    const used: string[] = [];
    const targets = [...layer.parameters, ...layer.buffers];
    for (const target of targets) {
      const role = target.name.slice(layer.name.length + 1) as Role;
      const source = group.members.get(role);
      if (source === undefined) {
        problems.push(`layer ${layer.name} (${layer.kind}) needs its ${role}, the file's ${group.label} has none`);
        continue;
      }
      if (!(source.value instanceof Float32Array)) {
        problems.push(`'${cutText(source.name)}' holds integers; layer ${layer.name} (${layer.kind}) needs a floating-point ${role}`);
        continue;
      }
      const transpose = naming === 'keras' && role === 'weight' && layer.kind === 'dense';
      const shape = transpose ? [...source.shape].reverse() : source.shape;
      if (shape.join('×') !== target.shape.join('×')) {
        const needed = transpose ? [...target.shape].reverse() : target.shape;
        problems.push(`'${cutText(source.name)}' has shape [${source.shape.join(', ')}], layer ${layer.name} (${layer.kind}) needs [${needed.join(', ')}]${transpose ? ' (a Keras kernel is [inputs, units])' : ''}`);
        continue;
      }
      const value = source.value;
      tensors.push({ name: target.name, shape: target.shape, value: transpose ? transposed(value, source.shape[0], source.shape[1]) : value });
      used.push(transpose ? `${cutText(source.name)} (transposed)` : cutText(source.name));
      if (source.name !== target.name) ownNames = false;
      if (source.name !== `${moduleIndex}.${role}`) sequentialNames = false;
    }
    for (const [role, source] of group.members) {
      if (role === 'num_batches_tracked' && layer.kind === 'batchnorm') {
        const count = scalarCount(source, problems);
        if (count !== undefined) batchesTracked = Math.max(batchesTracked ?? 0, count);
        used.push(cutText(source.name));
      } else if (!targets.some((target) => target.name === `${layer.name}.${role}`)) {
        problems.push(`'${cutText(source.name)}' has no place in layer ${layer.name} (${layer.kind}${role === 'bias' ? ' without a bias' : ''})`);
      }
    }
    lines.push(`  ${used.join(', ')} → layer ${layer.name} (${layer.kind})`);
    if (naming === 'keras' && layer instanceof BatchNorm && layer.eps !== KERAS_BATCHNORM_EPS) {
      lines.push(`    Keras's BatchNormalization adds ε = ${KERAS_BATCHNORM_EPS}, this layer ${layer.eps}: declare batchnorm eps=${KERAS_BATCHNORM_EPS} for Keras's outputs`);
    }
  });
  if (problems.length > 0) fail();
  lines.unshift(naming === 'keras' ? 'Keras names, matched by layer class and number:' : 'nn.Sequential names, matched in order to the layers with weights:');
  return { naming, tensors, lines, expected: naming === 'pytorch' && (ownNames || sequentialNames), ...(batchesTracked !== undefined ? { batchesTracked } : {}) };
}

/** PyTorch names: `[prefix.]<index>.<role>`, one group per index. */
function pytorchGroups(tensors: readonly FileTensor[], problems: string[]): FileGroup[] {
  const byIndex = new Map<number, Map<Role, FileTensor>>();
  const prefixes = new Set<string>();
  for (const tensor of tensors) {
    const match = /^(?:(.*?)\.)?(\d+)\.([A-Za-z_][\w.]*)$/.exec(tensor.name);
    if (match === null) {
      problems.push(`'${cutText(tensor.name)}' is neither an nn.Sequential name (0.weight, 1.running_mean, …) nor a Keras one (dense/kernel, …)`);
      continue;
    }
    prefixes.add(match[1] ?? '');
    const index = Number(match[2]);
    const members = byIndex.get(index) ?? new Map<Role, FileTensor>();
    members.set(match[3] as Role, tensor);
    byIndex.set(index, members);
  }
  if (prefixes.size > 1) {
    problems.push(`the names come from ${prefixes.size} different modules (${few([...prefixes].map((p) => `'${cutText(p || '(none)', 30)}'`))}); a file must hold one nn.Sequential`);
  }
  if (problems.length > 0) return [];
  return [...byIndex.keys()].sort((a, b) => a - b).map((index) => ({ label: `module ${index}`, members: byIndex.get(index)! }));
}

/** Keras names: `[scope/]<layer>/<variable>[:0]`; the layer name's `_n` suffix orders layers of one class. */
function kerasGroups(tensors: readonly FileTensor[], problems: string[]): FileGroup[] {
  const byLayer = new Map<string, { members: Map<Role, FileTensor>; kinds: Set<Kind>; variables: string[] }>();
  for (const tensor of tensors) {
    const match = /^(.*)\/([a-z_]+)(?::\d+)?$/.exec(tensor.name);
    const known = match !== null && Object.hasOwn(KERAS_ROLES, match[2]) ? KERAS_ROLES[match[2]] : undefined;
    if (match === null || known === undefined) {
      problems.push(`'${cutText(tensor.name)}' is not a Keras Dense or BatchNormalization variable (kernel, bias, gamma, beta, moving_mean, moving_variance)`);
      continue;
    }
    const layer = byLayer.get(match[1]) ?? { members: new Map<Role, FileTensor>(), kinds: new Set<Kind>(), variables: [] };
    const taken = layer.members.get(known.role);
    if (taken !== undefined) problems.push(`'${cutText(taken.name)}' and '${cutText(tensor.name)}' both hold the layer's ${known.role}`);
    layer.members.set(known.role, tensor);
    layer.variables.push(match[2]);
    if (known.kind) layer.kinds.add(known.kind);
    byLayer.set(match[1], layer);
  }
  if (problems.length > 0) return [];
  const groups: (FileGroup & { family: string; number: number })[] = [];
  for (const [path, { members, kinds, variables }] of byLayer) {
    if (kinds.size !== 1) {
      problems.push(`'${cutText(path)}' holds ${few(variables)}: neither a Dense (kernel, bias) nor a BatchNormalization (gamma, beta, moving_mean, moving_variance)`);
      continue;
    }
    const [, family, number] = /^(.*?)(?:_(\d+))?$/.exec(path)!;
    groups.push({ label: `'${cutText(path)}'`, kind: [...kinds][0], members, family, number: number === undefined ? 0 : Number(number) });
  }
  for (const kind of ['dense', 'batchnorm'] as const) {
    const families = new Set(groups.filter((group) => group.kind === kind).map((group) => group.family));
    if (families.size > 1) {
      problems.push(
        `the ${kind === 'dense' ? 'Dense' : 'BatchNormalization'} layers are named ${few([...families].map((f) => `'${cutText(f, 30)}'`))}, which does not say their order; ` +
          `Keras's own names (${kind === 'dense' ? 'dense, dense_1' : 'batch_normalization, batch_normalization_1'}, …) do`,
      );
    }
  }
  return groups.sort((a, b) => a.number - b.number);
}

/**
 * nn.Sequential: the file's modules with tensors and the model's layers with
 * weights, pairwise in order, each module holding some of the tensors its
 * layer does; which are missing or extra is reported tensor by tensor.
 */
function assignInOrder(groups: readonly FileGroup[], layers: readonly Layer[], problems: string[]): FileGroup[] {
  const fits = groups.length === layers.length && groups.every((group, i) => sharesRole(group, layers[i]));
  if (!fits) {
    const fileSide = few(groups.map((group) => `${moduleClass(group)} ${group.label.replace('module ', '')}`)) || 'none';
    problems.push(`in order, the file's modules with tensors are ${fileSide}; the model's layers with weights are ${layerList(layers)}`);
  }
  return [...groups];
}

function sharesRole(group: FileGroup, layer: Layer): boolean {
  return [...layer.parameters, ...layer.buffers].some((tensor) => group.members.has(tensor.name.slice(layer.name.length + 1)));
}

/** The PyTorch class a module's tensors suggest, for messages. */
function moduleClass(group: FileGroup): string {
  const weight = group.members.get('weight');
  if (group.members.has('running_mean') || group.members.has('num_batches_tracked')) return 'BatchNorm';
  if (group.members.has('weight_ih_l0')) return 'RNN/LSTM/GRU';
  if ([...group.members.keys()].some((role) => role.startsWith('self_attn.'))) return 'TransformerEncoderLayer';
  if (weight?.shape.length === 4) return 'Conv2d';
  if (weight?.shape.length === 2) return 'Linear';
  return 'module';
}

/** Keras: the k-th layer of each class to the model's k-th layer of that kind. */
function assignKeras(groups: readonly FileGroup[], layers: readonly Layer[], problems: string[]): FileGroup[] {
  const queues: Record<Kind, FileGroup[]> = { dense: groups.filter((g) => g.kind === 'dense'), batchnorm: groups.filter((g) => g.kind === 'batchnorm') };
  const wanted = (kind: Kind): number => layers.filter((layer) => layer.kind === kind).length;
  if (queues.dense.length !== wanted('dense') || queues.batchnorm.length !== wanted('batchnorm')) {
    problems.push(
      `the file holds ${queues.dense.length} Dense and ${queues.batchnorm.length} BatchNormalization layers; ` +
        `the model's layers with weights are ${layerList(layers)} (${wanted('dense')} dense, ${wanted('batchnorm')} batchnorm)`,
    );
    return [];
  }
  return layers.map((layer) => queues[layer.kind as Kind].shift()!);
}

function layerList(layers: readonly Layer[]): string {
  return few(layers.map((layer) => `${layer.kind} ${layer.name}`)) || 'none';
}

/** A counter's value: one whole number ≥ 0 (shape [] as PyTorch writes it, or [1]). */
function scalarCount(source: FileTensor, problems: string[]): number | undefined {
  const value = source.value.length === 1 ? source.value[0] : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    problems.push(`'${cutText(source.name)}' must be one whole number ≥ 0, it holds ${source.value.length} value${source.value.length === 1 ? ` (${value})` : 's'}`);
    return undefined;
  }
  return value;
}

/** [rows, columns] row-major → [columns, rows]. */
function transposed(value: Float32Array, rows: number, columns: number): Float32Array {
  const out = new Float32Array(value.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = value[r * columns + c];
  return out;
}
