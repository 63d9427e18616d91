/**
 * Line-level Markdown facts the `.nnlab` format rests on: where lines start
 * and end, which lines open and close a fenced code block, and which line
 * ending a file uses. The fence rules are those of CommonMark 0.31 §4.5
 * "Fenced code blocks" (https://spec.commonmark.org/0.31.2/#fenced-code-blocks),
 * restricted to top-level blocks: list items, block quotes and HTML blocks are
 * not interpreted, so a fence inside them is read as if it stood alone.
 */

/** One line of a text: `text.slice(start, end)` is its content, without the `\n`. */
export interface Line {
  readonly start: number;
  readonly end: number;
}

/** Splits at `\n` only; a `\r` stays in the line, so nothing is lost. A text ending in `\n` has no empty last line. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    lines.push({ start, end });
    start = end + 1;
  }
  return lines;
}

/** The opening line of a fenced code block. */
export interface FenceOpener {
  /** The 0–3 spaces before the fence. */
  readonly indent: string;
  readonly char: '`' | '~';
  /** How many fence characters; the closing fence needs at least as many. */
  readonly length: number;
  /** Everything after the fence characters, untrimmed. */
  readonly info: string;
}

const OPENER = /^( {0,3})(`{3,}|~{3,})([^\n]*)$/;
const CLOSER = /^ {0,3}(`{3,}|~{3,})[ \t\r]*$/;

/**
 * Reads a line as the opening fence of a code block, or undefined. A
 * backtick fence whose info string holds a backtick is not a fence
 * (CommonMark example 145), because inline code could start there.
 */
export function fenceOpener(line: string): FenceOpener | undefined {
  const match = OPENER.exec(line);
  if (match === null) return undefined;
  const fence = match[2];
  const char = fence[0] as '`' | '~';
  if (char === '`' && match[3].includes('`')) return undefined;
  return { indent: match[1], char, length: fence.length, info: match[3] };
}

/**
 * Whether `line` closes a fence of `length` `char`s: the same character, at
 * least as many, at most 3 spaces before and only spaces, tabs or a stray
 * `\r` after (a `\r` ends a line in CommonMark, so a CRLF line read as LF
 * still closes).
 */
export function closesFence(line: string, char: '`' | '~', length: number): boolean {
  const match = CLOSER.exec(line);
  return match !== null && match[1][0] === char && match[1].length >= length;
}

/** The index of the first line from `from` on (and before `to`) that closes the fence, or −1 when the fence runs to the end. */
export function findCloser(text: string, lines: readonly Line[], from: number, opener: FenceOpener, to = lines.length): number {
  for (let i = from; i < to; i++) {
    if (closesFence(text.slice(lines[i].start, lines[i].end), opener.char, opener.length)) return i;
  }
  return -1;
}

/**
 * The shortest backtick fence that keeps `source` inside it: three, or one
 * more than the longest line of backticks alone that would otherwise close it
 * (so code holding a ``` line is written inside ````).
 */
export function shortestFence(source: string): number {
  let length = 3;
  for (const line of source.split('\n')) {
    const match = CLOSER.exec(line);
    if (match !== null && match[1][0] === '`') length = Math.max(length, match[1].length + 1);
  }
  return length;
}

/**
 * How a file ends its lines. `crlf` means every line break is `\r\n` and
 * turning them into `\n` and back gives the same bytes; `mixed` is anything
 * else that contains `\r\n`, kept byte for byte with the `\r`s inside lines.
 */
export type LineEnding = 'lf' | 'crlf' | 'mixed';

/** Classifies the line endings of `text` (see {@link LineEnding}). */
export function lineEndingOf(text: string): LineEnding {
  if (!text.includes('\r\n')) return 'lf';
  if (/(^|[^\r])\n/.test(text)) return 'mixed';
  // "\r\r\n" would read as "\r\n" inside a line and be lost when written back.
  if (text.replace(/\r\n/g, '\n').includes('\r\n')) return 'mixed';
  return 'crlf';
}

/** Whether `text` holds only spaces, tabs and line breaks (or nothing). */
export function isBlank(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
