import { ConfigError } from '../engine/errors';
import type { NamedTensor } from '../engine/model';
import { cutText } from '../engine/text-limits';
import { decodeUtf8, Utf8Error } from '../engine/utf8';
import { readWeightsJson, writeWeightsJson } from '../engine/weights/json';
import { pytorchStateDict } from '../engine/weights/pytorch-names';
import { readSafetensors, writeSafetensors } from '../engine/weights/safetensors';
import type { CellProblem, SourceLocation } from '../protocol/cell-output';
import { problem } from './checks';
import { OUTSIDE_FOLDERS } from './host';

/** NN Lab's own JSON weights, or safetensors as PyTorch reads them. */
export type WeightFormat = 'safetensors' | 'json';

/** A weight file's bytes, with the tensors it holds. */
export interface WeightFile {
  readonly bytes: Uint8Array;
  readonly tensors: { readonly name: string; readonly shape: readonly number[] }[];
}

/** The format a path's extension names: `.json`, else safetensors. */
export function weightFormat(path: string): WeightFormat {
  return path.toLowerCase().endsWith('.json') ? 'json' : 'safetensors';
}

/**
 * Weights as a file, under the names the equivalent PyTorch nn.Sequential
 * gives them (so `load_state_dict` with strict=True takes a safetensors file
 * as it is); `batchesTracked` is batch norm's `num_batches_tracked`.
 */
export function encodeWeights(format: WeightFormat, weights: readonly NamedTensor[], moduleIndices: readonly string[], batchesTracked: number): WeightFile {
  const { tensors, integers } = pytorchStateDict(weights, moduleIndices, batchesTracked);
  // The JSON form is NN Lab's own: its values are float32, so it leaves the counters out.
  const bytes = format === 'json' ? new TextEncoder().encode(writeWeightsJson(tensors)) : writeSafetensors(tensors, {}, integers);
  const written = format === 'json' ? tensors : [...tensors, ...integers];
  return { bytes, tensors: written.map(({ name, shape }) => ({ name, shape })) };
}

/** The tensors of a weight file in the format its path names; a JSON file holds no integer counters. */
export function decodeWeights(path: string, bytes: Uint8Array) {
  return weightFormat(path) === 'json' ? { ...readWeightsJson(jsonWeightsText(path, bytes)), integers: [] } : readSafetensors(bytes);
}

/**
 * A file the host would not read or write ('outside-folders': its message
 * says why and how to allow it), or could not ('missing-file'): "load
 * weights: cannot read 'w.json': no such file". Never the file's contents.
 */
export function fileProblem(action: string, verb: 'read' | 'write', path: string, error: unknown, location: SourceLocation): CellProblem {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === OUTSIDE_FOLDERS && error instanceof Error) return problem('outside-folders', `${action}: ${error.message}`, location);
  const reason = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
  // Node's own message repeats the path: both are cut, so a long name makes no long message.
  return problem('missing-file', `${action}: cannot ${verb} '${cutText(path)}': ${cutText(reason)}`, location);
}

/** A JSON weight file's text, read strictly: a byte that is not UTF-8 is refused with its place, never replaced. */
function jsonWeightsText(path: string, bytes: Uint8Array): string {
  try {
    return decodeUtf8(bytes);
  } catch (error) {
    if (error instanceof Utf8Error) throw new ConfigError(`${path}: ${error.message}`);
    throw error;
  }
}
