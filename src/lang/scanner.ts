/**
 * The scanner of the cell language: a cell's text in, every token with its
 * offsets out, trivia (whitespace, comments, line breaks) included so nothing
 * of the text is lost. Like jsonc-parser's scanner it never throws: a piece of
 * text it cannot read becomes a token with an `error` code, and the parser
 * turns that code into a message.
 *
 * Lexical rules (docs/language.md):
 * - `#` starts a comment to the end of the line.
 * - A name is `[A-Za-z_][A-Za-z0-9_-]*`; `-` is allowed inside because
 *   matching reads it as `_` (`he-normal` = `he_normal`). `then` is a name;
 *   only the parser gives it meaning.
 * - `true` and `false`, in any case (`True` as Python writes it), are booleans.
 * - A number is `-? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`:
 *   `3`, `-0.5`, `.5`, `1.`, `1e-5`, `2.5E3`. Letters, digits, `_`, `.`, `+`
 *   and `-` glued to a number are read with it, so `1.2.3`, `1e` and `32relu`
 *   are each one token with the 'invalid-number' error.
 * - A string is `"…"` on one line, with `\"` and `\\` escapes. Any other
 *   backslash is kept as written, so a Windows path `"runs\w.json"` reads as
 *   typed. A string that meets the end of its line is 'unterminated-string'
 *   and its token stops there.
 * - A line break is LF, CRLF or a lone CR. Spaces and tabs at the start of a
 *   line are one 'indent' token; elsewhere they are 'whitespace'.
 * - Any other character is 'unknown' ('unexpected-character'), one code point
 *   a token so a surrogate pair is never split.
 */

import type { Span, SyntaxProblemCode } from './nodes';

/** The problems a single token can carry. */
export type ScanError = Extract<SyntaxProblemCode, 'unexpected-character' | 'unterminated-string' | 'invalid-number'>;

/** Tokens that carry nothing but their kind and span. */
export type PlainTokenKind =
  | 'equals'
  | 'open-paren'
  | 'close-paren'
  | 'open-bracket'
  | 'close-bracket'
  | 'comma'
  | 'newline'
  | 'indent'
  | 'whitespace'
  | 'comment'
  | 'unknown'
  | 'end';

/** One token of a cell; `start` inclusive, `end` exclusive, as every span. */
export type Token = Span & { readonly error?: ScanError } & (
    | { readonly kind: 'name'; readonly text: string }
    | { readonly kind: 'number'; readonly text: string; readonly value: number }
    /** `value` has its escapes resolved; the span includes the quotes. */
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: PlainTokenKind }
  );

export type TokenKind = Token['kind'];

const enum Char {
  tab = 9,
  lineFeed = 10,
  carriageReturn = 13,
  space = 32,
  quote = 34,
  hash = 35,
  openParen = 40,
  closeParen = 41,
  plus = 43,
  comma = 44,
  minus = 45,
  dot = 46,
  digit0 = 48,
  digit9 = 57,
  equals = 61,
  upperA = 65,
  upperZ = 90,
  openBracket = 91,
  backslash = 92,
  closeBracket = 93,
  underscore = 95,
  lowerA = 97,
  lowerZ = 122,
}

const punctuation = new Map<number, PlainTokenKind>([
  [Char.equals, 'equals'],
  [Char.openParen, 'open-paren'],
  [Char.closeParen, 'close-paren'],
  [Char.openBracket, 'open-bracket'],
  [Char.closeBracket, 'close-bracket'],
  [Char.comma, 'comma'],
]);

/** The whole of a valid number; anything the scanner glued to it is checked against this. */
const numberPattern = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function isDigit(c: number): boolean {
  return c >= Char.digit0 && c <= Char.digit9;
}

function isLetter(c: number): boolean {
  return (c >= Char.lowerA && c <= Char.lowerZ) || (c >= Char.upperA && c <= Char.upperZ);
}

function isNameStart(c: number): boolean {
  return isLetter(c) || c === Char.underscore;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c) || c === Char.minus;
}

/** Characters read as part of a number token, valid or not. */
function isNumberPart(c: number): boolean {
  return isNamePart(c) || c === Char.dot || c === Char.plus;
}

function isLineBreak(c: number): boolean {
  return c === Char.lineFeed || c === Char.carriageReturn;
}

function isBlank(c: number): boolean {
  return c === Char.space || c === Char.tab;
}

/**
 * Every token of `text` in order, trivia included, ending with one 'end'
 * token at `text.length`. The tokens cover the text without gaps or overlaps.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const length = text.length;
  let pos = 0;

  /** Past the line's last character: at its line break or the end of the text. */
  function lineEnd(from: number): number {
    let at = from;
    while (at < length && !isLineBreak(text.charCodeAt(at))) at++;
    return at;
  }

  function scanNumber(start: number): Token {
    pos = start + 1;
    while (pos < length && isNumberPart(text.charCodeAt(pos))) pos++;
    const written = text.slice(start, pos);
    if (numberPattern.test(written)) return { kind: 'number', start, end: pos, text: written, value: Number(written) };
    return { kind: 'number', start, end: pos, text: written, value: Number.NaN, error: 'invalid-number' };
  }

  function scanString(start: number): Token {
    pos = start + 1;
    let value = '';
    let chunkStart = pos;
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (isLineBreak(c)) break;
      if (c === Char.quote) {
        value += text.slice(chunkStart, pos);
        pos++;
        return { kind: 'string', start, end: pos, value };
      }
      if (c === Char.backslash) {
        const next = text.charCodeAt(pos + 1);
        if (next === Char.quote || next === Char.backslash) {
          value += text.slice(chunkStart, pos) + text[pos + 1];
          pos += 2;
          chunkStart = pos;
          continue;
        }
      }
      pos++;
    }
    value += text.slice(chunkStart, pos);
    return { kind: 'string', start, end: pos, value, error: 'unterminated-string' };
  }

  while (pos < length) {
    const start = pos;
    const c = text.charCodeAt(pos);
    if (isLineBreak(c)) {
      pos += c === Char.carriageReturn && text.charCodeAt(pos + 1) === Char.lineFeed ? 2 : 1;
      tokens.push({ kind: 'newline', start, end: pos });
    } else if (isBlank(c)) {
      while (pos < length && isBlank(text.charCodeAt(pos))) pos++;
      const atLineStart = start === 0 || isLineBreak(text.charCodeAt(start - 1));
      tokens.push({ kind: atLineStart ? 'indent' : 'whitespace', start, end: pos });
    } else if (c === Char.hash) {
      pos = lineEnd(pos);
      tokens.push({ kind: 'comment', start, end: pos });
    } else if (isNameStart(c)) {
      while (pos < length && isNamePart(text.charCodeAt(pos))) pos++;
      const written = text.slice(start, pos);
      const lower = written.toLowerCase();
      if (lower === 'true' || lower === 'false') tokens.push({ kind: 'boolean', start, end: pos, value: lower === 'true' });
      else tokens.push({ kind: 'name', start, end: pos, text: written });
    } else if (isDigit(c) || ((c === Char.minus || c === Char.dot) && startsNumber(text, pos))) {
      tokens.push(scanNumber(start));
    } else if (c === Char.quote) {
      tokens.push(scanString(start));
    } else {
      const kind = punctuation.get(c);
      if (kind !== undefined) {
        pos++;
        tokens.push({ kind, start, end: pos });
      } else {
        pos += (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
        tokens.push({ kind: 'unknown', start, end: pos, error: 'unexpected-character' });
      }
    }
  }
  tokens.push({ kind: 'end', start: length, end: length });
  return tokens;
}

/** Whether a `-` or `.` at `pos` opens a number: `-3`, `-.5`, `.5`. */
function startsNumber(text: string, pos: number): boolean {
  const next = text.charCodeAt(pos + 1);
  if (isDigit(next)) return true;
  return text.charCodeAt(pos) === Char.minus && next === Char.dot && isDigit(text.charCodeAt(pos + 2));
}
