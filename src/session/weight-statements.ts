import { copyTensors, type NamedTensor, type Sequential } from '../engine/model';
import type { OptimizerState } from '../engine/optim/optimizer';
import type { TrainingHistory } from '../engine/train/records';
import { mapWeightNames } from '../engine/weights/name-map';
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

/** `load weights`: the file at `path` read into `model` (the declared one, untrained), and a note when its names needed mapping. */
export function loadWeights(host: SessionHost, path: string, model: Sequential, modelKey: string, location: SourceLocation, title: string) {
  let bytes: Uint8Array;
  try {
    bytes = host.readBytes(path);
  } catch (error) {
    throw new CellFailure([fileProblem('load weights', 'read', path, error, location)]);
  }
  const contents = decodeWeights(path, bytes);
  const mapping = mapWeightNames(model, contents);
  model.loadStateDict(mapping.tensors);
  const notes: CellOutput[] = mapping.expected ? [] : [{ kind: 'summary', lines: [`load weights "${path}": ${mapping.lines[0]}`, ...mapping.lines.slice(1)] }];
  const listed = [...contents.tensors, ...contents.integers];
  const output: WeightsOutput = { kind: 'weights', title, action: 'load', path, tensors: listed.map(({ name, shape }) => ({ name, shape })) };
  return { trained: heldWeights(model, modelKey, mapping.batchesTracked ?? 0), notes, output };
}
