import { loadCsvFile } from '../../../src/engine/data/csv';
import { ConfigError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/rng';
import { decodeUtf8, Utf8Error } from '../../../src/engine/utf8';
import { readSafetensors, readWeightsJson, writeSafetensors, writeWeightsJson } from '../../../src/engine/weights';
import { crashText, fuzzRounds } from '../../fuzz-rounds';

/**
 * A seeded fuzz of the readers of user files: CSV tables (from bytes, through
 * the strict UTF-8 decoder), safetensors and JSON weight files. Inputs are
 * valid files with bytes and tokens changed, and files built to hurt: values
 * nested thousands deep, megabyte cells and names, 20,000 columns, numbers a
 * float32 cannot hold, bytes that are not UTF-8. A ConfigError is the
 * expected answer to a bad file; anything else thrown is a crash, and so is a
 * message over 3,000 characters. Shared by the test suite (a few seconds) and
 * longer runs, so both try the same kinds of input.
 */

/** One input a reader crashed on, or answered wrongly. */
export interface ReaderCrash {
  readonly generator: string;
  /** The input's first 200 characters (bytes shown as Latin-1). */
  readonly input: string;
  readonly error: string;
}

/** What a fuzz run found. */
export interface ReaderFuzzFigures {
  readonly inputs: number;
  readonly crashes: readonly ReaderCrash[];
  /** ConfigErrors, i.e. inputs refused as they should be. */
  readonly refused: number;
  /** The input that took longest. */
  readonly slowest: { readonly ms: number; readonly generator: string; readonly bytes: number };
  /** Inputs tried, by generator. */
  readonly byGenerator: Readonly<Record<string, number>>;
}

/** The longest message a reader may give, whatever the input. */
export const LONGEST_MESSAGE = 3000;

const encoder = new TextEncoder();

const CSV_SEEDS = [
  'sepal_length,petal_width,species\n5.1,0.2,setosa\n7.0,1.4,versicolor\n6.3,2.5,virginica\n4.9,0.2,setosa\n',
  'y,a,b\r\n1.5,1,2\r\n2.5,3,4\r\n0.5,-1e-3,.5\r\n',
  '\uFEFF"length, cm","width",y\n"1.5",2,"Iris, setosa"\n3,4,"say ""hi"""\n5,6,"two\nlines"\n',
  'a,b,c,y\n1,2,3,0\n4,5,6,1\n7,8,9,0\n10,11,12,1\n',
];
const CSV_TOKENS = ['0x10', '0b11', '0o7', '1e39', '-1e400', '3.4028235e38', 'NaN', 'Infinity', '"', '""', ',', '\n', '\r', '\r\n', '\uFEFF', 'constructor', '__proto__', 'toString', '1_000', '+.e', '\u0000', '\ud800', 'é'];
const TARGETS = ['y', 'species', 'a', 'constructor', '__proto__', '', 'y'.repeat(200)];
const TASKS = [undefined, 'auto', 'classification', 'regression'] as const;
/** Bytes that are never UTF-8 where they stand, or only as part of a sequence. */
const BAD_BYTES = [0xff, 0xfe, 0xc0, 0xc3, 0xe9, 0x80, 0xed, 0xf4, 0xf5];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

function tensor(name: string, shape: number[], values: number[]) {
  return { name, shape, value: Float32Array.from(values) };
}

const WEIGHT_SEEDS = [
  [tensor('0.weight', [2, 3], [0.1, -0.25, 1, 2, 3, 4]), tensor('0.bias', [2], [0, Number.NaN])],
  [tensor('a', [], [7]), tensor('b', [0, 4], []), tensor('10.weight', [1, 1], [-0])],
];
const SAFETENSORS_SEEDS = WEIGHT_SEEDS.map((tensors) => writeSafetensors(tensors, { format: 'pt' }));
const JSON_SEEDS = WEIGHT_SEEDS.map((tensors) => writeWeightsJson(tensors, { seed: '1' }));

/** A random JSON value as text: sometimes thousands deep, huge, or of a type no reader expects. */
function jsonValue(rng: Rng, depth = 0): string {
  const kind = rng.int(depth > 3 ? 6 : 10);
  switch (kind) {
    case 0:
      return String(rng.int(20));
    case 1:
      return pick(rng, ['-1', '1.5', '1e400', '-0', '9007199254740993', '1e39', '0']);
    case 2:
      return pick(rng, ['null', 'true', 'false']);
    case 3:
      return JSON.stringify(pick(rng, ['F32', 'F16', 'BF16', 'F64', 'I64', 'NaN', 'Infinity', 'constructor', '__proto__', '']));
    case 4:
      return JSON.stringify('s'.repeat(rng.int(200_000)));
    case 5:
      // Never closed: the file is not JSON at all.
      return '['.repeat(1 + rng.int(6000));
    case 6: {
      const depthOf = 1 + rng.int(6000);
      return `${'['.repeat(depthOf)}1${']'.repeat(depthOf)}`;
    }
    case 7: {
      const depthOf = 1 + rng.int(6000);
      return `${'{"k":'.repeat(depthOf)}1${'}'.repeat(depthOf)}`;
    }
    case 8:
      return `[${Array.from({ length: rng.int(5) }, () => jsonValue(rng, depth + 1)).join(',')}]`;
    default:
      return `{${Array.from({ length: rng.int(4) }, () => `${JSON.stringify(pick(rng, ['a', 'shape', 'dtype', 'values', '__proto__']))}:${jsonValue(rng, depth + 1)}`).join(',')}}`;
  }
}

/** Byte edits: flips, bad bytes, cuts, copies and inserted text, a few of each. */
function mutateBytes(rng: Rng, source: Uint8Array, tokens: readonly string[]): Uint8Array {
  let bytes = Array.from(source);
  for (let edit = 1 + rng.int(6); edit > 0; edit--) {
    const at = rng.int(bytes.length + 1);
    const choice = rng.int(6);
    if (choice === 0 && bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] ^= 1 << rng.int(8);
    else if (choice === 1) bytes.splice(at, 0, pick(rng, BAD_BYTES));
    else if (choice === 2) bytes.splice(at, 1 + rng.int(16));
    else if (choice === 3) bytes.splice(at, 0, ...bytes.slice(at, at + rng.int(40)));
    else if (choice === 4) bytes.splice(at, 0, ...encoder.encode(pick(rng, tokens)));
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

/** A safetensors file from header text, with a length prefix that fits it (so the header's JSON is what is tested). */
function safetensorsFile(header: string, data: Uint8Array): Uint8Array {
  const json = encoder.encode(header);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

function headerOf(file: Uint8Array): { header: string; data: Uint8Array } {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  return { header: new TextDecoder().decode(file.subarray(8, 8 + length)), data: file.subarray(8 + length) };
}

type Input = { readonly bytes: number; readonly run: () => void; readonly text: string };
type Generator = (rng: Rng) => Input;

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes.subarray(0, 200));

function csvInput(rng: Rng, bytes: Uint8Array): Input {
  const options = { target: pick(rng, TARGETS), task: pick(rng, TASKS) };
  return { bytes: bytes.length, text: latin1(bytes), run: () => loadCsvFile('fuzz.csv', options, () => decodeUtf8(bytes)) };
}

const GENERATORS: Readonly<Record<string, Generator>> = {
  /** A valid table with bytes and tokens changed. */
  csvMutated(rng) {
    return csvInput(rng, mutateBytes(rng, encoder.encode(pick(rng, CSV_SEEDS)), CSV_TOKENS));
  },
  /** 20,000 columns, a megabyte cell or a thousand rows. */
  csvHuge(rng) {
    const shape = rng.int(3);
    let text: string;
    if (shape === 0) {
      const columns = 1 + rng.int(20_000);
      const names = Array.from({ length: columns }, (_, j) => (rng.uniform() < 0.001 ? 'c0' : `c${j}`));
      text = `${names.join(',')},y\n${'1,'.repeat(columns)}a\n${'2,'.repeat(columns)}b\n`;
    } else if (shape === 1) {
      const cell = pick(rng, ['z', '9', '"', ',', 'é']).repeat(rng.int(1_000_000));
      text = `a,y\n${cell},1\n2,0\n`;
    } else {
      text = `a,b,y\n${Array.from({ length: 1000 }, (_, i) => `${i},${pick(rng, CSV_TOKENS.concat(['1', '2.5']))},${i % 3}`).join('\n')}`;
    }
    return csvInput(rng, encoder.encode(text));
  },
  /** A valid safetensors file with bytes changed anywhere, the length prefix included. */
  safetensorsBytes(rng) {
    const bytes = mutateBytes(rng, pick(rng, SAFETENSORS_SEEDS), ['{', '}', '"', '[', '0', '"F16"']);
    return { bytes: bytes.length, text: latin1(bytes), run: () => readSafetensors(bytes, { unsupported: pick(rng, ['error', 'skip'] as const) }) };
  },
  /** A valid header with one field's value replaced by a random, possibly deep, JSON value. */
  safetensorsHeader(rng) {
    const { header, data } = headerOf(pick(rng, SAFETENSORS_SEEDS));
    const fields = [/"dtype":"[^"]*"/g, /"shape":\[[^\]]*\]/g, /"data_offsets":\[[^\]]*\]/g, /"format":"[^"]*"/g, /"__metadata__":\{[^}]*\}/g];
    const field = pick(rng, fields);
    const changed = header.replace(field, (match) => (rng.uniform() < 0.7 ? `${match.slice(0, match.indexOf(':'))}:${jsonValue(rng)}` : match));
    const bytes = safetensorsFile(rng.uniform() < 0.1 ? `{${JSON.stringify('n'.repeat(rng.int(1_000_000)))}:${jsonValue(rng)}}` : changed, data);
    return { bytes: bytes.length, text: latin1(bytes), run: () => readSafetensors(bytes) };
  },
  /** A valid JSON weight file with characters and tokens changed. */
  weightsJsonMutated(rng) {
    const bytes = mutateBytes(rng, encoder.encode(pick(rng, JSON_SEEDS)), ['[', ']', '{', '}', '"NaN"', '1e39', 'null', ',', '"']);
    const text = new TextDecoder().decode(bytes);
    return { bytes: bytes.length, text: text.slice(0, 200), run: () => readWeightsJson(text) };
  },
  /** A JSON weight file whose format, version, metadata, shape or values is a random, possibly deep, value. */
  weightsJsonFields(rng) {
    const value = (): string => jsonValue(rng);
    const parts = {
      format: rng.uniform() < 0.8 ? '"nnlab-weights"' : value(),
      version: rng.uniform() < 0.8 ? '1' : value(),
      metadata: rng.uniform() < 0.7 ? '{"seed": "1"}' : `{"k": ${value()}}`,
      shape: rng.uniform() < 0.5 ? '[2]' : value(),
      values: rng.uniform() < 0.3 ? '[1, "NaN"]' : rng.uniform() < 0.5 ? `[1, ${value()}]` : value(),
    };
    const text = `{"format": ${parts.format}, "version": ${parts.version}, "metadata": ${parts.metadata}, "tensors": {"w": {"shape": ${parts.shape}, "values": ${parts.values}}}}`;
    return { bytes: text.length, text: text.slice(0, 200), run: () => readWeightsJson(text) };
  },
  /** Random bytes, mostly ASCII: the strict decoder must agree with the lenient one about where text stops being UTF-8. */
  utf8(rng) {
    const bytes = Uint8Array.from({ length: rng.int(64) }, () => (rng.uniform() < 0.7 ? 0x20 + rng.int(0x5f) : rng.int(256)));
    const run = (): void => {
      const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      try {
        if (decodeUtf8(bytes) !== lenient) throw new Error('decoded differently from TextDecoder');
      } catch (error) {
        if (!(error instanceof Utf8Error)) throw error;
        // Everything before the named byte is UTF-8, and the lenient decoder did replace something.
        decodeUtf8(bytes.subarray(0, error.offset));
        if (!lenient.includes('\uFFFD')) throw new Error(`refused at byte ${error.offset}, but TextDecoder replaced nothing`);
        throw new ConfigError(error.message);
      }
    };
    return { bytes: bytes.length, text: latin1(bytes), run };
  },
};

/** Tries generated inputs for `seconds`, from `seed`, and counts crashes and the slowest input. */
export function fuzzReaders(options: { seed: number; seconds: number }): ReaderFuzzFigures {
  const rng = new Rng(options.seed);
  const crashes: ReaderCrash[] = [];
  let slowest = { ms: 0, generator: '', bytes: 0 };
  let refused = 0;
  const counts = fuzzRounds(Object.keys(GENERATORS), options.seconds, (generator) => {
    const input = GENERATORS[generator](rng);
    const started = performance.now();
    try {
      input.run();
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        crashes.push({ generator, input: input.text, error: crashText(error) });
      } else if (error.message.length > LONGEST_MESSAGE) {
        crashes.push({ generator, input: input.text, error: `a ${error.message.length}-character message: ${error.message.slice(0, 300)}` });
      } else refused++;
    }
    const ms = performance.now() - started;
    if (ms > slowest.ms) slowest = { ms, generator, bytes: input.bytes };
  });
  return { ...counts, crashes, refused, slowest };
}
