/**
 * The output block that follows a code cell: found only in the exact form
 * the serializer writes, so a block edited into another shape stays text.
 * Both the block scan and the check of a markdown text that would follow a
 * code cell directly use it.
 */
import { findCloser, type Line } from './fences';
import { OUTPUT_LANGUAGE, parseOutputLines } from './cell-json';
import type { CellOutputData } from './output-data';

const OUTPUT_OPENER = '```' + OUTPUT_LANGUAGE;

/** An output block as found: its last line, its outputs and its lines as written. */
export interface OutputBlock {
  readonly last: number;
  readonly outputs: CellOutputData[];
  readonly text: string;
}

/**
 * The output block starting at line `at` and closed before line `to`, if it
 * is exactly what the serializer writes around its lines and every line is
 * an output. A block that is not (broken JSON, a blank line inside) is left
 * to the scan as an ordinary fenced block, so its text stays as markdown.
 */
export function outputBlockAt(text: string, lines: readonly Line[], at: number, to = lines.length): OutputBlock | undefined {
  if (at >= to || text.slice(lines[at].start, lines[at].end) !== OUTPUT_OPENER) return undefined;
  const close = findCloser(text, lines, at + 1, { indent: '', char: '`', length: 3, info: OUTPUT_LANGUAGE }, to);
  if (close <= at + 1 || text.slice(lines[close].start, lines[close].end) !== '```') return undefined;
  const body = text.slice(lines[at + 1].start, lines[close - 1].end);
  const outputs = parseOutputLines(body);
  return outputs === undefined ? undefined : { last: close, outputs, text: body };
}
