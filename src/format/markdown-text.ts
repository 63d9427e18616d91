/**
 * When a markdown cell's text can be written as it is, and when it needs a
 * cell marker before it, or a marker that gives its extent in lines. A
 * markdown cell has no fence of its own: the reader ends it at the next
 * block. A text holding a line the reader takes for format — a column-0
 * ```` ```nnlab ```` block, a fence left open, a cell marker, a header line
 * at the top of the file, an output block right after a code cell — would
 * not read back as itself, so it is written after
 * `<!-- nnlab-cell {"nnlab.lines":N} -->` and the reader takes those N lines
 * whole (docs/file-format.md, "Blocks").
 */
import { findCloser, fenceOpener, isBlank, splitLines, type FenceOpener, type Line } from './fences';
import { parseCellMarker, parseCodeInfo, parseNotebookHeader, userMetadata, type JsonObject } from './cell-json';
import { outputBlockAt } from './output-block';

/** A cell's kind, as the cell before a markdown cell decides whether it needs a marker. */
export type CellKind = 'markdown' | 'code';

const BOM = '\uFEFF';

/**
 * Whether a markdown cell must be written after a `<!-- nnlab-cell -->` line
 * to be found: it carries metadata, or follows another markdown cell (the
 * two would read back as one). A text that is only blank lines needs one too
 * (see {@link needsMarker}).
 */
export function markerRequired(metadata: JsonObject | undefined, previous: CellKind | undefined): boolean {
  return userMetadata(metadata) !== undefined || previous === 'markdown';
}

/**
 * Whether a markdown cell is written after a cell marker even when its text
 * needs no extent: {@link markerRequired}, or its text holds only blank
 * lines (which read back as the space between cells).
 */
export function needsMarker(source: string, metadata: JsonObject | undefined, previous: CellKind | undefined): boolean {
  return markerRequired(metadata, previous) || isBlank(source);
}

/** Where a markdown cell's text stands in the file, for the lines whose reading depends on it. */
export interface TextPlace {
  /** The text opens the file: no header, cell or marker before it, so its first line could read as the header. */
  readonly top?: boolean;
  /** The file starts with a byte order mark; otherwise one that starts a text at the top is taken for the file's. */
  readonly bom?: boolean;
  /** No cell follows, so a fence the text leaves open swallows nothing. */
  readonly last?: boolean;
  /** The text starts on the line after a code cell's closing fence, no output block between: one there would be that cell's. */
  readonly afterBareCode?: boolean;
}

/**
 * What in a text the reader would take for format: nothing; only cell
 * markers that give an extent (which are format only where the extent fits
 * what follows, so a file can hold them as prose); or anything else.
 */
export type FormatLines = 'none' | 'extentMarkers' | 'other';

/**
 * Finds format lines in the text of lines `from` to `to` (exclusive) of
 * `text`, read where `place` says. Fences closed inside the text are stepped
 * over as the reader steps over them; `firstOnly` stops at the first find.
 */
export function formatLinesOf(
  text: string,
  lines: readonly Line[],
  from: number,
  to: number,
  place: TextPlace,
  firstOnly: boolean,
): FormatLines {
  const lineText = (i: number): string => text.slice(lines[i].start, lines[i].end);
  if (place.top === true && from < to) {
    if (place.bom !== true && text.startsWith(BOM, lines[from].start)) return 'other';
    if (parseNotebookHeader(lineText(from)) !== undefined) return 'other';
  }
  if (place.afterBareCode === true && outputBlockAt(text, lines, from, to) !== undefined) return 'other';
  let found: FormatLines = 'none';
  for (let i = from; i < to; i++) {
    const line = lineText(i);
    const opener = fenceOpener(line);
    if (opener !== undefined) {
      const close = findCloser(text, lines, i + 1, opener, to);
      // A fence left open takes in the cells after the text; in the last cell there are none.
      if (close < 0) return place.last === true ? found : 'other';
      if (isCodeOpener(opener)) return 'other';
      i = close;
      continue;
    }
    const marker = parseCellMarker(line);
    if (marker === undefined) continue;
    if (marker.lines === undefined) return 'other';
    found = 'extentMarkers';
    if (firstOnly) return found;
  }
  return found;
}

/** Whether a fence opener starts a code cell (when it is closed). */
export function isCodeOpener(opener: FenceOpener): boolean {
  return opener.indent === '' && opener.char === '`' && parseCodeInfo(opener.info) !== undefined;
}

/**
 * A source as the file will hold it: a `\r\n` inside it is written as the
 * file's line ending (in a file of mixed line endings it is kept as it is,
 * `\r` inside the line).
 */
export function sourceAsWritten(source: string, mixed: boolean): string {
  return mixed ? source : source.replace(/\r\n/g, '\n');
}

/**
 * The number of lines to write in the cell marker of a markdown cell whose
 * text would not read back as itself, or undefined when it would. `bare`:
 * the file held the text without an extent, its only format lines being
 * cell markers whose extent did not fit there; while that is still so, no
 * extent is asked for (the serializer checks that the file still reads
 * back, since an edit elsewhere can make such a marker fit).
 */
export function markdownExtent(source: string, place: TextPlace, options: { bare: boolean; mixed: boolean }): number | undefined {
  const text = sourceAsWritten(source, options.mixed);
  const lines = splitLines(text);
  const found = formatLinesOf(text, lines, 0, lines.length, place, !options.bare);
  const needed = found === 'other' || (found === 'extentMarkers' && !options.bare);
  return needed ? text.split('\n').length : undefined;
}

/** What a markdown text read without an extent holds: {@link FormatLines}, found where `place` says. */
export function formatLinesIn(text: string, place: TextPlace): FormatLines {
  const lines = splitLines(text);
  return formatLinesOf(text, lines, 0, lines.length, place, false);
}
