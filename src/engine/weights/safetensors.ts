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

/** The integer dtypes this reader and writer handle, as plain numbers. */
export type SafetensorsIntegerDtype = 'I8' | 'I16' | 'I32' | 'I64' | 'U8' | 'U16' | 'U32' | 'U64';
const INTEGER: readonly SafetensorsIntegerDtype[] = ['I8', 'I16', 'I32', 'I64', 'U8', 'U16', 'U32', 'U64'];

/**
 * The reference writer lays tensors out by descending dtype alignment (its
 * enum order, largest first), then by name; this is that enum's order for
 * the dtypes written here.
 */
const WRITE_RANK: Readonly<Record<'F32' | SafetensorsIntegerDtype, number>> = { U8: 0, I8: 1, I16: 2, U16: 3, I32: 4, U32: 5, F32: 6, I64: 7, U64: 8 };

/**
 * An integer tensor such as PyTorch's batch-norm counter `num_batches_tracked`
 * (I64, shape []). Values are numbers, exact up to 2^53.
 */
export interface IntegerTensor {
  readonly name: string;
  readonly dtype: SafetensorsIntegerDtype;
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

/** The reference implementation refuses headers over 100 MB; so does this reader. */
const MAX_HEADER_BYTES = 100_000_000;

/** Options of readSafetensors. */
export interface ReadSafetensorsOptions {
  /**
   * What to do with a tensor whose dtype is valid but neither a float type
   * this reader converts nor an integer type (BOOL, the 8-bit floats):
   * 'error' (the default) throws, 'skip' leaves it out and lists it in
   * `skipped`.
   */
  readonly unsupported?: 'error' | 'skip';
}

/** What readSafetensors returns. */
export interface SafetensorsContents {
  /** The float tensors in file order (by data offset); values converted to float32. */
  readonly tensors: NamedTensor[];
  /** The integer tensors (counters such as `num_batches_tracked`) in file order. */
  readonly integers: IntegerTensor[];
  /** The free-form `__metadata__` map; empty when the file has none. */
  readonly metadata: Record<string, string>;
  /** Tensors left out with `unsupported: 'skip'`. */
  readonly skipped: { readonly name: string; readonly dtype: string }[];
}

/**
 * Writes float tensors as F32 and integer tensors in their own dtype, byte
 * for byte as the reference writer does: tensors ordered by descending dtype
 * alignment (so an I64 counter precedes every F32 tensor), then by name in
 * byte order of the UTF-8 names (`10.weight` precedes `2.weight`);
 * `__metadata__` first, compact JSON, the header padded with spaces to a
 * multiple of 8 so the data stays 8-byte aligned. Metadata keys are written
 * sorted so the same weights always give the same bytes.
 */
export function writeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Readonly<Record<string, string>> = {},
  integers: readonly IntegerTensor[] = [],
): Uint8Array {
  const seen = new Set<string>();
  const checkName = (name: string, shape: readonly number[], count: number): void => {
    if (name === '__metadata__') throw new ConfigError("safetensors: a tensor cannot be named '__metadata__' (the key is reserved for metadata)");
    if (seen.has(name)) throw new ConfigError(`safetensors: two tensors are named '${name}'`);
    seen.add(name);
    if (!shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0) || elementCount(shape) !== count) {
      throw new ConfigError(`safetensors: tensor '${name}' has shape ${shapeText(shape)} but holds ${count} values`);
    }
  };
  for (const tensor of tensors) checkName(tensor.name, tensor.shape, tensor.value.length);
  for (const tensor of integers) {
    checkName(tensor.name, tensor.shape, tensor.values.length);
    if (!INTEGER.includes(tensor.dtype)) throw new ConfigError(`safetensors: tensor '${tensor.name}': ${String(tensor.dtype)} is not an integer dtype (${INTEGER.join(', ')} are)`);
    const [low, high] = integerRange(tensor.dtype);
    const bad = tensor.values.findIndex((value) => !Number.isSafeInteger(value) || value < low || value > high);
    if (bad >= 0) throw new ConfigError(`safetensors: tensor '${tensor.name}': value ${tensor.values[bad]} at index ${bad} is not a whole number a ${tensor.dtype} holds`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw new ConfigError(`safetensors: metadata '${key}' must be a string, got ${typeof value}`);
  }

  const all: { name: string; dtype: 'F32' | SafetensorsIntegerDtype; shape: readonly number[]; values: ArrayLike<number> }[] = [
    ...tensors.map(({ name, shape, value }) => ({ name, dtype: 'F32' as const, shape, values: value })),
    ...integers.map(({ name, dtype, shape, values }) => ({ name, dtype, shape, values })),
  ];
  const ordered = all.sort((a, b) => WRITE_RANK[b.dtype] - WRITE_RANK[a.dtype] || compareCodePoints(a.name, b.name));
  const entries: string[] = [];
  const metadataKeys = Object.keys(metadata).sort(compareCodePoints);
  if (metadataKeys.length > 0) {
    entries.push(`"__metadata__":{${metadataKeys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(metadata[key])}`).join(',')}}`);
  }
  let offset = 0;
  for (const tensor of ordered) {
    const end = offset + tensor.values.length * DTYPE_SIZES[tensor.dtype];
    // Built by hand: a JS object would move integer-like names ("0") to the front.
    entries.push(`${JSON.stringify(tensor.name)}:{"dtype":"${tensor.dtype}","shape":[${tensor.shape.join(',')}],"data_offsets":[${offset},${end}]}`);
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
    const size = DTYPE_SIZES[tensor.dtype];
    for (let i = 0; i < tensor.values.length; i++, position += size) {
      if (tensor.dtype === 'F32') view.setFloat32(position, tensor.values[i], true);
      else writeInteger(view, position, tensor.dtype, tensor.values[i]);
    }
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
 * Reads a safetensors file: F32, F64, F16 and BF16 tensors into float32
 * values (F64 is rounded to the nearest float32, overflowing to ±Infinity),
 * integer tensors into `integers` as exact numbers (a 64-bit value beyond
 * ±2^53 is refused).
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
  const integers: IntegerTensor[] = [];
  const skipped: { name: string; dtype: string }[] = [];
  for (const entry of entries) {
    if ((INTEGER as readonly string[]).includes(entry.dtype)) {
      integers.push(readIntegers(view, 8 + headerLength, entry));
      continue;
    }
    if (!(READABLE as readonly string[]).includes(entry.dtype)) {
      if (unsupported === 'skip') {
        skipped.push({ name: entry.name, dtype: entry.dtype });
        continue;
      }
      throw new ConfigError(`safetensors: tensor '${cutText(entry.name)}': dtype ${entry.dtype} is not supported (${[...READABLE, ...INTEGER].join(', ')} are)`);
    }
    const value = decode(view, 8 + headerLength + entry.begin, entry.dtype as SafetensorsFloatDtype, elementCount(entry.shape));
    tensors.push({ name: entry.name, shape: entry.shape, value });
  }
  return { tensors, integers, metadata, skipped };
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

/** The smallest and largest value of an integer dtype, within what a number holds exactly. */
function integerRange(dtype: SafetensorsIntegerDtype): [number, number] {
  const bits = DTYPE_SIZES[dtype] * 8;
  if (dtype.startsWith('U')) return [0, Math.min(2 ** bits - 1, Number.MAX_SAFE_INTEGER)];
  return [Math.max(-(2 ** (bits - 1)), Number.MIN_SAFE_INTEGER), Math.min(2 ** (bits - 1) - 1, Number.MAX_SAFE_INTEGER)];
}

/** An integer tensor's values as numbers; a 64-bit value past ±2^53 is refused rather than rounded. */
function readIntegers(view: DataView, dataStart: number, entry: Entry): IntegerTensor {
  const dtype = entry.dtype as SafetensorsIntegerDtype;
  const size = DTYPE_SIZES[dtype];
  const count = elementCount(entry.shape);
  const values: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = dataStart + entry.begin + size * i;
    switch (dtype) {
      case 'I8': values[i] = view.getInt8(at); break;
      case 'U8': values[i] = view.getUint8(at); break;
      case 'I16': values[i] = view.getInt16(at, true); break;
      case 'U16': values[i] = view.getUint16(at, true); break;
      case 'I32': values[i] = view.getInt32(at, true); break;
      case 'U32': values[i] = view.getUint32(at, true); break;
      case 'I64':
      case 'U64': {
        const big = dtype === 'I64' ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
        if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw new ConfigError(`safetensors: tensor '${cutText(entry.name)}': ${dtype} value ${big} at index ${i} is beyond ±(2^53 − 1) and cannot be held exactly`);
        }
        values[i] = Number(big);
        break;
      }
    }
  }
  return { name: entry.name, dtype, shape: entry.shape, values };
}

function writeInteger(view: DataView, at: number, dtype: SafetensorsIntegerDtype, value: number): void {
  switch (dtype) {
    case 'I8': view.setInt8(at, value); break;
    case 'U8': view.setUint8(at, value); break;
    case 'I16': view.setInt16(at, value, true); break;
    case 'U16': view.setUint16(at, value, true); break;
    case 'I32': view.setInt32(at, value, true); break;
    case 'U32': view.setUint32(at, value, true); break;
    case 'I64': view.setBigInt64(at, BigInt(value), true); break;
    case 'U64': view.setBigUint64(at, BigInt(value), true); break;
  }
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
