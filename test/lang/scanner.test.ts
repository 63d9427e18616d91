import { describe, expect, it } from 'vitest';
import { tokenize, type Token } from '../../src/lang/index';

/** Each token as `kind(text)`, `!` after the kind when it carries an error; the final 'end' left out. */
function show(text: string): string[] {
  return tokenize(text)
    .filter((token) => token.kind !== 'end')
    .map((token) => `${token.kind}${token.error ? '!' : ''}(${text.slice(token.start, token.end)})`);
}

function only(text: string): Token {
  const tokens = tokenize(text).filter((token) => token.kind !== 'end');
  expect(tokens).toHaveLength(1);
  return tokens[0];
}

describe('tokenize', () => {
  it.each([
    ['dense 32 relu', ['name(dense)', 'whitespace( )', 'number(32)', 'whitespace( )', 'name(relu)']],
    ['lr=0.1', ['name(lr)', 'equals(=)', 'number(0.1)']],
    ['f(a, [b])', ['name(f)', 'open-paren(()', 'name(a)', 'comma(,)', 'whitespace( )', 'open-bracket([)', 'name(b)', 'close-bracket(])', 'close-paren())']],
    ['then', ['name(then)']],
    ['he-normal _x Adam beta2', ['name(he-normal)', 'whitespace( )', 'name(_x)', 'whitespace( )', 'name(Adam)', 'whitespace( )', 'name(beta2)']],
    ['true False TRUE truely', ['boolean(true)', 'whitespace( )', 'boolean(False)', 'whitespace( )', 'boolean(TRUE)', 'whitespace( )', 'name(truely)']],
    ['x # a "comment" (', ['name(x)', 'whitespace( )', 'comment(# a "comment" ()']],
    ['"a b"', ['string("a b")']],
    ['@', ['unknown!(@)']],
    ['', []],
  ])('%j', (text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it.each([
    ['LF', 'a\nb', ['name(a)', 'newline(\n)', 'name(b)']],
    ['CRLF as one line break', 'a\r\nb', ['name(a)', 'newline(\r\n)', 'name(b)']],
    ['a lone CR', 'a\rb', ['name(a)', 'newline(\r)', 'name(b)']],
    ['spaces at a line start as indent', 'a\n  b c', ['name(a)', 'newline(\n)', 'indent(  )', 'name(b)', 'whitespace( )', 'name(c)']],
    ['tabs and spaces mixed', '\t \tb', ['indent(\t \t)', 'name(b)']],
    ['indent after CRLF', 'a\r\n\tb', ['name(a)', 'newline(\r\n)', 'indent(\t)', 'name(b)']],
    ['a comment ends before CRLF', '# c\r\nx', ['comment(# c)', 'newline(\r\n)', 'name(x)']],
    ['a blank line', 'a\n\n', ['name(a)', 'newline(\n)', 'newline(\n)']],
  ])('lines: %s', (_, text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it.each([
    ['3', 3],
    ['-0.5', -0.5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1.', 1],
    ['1e-5', 1e-5],
    ['1E+2', 100],
    ['2.5E3', 2500],
    ['007', 7],
  ])('number %s = %d', (text, value) => {
    expect(only(text)).toEqual({ kind: 'number', start: 0, end: text.length, text, value });
  });

  it.each(['1.2.3', '1e', '1e-', '32relu', '0x10', '1-2', '3+', '1_000', '-1.5e3.2'])('one invalid number: %s', (text) => {
    const token = only(text);
    expect(token).toMatchObject({ kind: 'number', error: 'invalid-number', start: 0, end: text.length, text });
    expect(token.kind === 'number' && Number.isNaN(token.value)).toBe(true);
  });

  it.each([
    ['- not before a digit', '-x', ['unknown!(-)', 'name(x)']],
    ['. not before a digit', '.x', ['unknown!(.)', 'name(x)']],
    ['a leading +', '+3', ['unknown!(+)', 'number(3)']],
    ['a negative number after a comma', '[1,-2]', ['open-bracket([)', 'number(1)', 'comma(,)', 'number(-2)', 'close-bracket(])']],
    ['a number right after =', 'lr=-1e-3', ['name(lr)', 'equals(=)', 'number(-1e-3)']],
    ['a dot ends a name', 'relu.5', ['name(relu)', 'number(.5)']],
  ])('%s', (_, text, expected) => {
    expect(show(text)).toEqual(expected);
  });

  it.each([
    ['plain', '"runs/a.json"', 'runs/a.json'],
    ['escaped quote', '"say \\"hi\\""', 'say "hi"'],
    ['escaped backslash', '"a\\\\b"', 'a\\b'],
    // Any other backslash stays, so a Windows path reads as typed.
    ['other backslashes kept', '"C:\\runs\\w.json"', 'C:\\runs\\w.json'],
    ['empty', '""', ''],
    ['# inside', '"a#b"', 'a#b'],
  ])('string: %s', (_, text, value) => {
    expect(only(text)).toEqual({ kind: 'string', start: 0, end: text.length, value });
  });

  it.each([
    ['at the end of the text', 'x "abc', 2, 6, 'abc'],
    ['at LF', '"abc\ny', 0, 4, 'abc'],
    ['before CRLF', '"ab\r\ny', 0, 3, 'ab'],
    ['after an escaped quote', '"a\\"', 0, 4, 'a"'],
    ['after a lone backslash', '"a\\', 0, 3, 'a\\'],
  ])('unterminated string %s stops at the line end', (_, text, start, end, value) => {
    const token = tokenize(text).find((t) => t.kind === 'string');
    expect(token).toEqual({ kind: 'string', start, end, value, error: 'unterminated-string' });
  });

  it('reads an astral character as one unknown token', () => {
    // '😀' is two UTF-16 code units, so the token spans [1, 3).
    expect(tokenize('a😀b').map((t) => [t.kind, t.start, t.end])).toEqual([
      ['name', 0, 1],
      ['unknown', 1, 3],
      ['name', 3, 4],
      ['end', 4, 4],
    ]);
  });

  it.each(['dense 32 relu init=he_normal(mode=fan_out)\n', 'a\r\n\t"x\\"y" # c\r\n  [1, -.5e2, 1.2.3] @é😀\r', '  \n\t\n"', ''])(
    'covers %j without gaps and ends with one end token',
    (text) => {
      const tokens = tokenize(text);
      let at = 0;
      for (const token of tokens) {
        expect(token.start).toBe(at);
        at = token.end;
      }
      expect(tokens.at(-1)).toEqual({ kind: 'end', start: text.length, end: text.length });
      expect(tokens.filter((t) => t.kind === 'end')).toHaveLength(1);
    },
  );
});
