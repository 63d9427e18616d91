/**
 * Finds the blocks of a `.nnlab` text that become cells: code blocks (with the
 * output block right after them) and markdown cell markers. Everything the
 * scan does not return is markdown. Other fenced blocks — any language, `~~~`,
 * indented, or an `nnlab` fence whose info string is not a cell's — are
 * stepped over whole, so an example of the format inside them stays text.
 */
import { findCloser, fenceOpener, isBlank, splitLines, type Line } from './fences';
import { outputBlockAt } from './output-block';
import { parseCellMarker, parseCodeInfo, parseNotebookHeader, type JsonObject } from './cell-json';
import type { CellOutputData } from './output-data';
import { formatLinesOf, isCodeOpener, markerRequired, type CellKind, type TextPlace } from './markdown-text';

/** A ```` ```nnlab ```` block, from the start of its opening line to the end (before the line break) of its last line. */
export interface CodeBlock {
  readonly kind: 'code';
  readonly start: number;
  readonly end: number;
  readonly source: string;
  /** The block held one empty line, which reads as the empty cell like a block with no line. */
  readonly emptyLine: boolean;
  readonly metadata?: JsonObject;
  /** Backticks in the opening fence. */
  readonly fence: number;
  /** The opening fence's info string as written. */
  readonly info: string;
  /** The closing fence line as written. */
  readonly closer: string;
  readonly outputs?: CellOutputData[];
  /** The output block's lines as written. */
  readonly outputText?: string;
}

/**
 * A `<!-- nnlab-cell -->` line, which starts a markdown cell. A marker that
 * gives the cell's extent, and fits, ends where the cell's text does.
 */
export interface CellMarkerLine {
  readonly kind: 'marker';
  readonly start: number;
  readonly end: number;
  readonly metadata?: JsonObject;
  /** The cell's text, when the marker gives its extent in lines. */
  readonly source?: string;
}

/** What a scan finds, in file order. */
export interface Scan {
  /** The notebook's metadata and where its header line ends, when the text starts with one. */
  readonly header?: { readonly end: number; readonly metadata: JsonObject };
  readonly blocks: readonly (CodeBlock | CellMarkerLine)[];
}

/**
 * Scans a text whose line breaks are `\n` (a `\r` before one is part of its
 * line); `bom`: the file began with a byte order mark, now removed.
 */
export function scanBlocks(text: string, bom = false): Scan {
  const lines = splitLines(text);
  const lineText = (i: number): string => text.slice(lines[i].start, lines[i].end);
  const extents = new Extents(text, lines);
  const blocks: (CodeBlock | CellMarkerLine)[] = [];
  let header: Scan['header'];
  let i = 0;
  if (lines.length > 0) {
    const metadata = parseNotebookHeader(lineText(0));
    if (metadata !== undefined) {
      header = { end: lines[0].end, metadata };
      i = 1;
    }
  }
  /** Whether text other than blank lines came after the last block, i.e. a markdown cell. */
  let prose = false;
  /** The kind of the cell before the current line. */
  const previous = (): CellKind | undefined => {
    const last = blocks.at(-1);
    if (prose) return 'markdown';
    return last === undefined ? undefined : last.kind === 'code' ? 'code' : 'markdown';
  };
  const push = (block: CodeBlock | CellMarkerLine): void => {
    blocks.push(block);
    prose = false;
  };
  while (i < lines.length) {
    const line = lineText(i);
    const opener = fenceOpener(line);
    if (opener !== undefined) {
      const close = findCloser(text, lines, i + 1, opener);
      // An unclosed fence runs to the end of the file (CommonMark §4.5), all of it markdown.
      if (close < 0) break;
      const cell = isCodeOpener(opener) ? parseCodeInfo(opener.info) : undefined;
      if (cell === undefined) {
        prose = true;
        i = close + 1;
        continue;
      }
      // The content's last line break belongs to the closing fence, so a cell's
      // source never has to end in one; no line at all is the empty cell.
      const content = text.slice(lines[i].end + 1, lines[close].start);
      const code: CodeBlock = {
        kind: 'code',
        start: lines[i].start,
        end: lines[close].end,
        source: content.slice(0, -1),
        emptyLine: content === '\n',
        metadata: cell.metadata,
        fence: opener.length,
        info: opener.info,
        closer: lineText(close),
      };
      const output = outputBlockAt(text, lines, close + 1);
      if (output === undefined) {
        push(code);
        i = close + 1;
      } else {
        push({ ...code, end: lines[output.last].end, outputs: output.outputs, outputText: output.text });
        i = output.last + 1;
      }
      continue;
    }
    const marker = parseCellMarker(line);
    if (marker !== undefined && marker.lines === undefined) {
      push({ kind: 'marker', start: lines[i].start, end: lines[i].end, metadata: marker.metadata });
      i++;
      continue;
    }
    if (marker?.lines !== undefined) {
      // Where the text would stand without a marker decides whether it needs the extent (markdown-text.ts).
      const before = previous();
      const last = blocks.at(-1);
      const afterBareCode = !prose && last?.kind === 'code' && last.outputs === undefined && lines[i].start === last.end + 1;
      const place: TextPlace = markerRequired(marker.metadata, before) ? {} : { top: before === undefined && header === undefined, bom, afterBareCode };
      const cell = extents.cellAt(i, marker.lines, place);
      // An extent that does not fit (lines deleted by hand) leaves the marker as prose, read as any other line.
      if (cell !== undefined) {
        push({ kind: 'marker', start: lines[i].start, end: cell.end, metadata: marker.metadata, source: cell.source });
        i = cell.next;
        continue;
      }
    }
    if (!isBlank(line)) prose = true;
    i++;
  }
  return { header, blocks };
}

/** The text of an extent marker's cell, where it ends, and the line after it. */
interface ExtentCell {
  readonly source: string;
  readonly end: number;
  readonly next: number;
}

/**
 * Decides which cell markers that give an extent fit: the lines are there,
 * their text is one the serializer would write with an extent at that place,
 * and only blank lines come between it and the next block or the end of the
 * file — exactly what the serializer writes, so a file it wrote reads back
 * byte for byte and one edited by hand falls back to plain reading. Whether
 * the next block is one can depend on the next extent marker, and so on down
 * a run of them: the run is resolved in a loop and remembered, not by
 * recursion, so a long run costs neither stack nor time.
 */
class Extents {
  /** Verdicts for markers after a markdown cell, whose place is always "after a marker". */
  private readonly known = new Map<number, boolean>();
  /** For each line, the first line from it on that is not blank (or the line count); made when first needed. */
  private nonBlank: Int32Array | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: readonly Line[],
  ) {}

  cellAt(at: number, count: number, place: TextPlace): ExtentCell | undefined {
    const cell = this.cell(at, count);
    if (cell === undefined) return undefined;
    const step = this.step(at, cell, place);
    const fits = typeof step === 'boolean' ? step : this.runFits(step);
    return fits ? cell : undefined;
  }

  private lineText(i: number): string {
    return this.text.slice(this.lines[i].start, this.lines[i].end);
  }

  /** The `count` lines after line `at`, if the text has them; a text ending in a line break ends in an empty line. */
  private cell(at: number, count: number): ExtentCell | undefined {
    const { lines, text } = this;
    const last = at + count;
    let end: number;
    if (last < lines.length) end = lines[last].end;
    else if (last === lines.length && text.endsWith('\n')) end = text.length;
    else return undefined;
    return { source: text.slice(lines[at].end + 1, end), end, next: Math.min(last + 1, lines.length) };
  }

  /** Whether the marker at `at` fits, or the line of the extent marker after it on which that depends. */
  private step(at: number, cell: ExtentCell, place: TextPlace): boolean | number {
    const { lines } = this;
    const next = this.nonBlankFrom(cell.next);
    const last = next === lines.length;
    if (formatLinesOf(this.text, lines, at + 1, cell.next, { ...place, last }, true) === 'none') return false;
    if (last) return true;
    const line = this.lineText(next);
    const opener = fenceOpener(line);
    if (opener !== undefined) return isCodeOpener(opener) && findCloser(this.text, lines, next + 1, opener) >= 0;
    const marker = parseCellMarker(line);
    if (marker === undefined) return false;
    return marker.lines === undefined ? true : next;
  }

  private nonBlankFrom(line: number): number {
    if (this.nonBlank === undefined) {
      const count = this.lines.length;
      this.nonBlank = new Int32Array(count + 1);
      this.nonBlank[count] = count;
      for (let i = count - 1; i >= 0; i--) this.nonBlank[i] = isBlank(this.lineText(i)) ? this.nonBlank[i + 1] : i;
    }
    return this.nonBlank[line];
  }

  /** Whether the extent marker at `first`, which follows a markdown cell, fits. */
  private runFits(first: number): boolean {
    const run: number[] = [];
    let at = first;
    let fits: boolean;
    for (;;) {
      const known = this.known.get(at);
      if (known !== undefined) {
        fits = known;
        break;
      }
      run.push(at);
      const count = parseCellMarker(this.lineText(at))?.lines ?? 0;
      const cell = this.cell(at, count);
      const step = cell === undefined ? false : this.step(at, cell, {});
      if (typeof step === 'boolean') {
        fits = step;
        break;
      }
      at = step;
    }
    // Each marker in the run fits exactly when the one after it does.
    for (const line of run) this.known.set(line, fits);
    return fits;
  }
}
