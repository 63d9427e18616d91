import { describe, expect, it } from 'vitest';
import { checkCell } from '../../src/lang/check';
import { complete } from '../../src/lang/complete';
import { locate } from '../../src/lang/locate';
import { signatureAt } from '../../src/lang/signature';
import { MAX_LINE_LENGTH, parseCell } from '../../src/lang/parser';

const TOO_LONG = (length: string) => `this line is ${length} characters long; a line holds at most 10,000`;

describe('the length of one line', () => {
  const megabyteLine = `optimizer adam lr=${'1 '.repeat(1 << 19)}`;

  it('refuses a line over 10,000 characters at the line, naming its length and the cap', () => {
    const text = `data moons\n${megabyteLine}\ntrain epochs=1`;
    const problems = parseCell(text).problems;
    expect(problems).toEqual([{ code: 'line-too-long', message: TOO_LONG((megabyteLine.length).toLocaleString('en-US')), start: 11, end: 11 + megabyteLine.length }]);
  });

  it('reads the lines around it as if it were a comment: the model block goes on below it', () => {
    const text = `model\n  dense 4 relu\n  ${'x'.repeat(MAX_LINE_LENGTH)}\n  dense 2 softmax`;
    const { cell, problems } = parseCell(text);
    expect(problems.map((p) => p.code)).toEqual(['line-too-long']);
    expect(cell.statements).toHaveLength(1);
    expect(cell.statements[0].body.map((layer) => text.slice(layer.start, layer.end))).toEqual(['dense 4 relu', 'dense 2 softmax']);
  });

  it('accepts a line of exactly 10,000 characters', () => {
    const text = `optimizer adam # ${'x'.repeat(MAX_LINE_LENGTH - 17)}`;
    expect(text).toHaveLength(MAX_LINE_LENGTH);
    expect(parseCell(text).problems).toEqual([]);
  });

  it('counts CRLF and lone CR as line ends', () => {
    const long = 'x'.repeat(MAX_LINE_LENGTH + 1);
    for (const newline of ['\r\n', '\r']) {
      const problems = parseCell(`data moons${newline}# ${long}${newline}train`).problems;
      expect(problems).toEqual([{ code: 'line-too-long', message: TOO_LONG('10,003'), start: 10 + newline.length, end: 10 + newline.length + long.length + 2 }]);
    }
  });

  it('keeps the parser and the checker fast on a megabyte line made of many tokens', () => {
    const text = `data moons\n${megabyteLine}`;
    const started = performance.now();
    for (let i = 0; i < 5; i++) checkCell(text);
    // Without the cap one checkCell of this text took 0.3–2 s; with it the line is one comment token.
    expect((performance.now() - started) / 5).toBeLessThan(100);
    expect(checkCell(text).map((p) => p.message)).toEqual([TOO_LONG('1,048,594')]);
  });

  it('keeps completion, signature help and hover fast with the cursor inside such a line, and offers nothing there', () => {
    const text = `data moons\n${megabyteLine}`;
    const inside = text.length >> 1;
    const started = performance.now();
    // Each tokenized the whole line before: 0.4 to 1.1 s a call.
    expect(complete(text, inside).candidates).toEqual([]);
    expect(signatureAt(text, inside)).toBeUndefined();
    expect(locate(text, inside)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
  });
});
