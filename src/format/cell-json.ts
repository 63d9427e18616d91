/**
 * The JSON a `.nnlab` file carries, and the one way each piece is written:
 * cell metadata in a fence's info string or a cell marker, notebook metadata
 * in the header line, and outputs as one JSON line each. A reader accepts a
 * piece only when it parses; whether it is also written exactly as the writer
 * would write it is checked by comparing with these functions' output.
 */
import type { CellOutputData, CellOutputItemData } from './output-data';

/** A JSON object as metadata holds it. */
export type JsonObject = Record<string, unknown>;

/**
 * The metadata key under which a cell or notebook keeps how its text was laid
 * out when that differs from what the serializer writes (see `layout.ts`).
 * It is never written into the file as metadata, so a file whose own metadata
 * uses this key is not read as cells.
 */
export const LAYOUT_KEY = 'nnlab.layout';

/**
 * The key under which a cell marker gives the number of lines of its
 * markdown cell, when the cell's text holds lines the reader would otherwise
 * take for format (see `markdown-text.ts`). Reserved like {@link LAYOUT_KEY}:
 * it is written only by the serializer, only in a cell marker, and never
 * read as the user's metadata.
 */
export const LINES_KEY = 'nnlab.lines';

/** Keys the format owns inside metadata JSON. */
const RESERVED_KEYS = [LAYOUT_KEY, LINES_KEY];

/** The language of every code cell. */
export const CELL_LANGUAGE = 'nnlab';

/** The info string of an output block's fence. */
export const OUTPUT_LANGUAGE = 'nnlab-output';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `text` as a JSON object, or undefined: never throws. */
function parseAnyObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const hasReservedKey = (value: JsonObject): boolean => RESERVED_KEYS.some((key) => key in value);

/** Parses `text` as a JSON object without the format's reserved keys, or undefined: never throws. */
function parseObject(text: string): JsonObject | undefined {
  const value = parseAnyObject(text);
  return value !== undefined && !hasReservedKey(value) ? value : undefined;
}

/** The metadata the user owns: everything but the format's reserved keys; undefined when that leaves nothing. */
export function userMetadata(metadata: JsonObject | undefined): JsonObject | undefined {
  if (metadata === undefined) return undefined;
  const own: JsonObject = {};
  let any = false;
  for (const [key, value] of Object.entries(metadata)) {
    if (RESERVED_KEYS.includes(key) || value === undefined) continue;
    own[key] = value;
    any = true;
  }
  return any ? own : undefined;
}

/**
 * One-line JSON that can sit in an info string or an HTML comment: a backtick
 * would end a backtick fence's info string and `>` could end the comment
 * (`-->`), so both are written as JSON escapes, which parse back unchanged.
 */
function inlineJson(value: JsonObject): string {
  return JSON.stringify(value).replace(/`/g, '\\u0060').replace(/>/g, '\\u003e');
}

/** The same metadata, written the one way the serializer writes it; '' for none. */
export function metadataKey(metadata: JsonObject | undefined): string {
  const own = userMetadata(metadata);
  return own === undefined ? '' : inlineJson(own);
}

/** Metadata read from a line; `metadata` is undefined when the line carries none. */
export interface ReadMetadata {
  readonly metadata?: JsonObject;
}

const CODE_INFO = /^[ \t]*nnlab(?:[ \t]+(\{[^\n]*\}))?[ \t\r]*$/;

/** The info string after a code cell's opening fence: `nnlab`, then the cell's metadata when it has any. */
export function codeInfo(metadata: JsonObject | undefined): string {
  const own = userMetadata(metadata);
  return own === undefined ? CELL_LANGUAGE : `${CELL_LANGUAGE} ${inlineJson(own)}`;
}

/**
 * Reads a fence's info string as a code cell's: `nnlab`, optionally followed
 * by whitespace and a JSON object. Anything else (`nnlab title`, broken JSON)
 * is not a code cell, so its block stays in the markdown around it.
 */
export function parseCodeInfo(info: string): ReadMetadata | undefined {
  const match = CODE_INFO.exec(info);
  if (match === null) return undefined;
  if (match[1] === undefined) return {};
  const metadata = parseObject(match[1]);
  return metadata === undefined ? undefined : { metadata };
}

/** Tagged HTML-comment lines: invisible on GitHub, one line each. */
function commentLine(tag: string, metadata: JsonObject | undefined): string {
  const own = userMetadata(metadata);
  return own === undefined ? `<!-- ${tag} -->` : `<!-- ${tag} ${inlineJson(own)} -->`;
}

/** Reads a comment line only when it is exactly what {@link commentLine} writes, so it always writes back the same. */
function parseCommentLine(tag: string, line: string): ReadMetadata | undefined {
  if (line === `<!-- ${tag} -->`) return {};
  const prefix = `<!-- ${tag} {`;
  if (!line.startsWith(prefix) || !line.endsWith('} -->')) return undefined;
  const metadata = parseObject(line.slice(prefix.length - 1, line.length - 4));
  if (metadata === undefined || commentLine(tag, metadata) !== line) return undefined;
  return { metadata };
}

const MARKER_TAG = 'nnlab-cell';
const HEADER_TAG = 'nnlab-notebook';

/**
 * The line that starts a markdown cell when it must be told apart or carries
 * metadata; `lines` is the cell's extent, when its text must be taken whole.
 */
export function cellMarker(metadata: JsonObject | undefined, lines?: number): string {
  if (lines === undefined) return commentLine(MARKER_TAG, metadata);
  return `<!-- ${MARKER_TAG} ${inlineJson({ [LINES_KEY]: lines, ...userMetadata(metadata) })} -->`;
}

/** A cell marker as read: its metadata, and the cell's extent when it gives one. */
export interface ReadCellMarker extends ReadMetadata {
  /** How many lines after the marker are the cell's text. */
  readonly lines?: number;
}

/** Reads a line as a markdown cell marker, or undefined; one giving an extent only as {@link cellMarker} writes it. */
export function parseCellMarker(line: string): ReadCellMarker | undefined {
  const plain = parseCommentLine(MARKER_TAG, line);
  if (plain !== undefined) return plain;
  const prefix = `<!-- ${MARKER_TAG} {`;
  if (!line.startsWith(prefix) || !line.endsWith('} -->')) return undefined;
  const value = parseAnyObject(line.slice(prefix.length - 1, line.length - 4));
  if (value === undefined || LAYOUT_KEY in value) return undefined;
  const { [LINES_KEY]: lines, ...own } = value;
  if (typeof lines !== 'number' || !Number.isSafeInteger(lines) || lines < 1) return undefined;
  const metadata = Object.keys(own).length > 0 ? own : undefined;
  if (cellMarker(metadata, lines) !== line) return undefined;
  return metadata === undefined ? { lines } : { lines, metadata };
}

/** The first line of a notebook that has metadata of its own. */
export function notebookHeader(metadata: JsonObject): string {
  return commentLine(HEADER_TAG, metadata);
}

/** Reads a line as the notebook header; only one that carries metadata counts. */
export function parseNotebookHeader(line: string): JsonObject | undefined {
  return parseCommentLine(HEADER_TAG, line)?.metadata;
}

/**
 * Whether `data` is an object or array already in `JSON.stringify` form, so
 * it can be embedded as JSON and read back as the same string.
 */
function isCompactJson(data: string): boolean {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null && JSON.stringify(value) === data;
  } catch {
    return false;
  }
}

/**
 * One output as one line: `{"items":[{"mime":…,"text":…}|{"mime":…,"json":…}],"metadata":…}`.
 * JSON data is embedded as JSON rather than as an escaped string, so the line
 * stays readable; an item is `json` only when that reads back byte for byte.
 */
function outputLine(output: CellOutputData): string {
  const items = output.items.map((item) =>
    isCompactJson(item.data) ? { mime: item.mime, json: JSON.parse(item.data) as unknown } : { mime: item.mime, text: item.data },
  );
  const metadata = userMetadata(output.metadata);
  return JSON.stringify(metadata === undefined ? { items } : { items, metadata });
}

function parseItem(value: unknown): CellOutputItemData | undefined {
  if (!isObject(value) || typeof value.mime !== 'string') return undefined;
  const hasText = typeof value.text === 'string';
  if (hasText === 'json' in value) return undefined;
  return { mime: value.mime, data: hasText ? (value.text as string) : JSON.stringify(value.json) };
}

/** Reads one output line, or undefined when it is not one (then the whole block stays markdown). */
function parseOutputLine(line: string): CellOutputData | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !Array.isArray(value.items)) return undefined;
  if (value.metadata !== undefined && !isObject(value.metadata)) return undefined;
  const items: CellOutputItemData[] = [];
  for (const raw of value.items) {
    const item = parseItem(raw);
    if (item === undefined) return undefined;
    items.push(item);
  }
  return value.metadata === undefined ? { items } : { items, metadata: value.metadata };
}

/** Reads the lines of an output block; undefined unless there is at least one and every one is an output. */
export function parseOutputLines(text: string): CellOutputData[] | undefined {
  const outputs: CellOutputData[] = [];
  for (const line of text.split('\n')) {
    const output = parseOutputLine(line);
    if (output === undefined) return undefined;
    outputs.push(output);
  }
  return outputs.length > 0 ? outputs : undefined;
}

/** The lines of an output block as the serializer writes them. */
export function outputLines(outputs: readonly CellOutputData[]): string {
  return outputs.map(outputLine).join('\n');
}
