import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/engine/rng';
import { LONGEST_MESSAGE } from '../engine/data/readers-fuzz-harness';
import { crashText, fuzzRounds } from '../fuzz-rounds';

/**
 * A seeded fuzz of the extension's notebook serializer (the class VS Code
 * calls to open and save a `.nnlab` file). Inputs are real notebooks with
 * bytes and tokens changed, and files built to hurt: fences opened and never
 * closed, fences of every length, output blocks of broken or deeply nested
 * JSON, megabyte lines, bytes that are not UTF-8, a byte order mark, mixed
 * line ends. For every input:
 *
 * - opening either gives a notebook or refuses with the not-UTF-8 message;
 *   anything else thrown is a crash, and so is a message over 3,000 characters;
 * - saving an opened notebook unedited gives back the very bytes opened;
 * - an edit survives: a cell's text changed, saved and opened again reads the same.
 *
 * Shared by the test suite (a few seconds) and `npm run fuzz` (longer).
 */

/** The serializer's two calls, as the extension's class has them. */
export interface NotebookSerializerUnderTest {
  deserializeNotebook(content: Uint8Array): { cells: { value: string }[] };
  serializeNotebook(data: { cells: { value: string }[] }): Uint8Array;
}

/** One input the serializer crashed on, or answered wrongly. */
export interface SerializerCrash {
  readonly generator: string;
  /** The input's first 200 characters (bytes shown as Latin-1). */
  readonly input: string;
  readonly error: string;
}

/** What a fuzz run found. */
export interface SerializerFuzzFigures {
  readonly inputs: number;
  readonly crashes: readonly SerializerCrash[];
  /** Files refused as not UTF-8, as they should be. */
  readonly refused: number;
  /** Files opened, saved back byte for byte and edited. */
  readonly roundTrips: number;
  readonly slowest: { readonly ms: number; readonly generator: string; readonly bytes: number };
  readonly byGenerator: Readonly<Record<string, number>>;
}

const NOT_UTF8 = 'This notebook is not UTF-8 text';
const encoder = new TextEncoder();

/** The notebooks the mutations start from: the format's corpus and the examples. */
export function seedNotebooks(root: string): string[] {
  const folders = [join(root, 'test', 'format', 'corpus'), join(root, 'examples')];
  return folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => file.endsWith('.nnlab'))
      .map((file) => readFileSync(join(folder, file), 'latin1')),
  );
}

const TOKENS = [
  '```',
  '````',
  '~~~',
  '```nnlab\n',
  '```nnlab-output\n',
  '```nnlab-output\n{"items":[{"mime":"image/png","text":"not base64 ~~"}]}\n```\n',
  '```nnlab-output\n{"items":[{"mime":"application/vnd.nnlab.run+json","text":"{\\"status\\":1}"}]}\n```\n',
  '<!-- nnlab',
  '-->',
  '{"metadata":',
  '\r\n',
  '\r',
  '\n\n',
  '\uFEFF',
  '\u0000',
  '\u2028',
  '😀',
  '\\ud800',
  '"',
  '}',
  '[',
];

/**
 * What an edit appends to a cell: a line of its own after the cell's text,
 * either a token inside a line (fence and marker text, characters JSON
 * escapes, line breaks) or a line the format reads itself — a fence opened
 * and never closed, a ```nnlab block, a cell marker — which a markdown cell
 * must carry through as text. A CRLF is left out: it is written as the
 * file's line ending (docs/file-format.md, "Notebooks read back as written").
 */
const EDIT_TOKENS = TOKENS.filter((token) => !token.includes('\r\n'));
const EDIT_LINES = [
  '```',
  '````',
  '```python',
  '~~~',
  '```nnlab',
  '```nnlab\ntrain epochs=1\n```',
  '```nnlab-output\n{"items":[{"mime":"text/plain","text":"hi"}]}\n```',
  '<!-- nnlab-cell -->',
  '<!-- nnlab-cell {"nnlab.lines":2} -->',
  '<!-- nnlab-notebook {"title":"T"} -->',
  '',
];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.uniform() * items.length)];
const latin1Bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const textBytes = (text: string): Uint8Array => encoder.encode(text);

/** An input: its bytes, and how to show it in a report. */
interface Input {
  readonly bytes: Uint8Array;
}

function mutateTokens(rng: Rng, seeds: readonly string[]): Input {
  // Seeds are read as Latin-1, so decoding them back to UTF-8 text first keeps their characters whole.
  let text = new TextDecoder().decode(latin1Bytes(pick(rng, seeds)));
  const edits = 1 + Math.floor(rng.uniform() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rng.uniform() * (text.length + 1));
    const roll = rng.uniform();
    if (roll < 0.5) text = text.slice(0, at) + pick(rng, TOKENS) + text.slice(at);
    else if (roll < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rng.uniform() * 40));
    else text = text.slice(0, at) + text.slice(at, at + 200) + text.slice(at);
  }
  return { bytes: textBytes(text) };
}

function flipBytes(rng: Rng, seeds: readonly string[]): Input {
  const bytes = latin1Bytes(pick(rng, seeds));
  const flips = 1 + Math.floor(rng.uniform() * 4);
  for (let i = 0; i < flips && bytes.length > 0; i++) bytes[Math.floor(rng.uniform() * bytes.length)] = Math.floor(rng.uniform() * 256);
  return { bytes };
}

function hostile(rng: Rng): Input {
  const kinds: (() => string)[] = [
    () => '```nnlab\n' + 'dense 8 relu\n'.repeat(1 + Math.floor(rng.uniform() * 3)),
    () => '`'.repeat(3 + Math.floor(rng.uniform() * 2000)) + 'nnlab\nx\n',
    () => '```nnlab\ndata xor\n```\n```nnlab-output\n' + '['.repeat(5000) + '\n```\n',
    () => '```nnlab\ndata xor\n```\n```nnlab-output\n{"items":[{"mime":"text/plain","text":"' + 'x'.repeat(1_000_000) + '"}]}\n```\n',
    () => '# ' + 'a'.repeat(1_000_000) + '\n',
    () => '\uFEFF\uFEFF```nnlab\ndata xor\n```\r\n```nnlab-output\r\n{}\r\n```\r',
    () => '```nnlab-output\n{"items":[]}\n```\n'.repeat(200),
    () => '<!-- nnlab ' + '{"a":'.repeat(3000) + ' -->\n```nnlab\nx\n```\n',
  ];
  return { bytes: textBytes(pick(rng, kinds)()) };
}

function notUtf8(rng: Rng, seeds: readonly string[]): Input {
  const text = latin1Bytes(pick(rng, seeds));
  const at = Math.floor(rng.uniform() * (text.length + 1));
  const bad = pick(rng, [[0xe9], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff, 0xfe]]);
  return { bytes: Uint8Array.from([...text.subarray(0, at), ...bad, ...text.subarray(at)]) };
}

const GENERATORS: Record<string, (rng: Rng, seeds: readonly string[]) => Input> = {
  tokens: mutateTokens,
  bytes: flipBytes,
  hostile: (rng) => hostile(rng),
  'not-utf8': notUtf8,
};

const shown = (bytes: Uint8Array): string => Array.from(bytes.subarray(0, 200), (b) => String.fromCharCode(b)).join('');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Opens, saves unedited, edits one cell and reopens; returns what went wrong, or undefined. */
function roundTrip(serializer: NotebookSerializerUnderTest, bytes: Uint8Array, rng: Rng): string | undefined {
  const data = serializer.deserializeNotebook(bytes);
  const saved = serializer.serializeNotebook(data);
  if (!sameBytes(saved, bytes)) return `saved unedited, ${bytes.length} bytes came back as ${saved.length} different bytes`;
  if (data.cells.length === 0) return undefined;
  const index = Math.floor(rng.uniform() * data.cells.length);
  const line = rng.uniform() < 0.5 ? `edited ${pick(rng, EDIT_TOKENS)} ✓` : pick(rng, EDIT_LINES);
  // After a text ending in "\r" the edit's line break would make a CRLF, which is written as the file's line ending.
  const edit = `${data.cells[index].value.endsWith('\r') ? ' ' : ''}\n${line}`;
  data.cells[index].value += edit;
  const values = data.cells.map((c) => c.value);
  const reopened = serializer.deserializeNotebook(serializer.serializeNotebook(data)).cells.map((c) => c.value);
  if (reopened.length !== values.length || reopened.some((value, i) => value !== values[i])) {
    return `cell ${index + 1} of ${values.length}, edited with ${JSON.stringify(edit)}, read back as ${JSON.stringify(reopened.slice(index, index + 2)).slice(0, 300)}`;
  }
  return undefined;
}

/** Feeds the serializer inputs from every generator in turn for `seconds`. */
export function fuzzSerializer(options: { seed: number; seconds: number; serializer: NotebookSerializerUnderTest; seeds: readonly string[] }): SerializerFuzzFigures {
  const rng = new Rng(options.seed);
  const crashes: SerializerCrash[] = [];
  let slowest = { ms: 0, generator: '', bytes: 0 };
  let refused = 0;
  let roundTrips = 0;
  const counts = fuzzRounds(Object.keys(GENERATORS), options.seconds, (generator) => {
    const { bytes } = GENERATORS[generator](rng, options.seeds);
    const started = performance.now();
    try {
      const wrong = roundTrip(options.serializer, bytes, rng);
      if (wrong === undefined) roundTrips++;
      else crashes.push({ generator, input: shown(bytes), error: wrong });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Error) || !message.startsWith(NOT_UTF8)) crashes.push({ generator, input: shown(bytes), error: crashText(error) });
      else if (message.length > LONGEST_MESSAGE) crashes.push({ generator, input: shown(bytes), error: `a ${message.length}-character message` });
      else refused++;
    }
    const ms = performance.now() - started;
    if (ms > slowest.ms) slowest = { ms, generator, bytes: bytes.length };
  });
  return { ...counts, crashes, refused, roundTrips, slowest };
}
