import { ConfigError } from '../errors';
import type { NamedTensor } from '../model';
import { cutText, jsonPreview, listPreview } from '../text-limits';

/**
 * A readable JSON weight file, for diffs, hand edits and teaching:
 *
 *   {
 *     "format": "nnlab-weights",
 *     "version": 1,
 *     "metadata": {"seed": "1"},
 *     "tensors": {
 *       "0.weight": {"shape": [4, 3], "values": [
 *         0.1, -0.25, 1,
 *         …
 *       ]},
 *       …
 *     }
 *   }
 *
 * Each value is written as the shortest decimal that reads back as the same
 * float32, so a round trip is exact. JSON has no NaN or Infinity; they are
 * written as the strings "NaN", "Infinity" and "-Infinity", so a diverged run
 * can still be saved and inspected.
 */

/** The `format` field every file carries. */
export const WEIGHTS_JSON_FORMAT = 'nnlab-weights';
/** The layout version this module writes and reads. */
export const WEIGHTS_JSON_VERSION = 1;

/**
 * The shortest decimal text d with float32(d) = x, so a file stays short and
 * still reads back bit-exact. Nine significant digits always suffice for a
 * float32; most weights need fewer (float32(0.1) is written "0.1", not
 * "0.10000000149011612").
 */
export function float32Text(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(x, -0)) return '-0';
  const target = Math.fround(x);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(target.toPrecision(digits));
    if (Math.fround(candidate) === target) return String(candidate);
  }
  return String(Number(target.toPrecision(9)));
}

/**
 * Writes tensors in the given order (a state dict's layer order reads best),
 * one line per row of the last dimension.
 */
export function writeWeightsJson(tensors: readonly NamedTensor[], metadata: Readonly<Record<string, string>> = {}): string {
  const seen = new Set<string>();
  const blocks: string[] = [];
  for (const tensor of tensors) {
    if (seen.has(tensor.name)) throw new ConfigError(`weights json: two tensors are named '${tensor.name}'`);
    seen.add(tensor.name);
    const count = tensor.shape.reduce((product, dimension) => product * dimension, 1);
    if (count !== tensor.value.length) {
      throw new ConfigError(`weights json: tensor '${tensor.name}' has shape [${tensor.shape.join(', ')}] but holds ${tensor.value.length} values`);
    }
    const row = tensor.shape.length >= 2 ? Math.max(1, tensor.shape[tensor.shape.length - 1]) : Math.max(1, count);
    const lines: string[] = [];
    for (let start = 0; start < count; start += row) {
      const texts: string[] = [];
      for (let i = start; i < Math.min(count, start + row); i++) {
        const text = float32Text(tensor.value[i]);
        texts.push(Number.isFinite(tensor.value[i]) ? text : `"${text}"`);
      }
      lines.push(`        ${texts.join(', ')}`);
    }
    const values = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n      ]`;
    blocks.push(`    ${JSON.stringify(tensor.name)}: {"shape": [${tensor.shape.join(', ')}], "values": ${values}}`);
  }
  const metadataText = Object.keys(metadata)
    .map((key) => `${JSON.stringify(key)}: ${JSON.stringify(metadata[key])}`)
    .join(', ');
  return [
    '{',
    `  "format": "${WEIGHTS_JSON_FORMAT}",`,
    `  "version": ${WEIGHTS_JSON_VERSION},`,
    `  "metadata": {${metadataText}},`,
    blocks.length === 0 ? '  "tensors": {}' : `  "tensors": {\n${blocks.join(',\n')}\n  }`,
    '}',
    '',
  ].join('\n');
}

/** What readWeightsJson returns. */
export interface WeightsJsonContents {
  /** In the file's key order (JavaScript puts integer-like names such as "7" first). */
  readonly tensors: NamedTensor[];
  readonly metadata: Record<string, string>;
}

/** Reads a file written by writeWeightsJson; every malformed part throws a ConfigError naming it. */
export function readWeightsJson(text: string): WeightsJsonContents {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`weights json: not valid JSON (${cutText((error as Error).message, 200)})`);
  }
  if (!isObject(root)) throw new ConfigError('weights json: the file must hold a JSON object');
  if (root.format !== WEIGHTS_JSON_FORMAT) {
    throw new ConfigError(`weights json: format must be '${WEIGHTS_JSON_FORMAT}', got ${jsonPreview(root.format)}`);
  }
  if (root.version !== WEIGHTS_JSON_VERSION) {
    throw new ConfigError(`weights json: version ${jsonPreview(root.version)} is not supported (this reader reads version ${WEIGHTS_JSON_VERSION})`);
  }

  const metadata: Record<string, string> = {};
  if (root.metadata !== undefined) {
    if (!isObject(root.metadata)) throw new ConfigError('weights json: metadata must be an object of strings');
    for (const [key, value] of Object.entries(root.metadata)) {
      if (typeof value !== 'string') throw new ConfigError(`weights json: metadata '${cutText(key)}' must be a string, got ${jsonPreview(value)}`);
      metadata[key] = value;
    }
  }

  if (!isObject(root.tensors)) throw new ConfigError('weights json: tensors must be an object of {shape, values} entries');
  const tensors = Object.entries(root.tensors).map(([name, entry]) => readTensor(name, entry));
  return { tensors, metadata };
}

function readTensor(name: string, entry: unknown): NamedTensor {
  const fail = (what: string): never => {
    throw new ConfigError(`weights json: tensor '${cutText(name)}': ${what}`);
  };
  if (!isObject(entry)) return fail('must be an object with shape and values');
  const { shape, values } = entry;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    return fail(`shape must be a list of whole numbers ≥ 0, got ${listPreview(shape)}`);
  }
  if (!Array.isArray(values)) return fail(`values must be a list of numbers, got ${jsonPreview(values)}`);
  const count = (shape as number[]).reduce((product, dimension) => product * dimension, 1);
  if (values.length !== count) return fail(`shape ${cutText(`[${shape.join(', ')}]`)} needs ${count} values, got ${values.length}`);
  const value = new Float32Array(count);
  for (let i = 0; i < count; i++) value[i] = readValue(values[i], (what) => fail(`values[${i}] ${what}`));
  return { name, shape: [...(shape as number[])], value };
}

function readValue(raw: unknown, fail: (what: string) => never): number {
  if (typeof raw === 'number') {
    const rounded = Math.fround(raw);
    if (!Number.isFinite(rounded)) fail(`= ${raw} is outside the float32 range (±3.4028235e38)`);
    return rounded;
  }
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  return fail(`is not a number (got ${jsonPreview(raw)})`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
