import { ConfigError } from '../engine/errors';
import { copyTensors, type NamedTensor, type Sequential } from '../engine/model';
import type { OptimizerState } from '../engine/optim/optimizer';
import type { TrainingHistory } from '../engine/train/records';
import { mapWeightNames } from '../engine/weights/name-map';
import { matchByName, type WeightFileContents } from '../engine/weights/partial-load';
import { pytorchModuleIndices } from '../engine/weights/pytorch-names';
import type { CellOutput, SourceLocation, WeightsOutput } from '../protocol/cell-output';
import { CellFailure, problem } from './checks';
import type { SessionHost } from './host';
import { decodeWeights, encodeWeights, fileProblem, weightFormat } from './weight-files';

/** The weights the session's model holds, and what they belong to. */
export interface TrainedState {
  readonly modelKey: string;
  readonly weights: NamedTensor[];
  /** Each layer's index in the equivalent nn.Sequential: a saved file's names. */
  readonly moduleIndices: readonly string[];
  /** Training batches the weights have seen, a loaded file's count included: batch norm's `num_batches_tracked`. */
  readonly batchesTracked: number;
  readonly optimizerKey?: string;
  readonly optimizer?: OptimizerState;
  /** The training that produced the weights; absent for weights loaded from a file. */
  readonly history?: TrainingHistory;
}

/** A copy of `model`'s weights for the session to keep, under the model's key. */
export function heldWeights(model: Sequential, modelKey: string, batchesTracked: number): TrainedState {
  return { modelKey, weights: copyTensors(model.stateDict()), moduleIndices: pytorchModuleIndices(model.layers), batchesTracked };
}

/** `save weights`: the held weights written to `path`, when they belong to the model declared now (`modelKey`). */
export function saveWeights(host: SessionHost, path: string, trained: TrainedState | undefined, modelKey: string | undefined, location: SourceLocation, title: string): WeightsOutput {
  if (!trained) throw new CellFailure([problem('no-weights', 'save weights: there are no weights yet: run train (or load weights) first', location)]);
  // Weights of a model declared before the current one would be saved under the wrong name.
  if (trained.modelKey !== modelKey) throw new CellFailure([problem('no-weights', 'save weights: the model changed since it was trained: run train (or load weights) first', location)]);
  const file = encodeWeights(weightFormat(path), trained.weights, trained.moduleIndices, trained.batchesTracked);
  try {
    host.writeBytes(path, file.bytes);
  } catch (error) {
    throw new CellFailure([fileProblem('save weights', 'write', path, error, location)]);
  }
  return { kind: 'weights', title, action: 'save', path, tensors: file.tensors };
}

/** How `load weights` matches a file to the model: whole (the default), or by name as PyTorch's `strict=False`, without the top as Keras's `include_top=False`. */
export interface LoadOptions {
  /** False: load the tensors whose nn.Sequential name and shape match, and list the rest (PyTorch's missing and unexpected keys). */
  readonly strict?: boolean;
  /** False: leave the output layer (the last with weights) at its initialization, for a new head on a pretrained body. */
  readonly includeTop?: boolean;
}

/** `load weights`: the file at `path` read into `model` (the declared one, untrained), and a note when its names needed mapping or some tensors were left out. */
export function loadWeights(host: SessionHost, path: string, model: Sequential, modelKey: string, location: SourceLocation, title: string, options: LoadOptions = {}) {
  let bytes: Uint8Array;
  try {
    bytes = host.readBytes(path);
  } catch (error) {
    throw new CellFailure([fileProblem('load weights', 'read', path, error, location)]);
  }
  const contents = decodeWeights(path, bytes);
  const whole = (options.strict ?? true) && (options.includeTop ?? true);
  const { notes, batchesTracked, fileNames } = whole ? loadWhole(model, contents, path) : loadPart(model, contents, path, options);
  // A partial load lists what it took, so the table's count is what the model holds from the file.
  const listed = [...contents.tensors, ...contents.integers].filter((tensor) => fileNames?.has(tensor.name) ?? true);
  const output: WeightsOutput = { kind: 'weights', title, action: 'load', path, tensors: listed.map(({ name, shape }) => ({ name, shape })) };
  return { trained: heldWeights(model, modelKey, batchesTracked ?? 0), notes, output };
}

/** What a load did: the notes to show, the batches batch norm has seen, and for a partial load the file's tensors it took. */
interface Loaded {
  readonly notes: CellOutput[];
  readonly batchesTracked?: number;
  readonly fileNames?: ReadonlySet<string>;
}

function loadWhole(model: Sequential, contents: WeightFileContents, path: string): Loaded {
  const mapping = mapWeightNames(model, contents);
  model.loadStateDict(mapping.tensors);
  const notes: CellOutput[] = mapping.expected ? [] : [{ kind: 'summary', lines: [`load weights "${path}": ${mapping.lines[0]}`, ...mapping.lines.slice(1)] }];
  return { notes, ...(mapping.batchesTracked !== undefined ? { batchesTracked: mapping.batchesTracked } : {}) };
}

/**
 * Part of the file by name and shape: strict=false accepts whatever does not
 * match and lists it; include_top=false alone still requires every other
 * layer's tensors, and lets the file hold a top of its own.
 */
function loadPart(model: Sequential, contents: WeightFileContents, path: string, options: LoadOptions): Loaded {
  const strict = options.strict ?? true;
  const top = options.includeTop === false ? model.layers.filter((layer) => layer.parameters.length > 0).at(-1) : undefined;
  const part = matchByName(model, contents, new Set(top ? [top.name] : []));
  if (strict && part.missing.length + part.mismatched.length > 0) {
    const problems = [...part.missing.map((name) => `missing tensor '${name}'`), ...part.mismatched];
    throw new ConfigError(`model: cannot load weights: ${listed(problems, '; ')}; strict=false loads what matches and lists the rest`);
  }
  if (part.loaded.length === 0) throw new ConfigError(`model: cannot load weights: no tensor of "${path}" matches a tensor of the model by nn.Sequential name and shape`);
  const loaded = new Map(part.tensors.map((tensor) => [tensor.name, tensor]));
  model.loadStateDict(model.stateDict().map((tensor) => loaded.get(tensor.name) ?? tensor));
  const how = [strict ? '' : 'strict=false', top ? 'include_top=false' : ''].filter(Boolean).join(' ');
  const lines = [
    `load weights "${path}" ${how}: matched by nn.Sequential name and shape, as PyTorch's load_state_dict(strict=False)`,
    `  loaded (${part.loaded.length}): ${listed(part.loaded)}`,
    ...(top ? [`  left out, the top (layer ${top.name}, ${top.kind}), kept at its initialization (${part.skipped.length}): ${listed(part.skipped)}`] : []),
    ...(part.missing.length > 0 ? [`  missing from the file, kept at their initialization (${part.missing.length}): ${listed(part.missing)}`] : []),
    ...(part.mismatched.length > 0 ? [`  shape differs, kept at their initialization (${part.mismatched.length}): ${listed(part.mismatched)}`] : []),
    ...(part.unexpected.length > 0 ? [`  in the file, not used (${part.unexpected.length}): ${listed(part.unexpected)}`] : []),
  ];
  return { notes: [{ kind: 'summary', lines }], fileNames: new Set(part.fileNames), ...(part.batchesTracked !== undefined ? { batchesTracked: part.batchesTracked } : {}) };
}

/** The first few names of a list, and how many there are in all when some are left out. */
function listed(names: readonly string[], separator = ', '): string {
  return names.length <= LISTED ? names.join(separator) : `${names.slice(0, LISTED).join(separator)}${separator}… (${names.length} in all)`;
}

const LISTED = 12;
