/**
 * The `.nnlab` notebook file: Markdown in which each ```` ```nnlab ```` block
 * is a code cell, its last outputs follow it in a ```` ```nnlab-output ````
 * block, and all other text is markdown cells. docs/file-format.md describes
 * the format; this module reads and writes it without `vscode`, so the
 * extension's serializer, the CLI and the tests share it.
 *
 * Guarantees: reading never throws and never drops text, and for every text
 * `t`, `serializeNotebook(deserializeNotebook(t)) === t`. What is not the
 * serializer's own way of writing is kept as layout (see `layout.ts`). A
 * notebook reads back as the cells written: a markdown text holding lines
 * the reader would take for format is written with its extent in lines
 * (see `markdown-text.ts`).
 */
import { scanBlocks, type CodeBlock, type CellMarkerLine } from './blocks';
import {
  cellMarker,
  codeInfo,
  metadataKey,
  notebookHeader,
  outputLines,
  parseCodeInfo,
  parseOutputLines,
  userMetadata,
  OUTPUT_LANGUAGE,
  type JsonObject,
} from './cell-json';
import { isBlank, lineEndingOf, shortestFence } from './fences';
import { formatLinesIn, markdownExtent, needsMarker, sourceAsWritten, type TextPlace } from './markdown-text';
import {
  CANONICAL_GAP,
  closerFits,
  endFits,
  gapFits,
  startFits,
  readCellLayout,
  readNotebookLayout,
  withLayout,
  type CellLayout,
  type NotebookLayout,
} from './layout';
import type { CellOutputData } from './output-data';

export { CELL_LANGUAGE, LAYOUT_KEY } from './cell-json';
export type { CellOutputData, CellOutputItemData } from './output-data';

/** A cell as VS Code's `NotebookCellData` carries it; code cells are in {@link CELL_LANGUAGE}. */
export interface NotebookCellData {
  kind: 'markdown' | 'code';
  source: string;
  /** The user's metadata, plus the cell's layout under {@link LAYOUT_KEY} when its text was written another way. */
  metadata?: Record<string, unknown>;
  /** Code cells only; markdown cells' outputs are not written. */
  outputs?: CellOutputData[];
}

/** A notebook as VS Code's `NotebookData` carries it. */
export interface NotebookData {
  cells: NotebookCellData[];
  /** Written as the `<!-- nnlab-notebook {…} -->` first line; the file's layout lives under {@link LAYOUT_KEY}. */
  metadata?: Record<string, unknown>;
}

/** Options of {@link serializeNotebook}. */
export interface SerializeOptions {
  /** Write each code cell's outputs after it, so a reopened notebook shows its last results. Default true. */
  saveOutputs?: boolean;
}

const BOM = '\uFEFF';

/**
 * The blank lines that separate a markdown cell from what follows: one
 * blank line before another block, one line break at the end of the file.
 * Fewer are kept as layout; more stay in the markdown, where they were typed.
 */
function separatorAtEnd(text: string, atEnd: boolean): string {
  if (atEnd) return text.endsWith('\n') ? '\n' : '';
  return text.endsWith('\n\n') ? '\n\n' : '\n';
}

/** Turns a scan into cells, one text region at a time; every character lands in a cell or a layout field. */
class CellReader {
  readonly cells: NotebookCellData[] = [];
  /** Whether a header or cell has been read, i.e. the next cell is not first in the file. */
  private started: boolean;
  private previous: NotebookCellData['kind'] | undefined;
  /** The text between the last cell read (or the file's start) and the next one. */
  private gap = '';
  /** Blank lines before the first cell, when there is no header. */
  start = '';
  /** A marker whose cell takes the region after it. */
  private marker: CellMarkerLine | undefined;
  private position: number;

  constructor(
    private readonly text: string,
    headerEnd: number | undefined,
    /** The file began with a byte order mark. */
    private readonly bom: boolean,
  ) {
    this.started = headerEnd !== undefined;
    this.position = headerEnd ?? 0;
  }

  block(block: CodeBlock | CellMarkerLine): void {
    this.region(block.start, false);
    if (block.kind === 'marker') this.marker = block;
    else this.code(block);
    this.position = block.end;
  }

  /** Reads the rest of the text and returns what follows the last cell. */
  finish(): string {
    this.region(this.text.length, true);
    return this.gap;
  }

  /** What the serializer writes after the last cell: a line break, or nothing in an empty file. */
  get canonicalEnd(): string {
    return this.started ? '\n' : '';
  }

  private region(to: number, atEnd: boolean): void {
    const between = this.text.slice(this.position, to);
    const marker = this.marker;
    if (marker?.source !== undefined) {
      // The marker gave the cell's extent, and the scan checked that only blank lines follow it.
      this.markdown(marker.source, marker.metadata, 'extent', atEnd);
      this.marker = undefined;
      this.gap = between;
    } else if (marker !== undefined) {
      // "<!-- nnlab-cell -->" is followed by "\n" + source, or by nothing when the source is empty.
      const separator = separatorAtEnd(between, atEnd);
      const middle = between.slice(0, between.length - separator.length);
      this.markdown(middle.slice(1), marker.metadata, middle === '\n' ? 'emptyLine' : 'marker', atEnd);
      this.marker = undefined;
      this.gap = separator;
    } else if (isBlank(between)) {
      this.gap = between;
    } else {
      this.gap = !this.started ? '' : between.startsWith('\n\n') ? '\n\n' : '\n';
      const rest = between.slice(this.gap.length);
      const separator = separatorAtEnd(rest, atEnd);
      this.markdown(rest.slice(0, rest.length - separator.length), undefined, 'none', atEnd);
      this.gap = separator;
    }
  }

  /**
   * `marked`: whether a marker line starts the cell, one giving its extent, or
   * one followed by one empty line and no source; `last`: no cell follows.
   */
  private markdown(source: string, metadata: JsonObject | undefined, marked: 'none' | 'marker' | 'extent' | 'emptyLine', last: boolean): void {
    const top = !this.started;
    const layout = this.gapLayout();
    if ((marked === 'marker' || marked === 'emptyLine') && !needsMarker(source, metadata, this.previous)) layout.marker = true;
    if (marked === 'emptyLine') layout.emptyLine = true;
    // Text read without an extent can hold cell markers whose extent did not fit here; it is written back the same way.
    const place: TextPlace = marked === 'none' ? { top, bom: this.bom, last } : { last };
    if (marked !== 'extent' && formatLinesIn(source, place) !== 'none') layout.bare = true;
    this.push({ kind: 'markdown', source, metadata: withLayout(metadata, layout) });
  }

  private code(block: CodeBlock): void {
    const layout = this.gapLayout();
    if (block.emptyLine) layout.emptyLine = true;
    if (block.fence !== shortestFence(block.source)) layout.fence = block.fence;
    if (block.info !== codeInfo(block.metadata)) layout.info = block.info;
    if (block.closer !== '`'.repeat(block.fence)) layout.closer = block.closer;
    if (block.outputs !== undefined && block.outputText !== outputLines(block.outputs)) layout.outputs = block.outputText;
    const cell: NotebookCellData = { kind: 'code', source: block.source, metadata: withLayout(block.metadata, layout) };
    if (block.outputs !== undefined) cell.outputs = block.outputs;
    this.push(cell);
  }

  /** A first cell's gap belongs to the file (it stays at the top if the cell moves); any other to the cell. */
  private gapLayout(): CellLayout {
    if (!this.started) {
      this.start = this.gap;
      return {};
    }
    return this.gap === CANONICAL_GAP ? {} : { gap: this.gap };
  }

  private push(cell: NotebookCellData): void {
    if (cell.metadata === undefined) delete cell.metadata;
    this.cells.push(cell);
    this.started = true;
    this.previous = cell.kind;
  }
}

/**
 * Reads a `.nnlab` text. Never throws; text that is not a recognised block
 * (see docs/file-format.md) is markdown, byte for byte.
 */
export function deserializeNotebook(text: string): NotebookData {
  const layout: NotebookLayout = {};
  let body = text;
  if (body.startsWith(BOM)) {
    layout.bom = true;
    body = body.slice(BOM.length);
  }
  const eol = lineEndingOf(body);
  if (eol !== 'lf') layout.eol = eol;
  if (eol === 'crlf') body = body.replace(/\r\n/g, '\n');

  const scan = scanBlocks(body, layout.bom === true);
  const reader = new CellReader(body, scan.header?.end, layout.bom === true);
  for (const block of scan.blocks) reader.block(block);
  const end = reader.finish();
  if (reader.start !== '') layout.start = reader.start;
  if (end !== reader.canonicalEnd) layout.end = end;

  const metadata = withLayout(scan.header?.metadata, layout);
  return metadata === undefined ? { cells: reader.cells } : { cells: reader.cells, metadata };
}

/**
 * Writes a notebook as `.nnlab` text: one blank line between blocks, `\n`
 * line endings, code in the shortest fence that holds it — except where the
 * cells' layout says the file was written otherwise and that still fits.
 */
export function serializeNotebook(data: NotebookData, options: SerializeOptions = {}): string {
  const saveOutputs = options.saveOutputs ?? true;
  const text = writeNotebook(data, saveOutputs, true);
  // A cell kept without an extent holds markers whose extent did not fit the file; an edit around it can make one fit.
  const bare = data.cells.some((cell) => cell.kind === 'markdown' && readCellLayout(cell.metadata).bare === true);
  return !bare || readsBack(text, data) ? text : writeNotebook(data, saveOutputs, false);
}

/** {@link serializeNotebook}; `keepBare`: write markdown cells kept without an extent (layout `bare`) that way. */
function writeNotebook(data: NotebookData, saveOutputs: boolean, keepBare: boolean): string {
  const layout = readNotebookLayout(data.metadata);
  const own = userMetadata(data.metadata);
  const mixed = layout.eol === 'mixed';
  let text = own === undefined ? '' : notebookHeader(own);
  let first = own === undefined;
  let previous: NotebookCellData | undefined;
  /** The last cell's text when the reader ends it at the next block (a markdown cell with no extent). */
  let openEnded: string | undefined;
  /** Whether the last cell is a markdown cell with its extent, whose last line a kept end must not run on. */
  let extentEnded = false;
  data.cells.forEach((cell, index) => {
    const cellLayout = readCellLayout(cell.metadata);
    const gapFollows = (gap: string): boolean => gapFits(gap) && separatorFollows(openEnded, gap, false);
    let gap = first ? kept(layout.start, startFits, '') : kept(cellLayout.gap, gapFollows, CANONICAL_GAP);
    openEnded = undefined;
    extentEnded = false;
    if (cell.kind === 'code') text += gap + codeText(cell, cellLayout, saveOutputs);
    else {
      const bareCode = previous?.kind === 'code' && !(saveOutputs && (previous.outputs?.length ?? 0) > 0);
      const place = { top: first, bom: layout.bom === true, last: index === data.cells.length - 1, afterBareCode: bareCode && gap === '\n' };
      const markdown = markdownText(cell, cellLayout, previous?.kind, place, { mixed, keepBare });
      // Unmarked, the text begins where the gap ends: the reader must find the same gap, not a blank line of the text.
      if (!markdown.marked && !leadingGapFits(gap, markdown.text, first)) gap = first ? '' : CANONICAL_GAP;
      text += gap + markdown.text;
      if (markdown.extent) extentEnded = true;
      else openEnded = markdown.text;
    }
    first = false;
    previous = cell;
  });
  const endFollows = (end: string): boolean => separatorFollows(openEnded, end, true) && (!extentEnded || end === '' || end.startsWith('\n'));
  text += kept(layout.end, (end) => endFits(end) && endFollows(end), first ? '' : '\n');
  // A cell edited on Windows may bring "\r\n" into a "\n" file; the file keeps one line ending.
  if (!mixed) text = text.replace(/\r\n/g, '\n');
  if (layout.eol === 'crlf') text = text.replace(/\n/g, '\r\n');
  return layout.bom === true ? BOM + text : text;
}

/** Whether `text` reads back as the cells of `data`, kinds and sources (with the file's line breaks). */
function readsBack(text: string, data: NotebookData): boolean {
  const mixed = readNotebookLayout(data.metadata).eol === 'mixed';
  const read = deserializeNotebook(text).cells;
  return read.length === data.cells.length && read.every((cell, i) => cell.kind === data.cells[i].kind && cell.source === sourceAsWritten(data.cells[i].source, mixed));
}

/**
 * Whether the reader finds `gap` before an unmarked markdown text: none at
 * the top of the file (blank lines there are the text's), else one blank
 * line or none, the text keeping any more.
 */
function leadingGapFits(gap: string, text: string, first: boolean): boolean {
  if (first) return gap === '';
  return ((gap + text).startsWith('\n\n') ? '\n\n' : '\n') === gap;
}

/** The kept text when there is one and it still fits, else what the serializer writes. */
function kept(text: string | undefined, fits: (text: string) => boolean, otherwise: string): string {
  return text !== undefined && fits(text) ? text : otherwise;
}

/**
 * A markdown cell's text, after a cell marker when it needs one to be found,
 * and after one that gives its extent when the text holds lines the reader
 * would take for format. `place`: where the text would stand unmarked.
 */
function markdownText(
  cell: NotebookCellData,
  layout: CellLayout,
  previous: NotebookCellData['kind'] | undefined,
  place: TextPlace,
  options: { mixed: boolean; keepBare: boolean },
): { text: string; marked: boolean; extent: boolean } {
  const needed = layout.marker === true || needsMarker(cell.source, cell.metadata, previous);
  const bare = options.keepBare && layout.bare === true;
  const lines = markdownExtent(cell.source, needed ? { last: place.last } : place, { bare, mixed: options.mixed });
  const extent = lines !== undefined;
  const marked = needed || extent;
  if (!marked) return { text: cell.source, marked, extent };
  const marker = cellMarker(cell.metadata, lines);
  if (cell.source === '') return { text: layout.emptyLine === true ? `${marker}\n` : marker, marked, extent };
  return { text: `${marker}\n${cell.source}`, marked, extent };
}

/**
 * Whether a kept gap (or end of file) can follow a markdown cell's text that
 * the reader ends at the next block: the reader must take exactly the gap for
 * the separator, so a text that now ends in a line break (a line added at
 * the end) does not lose it to a single-line gap.
 */
function separatorFollows(openEnded: string | undefined, gap: string, atEnd: boolean): boolean {
  return openEnded === undefined || separatorAtEnd(openEnded.slice(-2) + gap, atEnd) === gap;
}

function codeText(cell: NotebookCellData, layout: CellLayout, saveOutputs: boolean): string {
  const { source } = cell;
  const fence = '`'.repeat(Math.max(shortestFence(source), layout.fence ?? 0));
  const info = kept(layout.info, (i) => infoFits(i, cell.metadata), codeInfo(cell.metadata));
  const closer = kept(layout.closer, (c) => closerFits(c, fence.length), fence);
  const content = source === '' ? (layout.emptyLine === true ? '\n' : '') : `${source}\n`;
  let text = `${fence}${info}\n${content}${closer}`;
  const outputs = cell.outputs ?? [];
  if (saveOutputs && outputs.length > 0) {
    const lines = kept(layout.outputs, (l) => outputsFit(l, outputs), outputLines(outputs));
    text += `\n\`\`\`${OUTPUT_LANGUAGE}\n${lines}\n\`\`\``;
  }
  return text;
}

/** A kept info string is written only while it still says the cell's metadata. */
function infoFits(info: string, metadata: JsonObject | undefined): boolean {
  const read = parseCodeInfo(info);
  return read !== undefined && !info.includes('`') && metadataKey(read.metadata) === metadataKey(metadata);
}

/** Kept output lines are written only while they still say the cell's outputs. */
function outputsFit(lines: string, outputs: readonly CellOutputData[]): boolean {
  const read = parseOutputLines(lines);
  return read !== undefined && outputLines(read) === outputLines(outputs);
}
