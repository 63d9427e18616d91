import { ConfigError, didYouMean } from '../errors';
import { cutText, jsonPreview, listPreview } from '../text-limits';
import { decodeUtf8, hexByte, type Utf8Error } from '../utf8';
import type { NamedTensor } from '../model';

/**
 * The safetensors weight format (Hugging Face, 2022), as PyTorch and the
 * reference implementation write it:
 *
 *   bytes 0–7      N, the header length, unsigned 64-bit little-endian
 *   bytes 8…8+N    UTF-8 JSON object {"name": {"dtype": "F32", "shape": [..],
 *                  "data_offsets": [begin, end]}, …, "__metadata__": {string: string}}
 *   the rest       the data buffer: raw little-endian, row-major tensor bytes;
 *                  offsets are relative to its first byte
 *
 * The rules a reader enforces: the header is a JSON object starting with `{`
 * (trailing spaces allowed), every dtype is known, every tensor's byte range
 * holds exactly shape-product × dtype-size bytes, and the ranges are
 * contiguous, do not overlap and cover the whole buffer with no bytes left
 * over (so a file cannot smuggle a second payload). The bytes go in and out as
 * a Uint8Array; reading and writing the file is the caller's business.
 */

/** Every dtype the format defines, with its size in bytes. */
const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** The floating-point dtypes this reader converts to Float32Array. */
export type SafetensorsFloatDtype = 'F32' | 'F64' | 'F16' | 'BF16';
const READABLE: readonly SafetensorsFloatDtype[] = ['F32', 'F64', 'F16', 'BF16'];

/** The reference implementation refuses headers over 100 MB; so does this reader. */
const MAX_HEADER_BYTES = 100_000_000;

/** Options of readSafetensors. */
export interface ReadSafetensorsOptions {
  /**
   * What to do with a tensor whose dtype is valid but not a float type this
   * reader converts (an I64 `num_batches_tracked` in a PyTorch batch-norm
   * state dict, say): 'error' (the default) throws, 'skip' leaves it out and
   * lists it in `skipped`.
   */
  readonly unsupported?: 'error' | 'skip';
}

/** What readSafetensors returns. */
export interface SafetensorsContents {
  /** In file order (by data offset); values converted to float32. */
  readonly tensors: NamedTensor[];
  /** The free-form `__metadata__` map; empty when the file has none. */
  readonly metadata: Record<string, string>;
  /** Tensors left out with `unsupported: 'skip'`. */
  readonly skipped: { readonly name: string; readonly dtype: string }[];
}

/**
 * Writes tensors as a safetensors file of F32 tensors, byte for byte as the
 * reference writer does: tensors sorted by name (its order for tensors of
 * one dtype; byte order of the UTF-8 names, so `10.weight` precedes
 * `2.weight`), `__metadata__` first, compact JSON, the header padded with
 * spaces to a multiple of 8 so the data stays 8-byte aligned. Metadata keys
 * are written sorted so the same weights always give the same bytes.
 */
export function writeSafetensors(tensors: readonly NamedTensor[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const seen = new Set<string>();
  for (const tensor of tensors) {
    if (tensor.name === '__metadata__') throw new ConfigError("safetensors: a tensor cannot be named '__metadata__' (the key is reserved for metadata)");
    if (seen.has(tensor.name)) throw new ConfigError(`safetensors: two tensors are named '${tensor.name}'`);
    seen.add(tensor.name);
    const elements = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (!tensor.shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0) || elements !== tensor.value.length) {
      throw new ConfigError(`safetensors: tensor '${tensor.name}' has shape ${shapeText(tensor.shape)} but holds ${tensor.value.length} values`);
    }
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new ConfigError(`safetensors: metadata '${key}' must be a string, got ${typeof value}`);
  }

  const ordered = [...tensors].sort((a, b) => compareCodePoints(a.name, b.name));
  const entries: string[] = [];
  const metadataKeys = Object.keys(metadata).sort(compareCodePoints);
  if (metadataKeys.length > 0) {
    entries.push(`"__metadata__":{${metadataKeys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`).join(',')}}`);
  }
  let offset = 0;
  for (const tensor of ordered) {
    const end = offset + tensor.value.length * 4;
    // Built by hand: a JS object would move integer-like names ("0") to the front.
    entries.push(`${JSON.stringify(tensor.name)}:{"dtype":"F32","shape":[${tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;

  const bytes = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const tensor of ordered) {
    for (let i = 0; i < tensor.value.length; i++, position += 4) view.setFloat32(position, tensor.value[i], true);
  }
  return bytes;
}

/** A tensor's entry once its header fields are checked. */
interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Reads a safetensors file of F32, F64, F16 or BF16 tensors into float32
 * values (F64 is rounded to the nearest float32, overflowing to ±Infinity).
 * Any malformed input throws a ConfigError that says what is wrong and where.
 * Duplicate names in the header cannot be told apart after JSON parsing (the
 * last wins, as in most readers); the dropped tensor's bytes then show up as
 * a gap and the file is refused.
 */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsContents {
  const unsupported = options.unsupported ?? 'error';
  if (bytes.length < 8) throw new ConfigError(`safetensors: the file is ${bytes.length} bytes, too short to hold the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw new ConfigError(`safetensors: header length ${declared} is over the ${MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`);
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    throw new ConfigError(`safetensors: header length ${headerLength} runs past the end of the ${bytes.length}-byte file`);
  }
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const dataLength = bytes.length - 8 - headerLength;

  const metadata = readMetadata(header['__metadata__']);
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name !== '__metadata__') entries.push(readEntry(name, info));
  }
  checkLayout(entries, dataLength);

  const tensors: NamedTensor[] = [];
  const skipped: { name: string; dtype: string }[] = [];
  for (const entry of entries) {
    if (!(READABLE as readonly string[]).includes(entry.dtype)) {
      if (unsupported === 'skip') {
        skipped.push({ name: entry.name, dtype: entry.dtype });
        continue;
      }
      throw new ConfigError(`safetensors: tensor '${cutText(entry.name)}': dtype ${entry.dtype} is not supported (${READABLE.join(', ')} are)`);
    }
    const value = decode(view, 8 + headerLength + entry.begin, entry.dtype as SafetensorsFloatDtype, elementCount(entry.shape));
    tensors.push({ name: entry.name, shape: entry.shape, value });
  }
  return { tensors, metadata, skipped };
}

function parseHeader(raw: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = decodeUtf8(raw);
  } catch (error) {
    const { offset, byte } = error as Utf8Error;
    throw new ConfigError(`safetensors: the header is not valid UTF-8: byte ${8 + offset} of the file is ${hexByte(byte)}`);
  }
  if (!text.startsWith('{')) {
    throw new ConfigError(`safetensors: the header must be a JSON object starting with '{', it starts with ${JSON.stringify(text.slice(0, 20))}`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`safetensors: the header is not valid JSON (${cutText((error as Error).message, 200)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new ConfigError('safetensors: the header must be a JSON object');
  }
  return header as Record<string, unknown>;
}

function readMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('safetensors: __metadata__ must be an object of strings');
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new ConfigError(`safetensors: __metadata__ '${cutText(key)}' must be a string, got ${jsonPreview(value)}`);
    metadata[key] = value;
  }
  return metadata;
}

function readEntry(name: string, info: unknown): Entry {
  const fail = (what: string): never => {
    throw new ConfigError(`safetensors: tensor '${cutText(name)}': ${what}`);
  };
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return fail('its entry must be an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string') return fail(`dtype must be a string, got ${jsonPreview(dtype)}`);
  if (!Object.hasOwn(DTYPE_SIZES, dtype)) return fail(`unknown dtype '${cutText(dtype)}'${didYouMean(dtype, Object.keys(DTYPE_SIZES))}`);
  if (!Array.isArray(shape) || !shape.every(isCount)) return fail(`shape must be a list of whole numbers ≥ 0, got ${listPreview(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    return fail(`data_offsets must be [begin, end] with whole numbers ≥ 0, got ${listPreview(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) return fail(`data_offsets [${begin}, ${end}] end before they begin`);
  const needed = elementCount(shape) * DTYPE_SIZES[dtype];
  if (needed !== end - begin) return fail(`shape ${shapeText(shape)} needs ${needed} bytes, data_offsets give ${end - begin}`);
  return { name, dtype, shape: [...shape], begin, end };
}

/** Tensors must tile the data buffer exactly: from 0, no overlap, no gap, nothing after. */
function checkLayout(entries: Entry[], dataLength: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: Entry | undefined;
  for (const entry of entries) {
    if (entry.end > dataLength) {
      throw new ConfigError(
        `safetensors: tensor '${cutText(entry.name)}': data_offsets [${entry.begin}, ${entry.end}] run past the end of the ${dataLength}-byte data buffer (file truncated?)`,
      );
    }
    if (entry.begin < position) {
      throw new ConfigError(
        `safetensors: tensors '${cutText(previous!.name)}' [${previous!.begin}, ${previous!.end}] and '${cutText(entry.name)}' [${entry.begin}, ${entry.end}] overlap`,
      );
    }
    if (entry.begin > position) {
      const before = previous === undefined ? 'before the first tensor' : `between '${cutText(previous.name)}' and '${cutText(entry.name)}'`;
      throw new ConfigError(`safetensors: data bytes [${position}, ${entry.begin}) ${before} belong to no tensor`);
    }
    position = entry.end;
    previous = entry;
  }
  if (position !== dataLength) {
    const after = previous === undefined ? 'and the header declares no tensor' : `after the last tensor '${cutText(previous.name)}'`;
    throw new ConfigError(`safetensors: data bytes [${position}, ${dataLength}) ${after} belong to no tensor`);
  }
}

function decode(view: DataView, start: number, dtype: SafetensorsFloatDtype, count: number): Float32Array {
  const value = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) value[i] = view.getFloat32(start + 4 * i, true);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) value[i] = view.getFloat64(start + 8 * i, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) value[i] = halfToFloat(view.getUint16(start + 2 * i, true));
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32: shift its bits back into place.
      const bits = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        bits.setUint32(0, view.getUint16(start + 2 * i, true) << 16);
        value[i] = bits.getFloat32(0);
      }
      break;
    }
  }
  return value;
}

/**
 * IEEE 754 binary16 → number. Bits s|eeeee|ffffffffff:
 *   e = 0          (−1)ˢ · f/1024 · 2⁻¹⁴   (zero and subnormals; 0x0001 = 2⁻²⁴ ≈ 5.96e-8)
 *   e = 31         f = 0 → (−1)ˢ·∞, else NaN
 *   otherwise      (−1)ˢ · (1 + f/1024) · 2^(e−15)
 * Every half is exactly a float32, so nothing is rounded.
 */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** `[2,3]`; a shape of thousands of dimensions is cut to a line. */
function shapeText(shape: readonly unknown[]): string {
  return cutText(`[${shape.join(',')}]`);
}

/** Orders as the reference writer does: by Unicode code point, which is UTF-8 byte order. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = left[i].codePointAt(0)! - right[i].codePointAt(0)!;
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
