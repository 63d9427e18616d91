/**
 * Layout: what a file's text says beyond its cells' content — blank lines
 * between blocks, fence lengths, spacing in info strings, line endings.
 *
 * The serializer has one way to write each thing. When a file read from disk
 * was written another way, the difference is kept in the cell's (or the
 * notebook's) metadata under {@link LAYOUT_KEY}, and the serializer writes it
 * back that way while it still fits the cell. A file the serializer wrote
 * itself has no layout at all, so its cells carry only the user's metadata.
 */
import { closesFence } from './fences';
import { LAYOUT_KEY, type JsonObject } from './cell-json';
import type { LineEnding } from './fences';

/** How one cell's text differs from the serializer's way of writing it. */
export interface CellLayout {
  /** The text between the previous block and this cell, when not one blank line; unused while the cell is first. */
  gap?: string;
  /** An empty cell's text held one empty line rather than none (inside a code fence, or after a cell marker). */
  emptyLine?: boolean;
  /** The opening fence's backtick count, when longer than the code needs. */
  fence?: number;
  /** The opening fence's info string, when spaced differently from `nnlab {json}`. */
  info?: string;
  /** The closing fence line, when not the opening fence's backticks alone. */
  closer?: string;
  /** The output block's lines, when not written one compact JSON line per output. */
  outputs?: string;
  /** A markdown cell began with a cell marker the serializer would not have needed. */
  marker?: boolean;
  /** A markdown cell holds cell markers whose extent did not fit the file, and had no extent of its own. */
  bare?: boolean;
}

/** How the whole file differs from the serializer's way of writing it. */
export interface NotebookLayout {
  /** The file began with a byte order mark. */
  bom?: boolean;
  /** The file's line endings, when not `\n`. */
  eol?: Exclude<LineEnding, 'lf'>;
  /** Blank lines before the first cell, when there are any. */
  start?: string;
  /** The text after the last cell, when not a single line break. */
  end?: string;
}

/** Longest fence kept from a file; a longer one is written at the length the code needs. */
const MAX_FENCE = 1000;

function layoutOf(metadata: JsonObject | undefined): JsonObject {
  const layout = metadata?.[LAYOUT_KEY];
  return typeof layout === 'object' && layout !== null && !Array.isArray(layout) ? (layout as JsonObject) : {};
}

function stringField(layout: JsonObject, key: string): string | undefined {
  const value = layout[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads a cell's layout, dropping any field of the wrong type: metadata can
 * be edited by hand, and a bad field should cost only that field.
 */
export function readCellLayout(metadata: JsonObject | undefined): CellLayout {
  const raw = layoutOf(metadata);
  const layout: CellLayout = {};
  const gap = stringField(raw, 'gap');
  if (gap !== undefined) layout.gap = gap;
  const fence = raw.fence;
  if (typeof fence === 'number' && Number.isInteger(fence) && fence >= 3 && fence <= MAX_FENCE) layout.fence = fence;
  const info = stringField(raw, 'info');
  if (info !== undefined) layout.info = info;
  const closer = stringField(raw, 'closer');
  if (closer !== undefined) layout.closer = closer;
  const outputs = stringField(raw, 'outputs');
  if (outputs !== undefined) layout.outputs = outputs;
  if (raw.emptyLine === true) layout.emptyLine = true;
  if (raw.marker === true) layout.marker = true;
  if (raw.bare === true) layout.bare = true;
  return layout;
}

/** Reads a notebook's layout, dropping any field of the wrong type. */
export function readNotebookLayout(metadata: JsonObject | undefined): NotebookLayout {
  const raw = layoutOf(metadata);
  const layout: NotebookLayout = {};
  if (raw.bom === true) layout.bom = true;
  if (raw.eol === 'crlf' || raw.eol === 'mixed') layout.eol = raw.eol;
  const start = stringField(raw, 'start');
  if (start !== undefined) layout.start = start;
  const end = stringField(raw, 'end');
  if (end !== undefined) layout.end = end;
  return layout;
}

/** `metadata` with `layout` added under the layout key when it has any field; undefined when both are empty. */
export function withLayout(
  metadata: JsonObject | undefined,
  layout: CellLayout | NotebookLayout,
): JsonObject | undefined {
  const hasLayout = Object.keys(layout).length > 0;
  if (!hasLayout) return metadata;
  return { ...metadata, [LAYOUT_KEY]: layout };
}

/** What the serializer writes between two blocks: one blank line. */
export const CANONICAL_GAP = '\n\n';

/**
 * Whether a kept gap can still be written: the line break that ends the block
 * before, then blank lines only — so no gap can glue text to a closing fence
 * or indent a fence.
 */
export function gapFits(gap: string): boolean {
  return /^\n([ \t\r]*\n)*$/.test(gap);
}

/** Whether kept text can open the file before the first cell: whole blank lines only. */
export function startFits(start: string): boolean {
  return /^([ \t\r]*\n)*$/.test(start);
}

/** Whether a kept text can follow the last cell: blank lines and spaces only. */
export function endFits(end: string): boolean {
  return /^[ \t\r\n]*$/.test(end);
}

/** Whether a kept closing fence still closes a fence of `length` backticks, on one line. */
export function closerFits(closer: string, length: number): boolean {
  return !closer.includes('\n') && closesFence(closer, '`', length);
}
