/**
 * Finds the blocks of a `.nnlab` text that become cells: code blocks (with the
 * output block right after them) and markdown cell markers. Everything the
 * scan does not return is markdown. Other fenced blocks — any language, `~~~`,
 * indented, or an `nnlab` fence whose info string is not a cell's — are
 * stepped over whole, so an example of the format inside them stays text.
 */
import { findCloser, fenceOpener, splitLines, type Line } from './fences';
import {
  OUTPUT_LANGUAGE,
  parseCellMarker,
  parseCodeInfo,
  parseNotebookHeader,
  parseOutputLines,
  type JsonObject,
} from './cell-json';
import type { CellOutputData } from './output-data';

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

/** A `<!-- nnlab-cell -->` line, which starts a markdown cell. */
export interface CellMarkerLine {
  readonly kind: 'marker';
  readonly start: number;
  readonly end: number;
  readonly metadata?: JsonObject;
}

/** What a scan finds, in file order. */
export interface Scan {
  /** The notebook's metadata and where its header line ends, when the text starts with one. */
  readonly header?: { readonly end: number; readonly metadata: JsonObject };
  readonly blocks: readonly (CodeBlock | CellMarkerLine)[];
}

const OUTPUT_OPENER = '```' + OUTPUT_LANGUAGE;

/** Scans a text whose line breaks are `\n` (a `\r` before one is part of its line). */
export function scanBlocks(text: string): Scan {
  const lines = splitLines(text);
  const lineText = (i: number): string => text.slice(lines[i].start, lines[i].end);
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
  while (i < lines.length) {
    const line = lineText(i);
    const opener = fenceOpener(line);
    if (opener !== undefined) {
      const close = findCloser(text, lines, i + 1, opener);
      // An unclosed fence runs to the end of the file (CommonMark §4.5), all of it markdown.
      if (close < 0) break;
      const cell = opener.indent === '' && opener.char === '`' ? parseCodeInfo(opener.info) : undefined;
      if (cell === undefined) {
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
        blocks.push(code);
        i = close + 1;
      } else {
        blocks.push({ ...code, end: lines[output.last].end, outputs: output.outputs, outputText: output.text });
        i = output.last + 1;
      }
      continue;
    }
    const marker = parseCellMarker(line);
    if (marker !== undefined) blocks.push({ kind: 'marker', start: lines[i].start, end: lines[i].end, metadata: marker.metadata });
    i++;
  }
  return { header, blocks };
}

/**
 * The output block starting at line `at`, if it is exactly what the
 * serializer writes around its lines and every line is an output. A block
 * that is not (broken JSON, a blank line inside) is left to the scan as an
 * ordinary fenced block, so its text stays as markdown.
 */
function outputBlockAt(
  text: string,
  lines: readonly Line[],
  at: number,
): { last: number; outputs: CellOutputData[]; text: string } | undefined {
  if (at >= lines.length || text.slice(lines[at].start, lines[at].end) !== OUTPUT_OPENER) return undefined;
  const close = findCloser(text, lines, at + 1, { indent: '', char: '`', length: 3, info: OUTPUT_LANGUAGE });
  if (close <= at + 1 || text.slice(lines[close].start, lines[close].end) !== '```') return undefined;
  const body = text.slice(lines[at + 1].start, lines[close - 1].end);
  const outputs = parseOutputLines(body);
  return outputs === undefined ? undefined : { last: close, outputs, text: body };
}
