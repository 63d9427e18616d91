/**
 * The syntax layer of the cell language: `parseCell` turns a cell's text into
 * a syntax tree and a list of problems, never throwing; `tokenize` gives the
 * tokens underneath, for highlighting and completion. No `vscode` import:
 * offsets become editor ranges only in the extension.
 */

export { parseCell } from './parser';
export { tokenize } from './scanner';
export type { PlainTokenKind, ScanError, Token, TokenKind } from './scanner';
export type * from './nodes';
