import type { SourceLocation } from '../protocol/cell-output';

/** Offsets of a cell's text as a location people read: 1-based line and column. */
export function locate(cell: number, text: string, start: number, end: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < start && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { cell, start, end, line, column: start - lineStart + 1 };
}
