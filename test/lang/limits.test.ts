import { describe, expect, it } from 'vitest';
import { didYouMean, quoted } from '../../src/engine/errors';
import { checkCell } from '../../src/lang/check';
import { complete } from '../../src/lang/complete';
import { locate } from '../../src/lang/locate';
import { parseCell } from '../../src/lang/parser';
import { signatureAt } from '../../src/lang/signature';

const TOO_DEEP = 'nesting deeper than 64 brackets; write the value with fewer brackets inside one another';

describe('nesting depth', () => {
  const brackets = `compare lr=${'['.repeat(5000)}`;
  const calls = `initializer ${'f('.repeat(1500)}`;

  it('reports a list nested past 64 brackets at the 65th bracket, once', () => {
    const tooDeep = parseCell(brackets).problems.filter((problem) => problem.code === 'too-deep');
    // 'compare lr=' is 11 characters; the 65th '[' follows 64 others.
    expect(tooDeep).toEqual([{ code: 'too-deep', message: TOO_DEEP, start: 11 + 64, end: 11 + 65 }]);
  });

  it("reports calls nested past 64 at the 65th call's '('", () => {
    const tooDeep = parseCell(calls).problems.filter((problem) => problem.code === 'too-deep');
    // 'initializer ' is 12 characters; each 'f(' two more.
    expect(tooDeep).toEqual([{ code: 'too-deep', message: TOO_DEEP, start: 12 + 64 * 2 + 1, end: 12 + 64 * 2 + 2 }]);
  });

  it('accepts 64 brackets inside one another', () => {
    const text = `compare lr=${'['.repeat(64)}1${']'.repeat(64)}`;
    expect(parseCell(text).problems).toEqual([]);
  });

  it('is reported by the checker, and completion, signature help and hover answer without throwing', () => {
    for (const text of [brackets, calls, `model\n  dense 4 init=${'f('.repeat(1500)}\n  dense 2`]) {
      expect(checkCell(text).some((problem) => problem.message === TOO_DEEP)).toBe(true);
      for (const offset of [0, text.length >> 1, text.length]) {
        expect(() => complete(text, offset)).not.toThrow();
        expect(() => signatureAt(text, offset)).not.toThrow();
        expect(() => locate(text, offset)).not.toThrow();
      }
    }
  });

  it('skips what is inside the deep bracket and reads on after it', () => {
    const text = `compare lr=${'['.repeat(70)}1${']'.repeat(70)} epochs=x`;
    const problems = parseCell(text).problems.map((problem) => problem.code);
    expect(problems).toEqual(['too-deep']);
    expect(checkCell(text).some((problem) => problem.message.includes('epochs'))).toBe(true);
  });
});

describe('a huge unknown name', () => {
  // As long as a line may be; a longer line is refused whole (see line-length.test.ts).
  const huge = 'x'.repeat(9_000);

  it('is checked, and the message quotes its first 40 characters and its length', () => {
    const problems = checkCell(`optimizer ${huge}`);
    expect(problems.map((problem) => problem.message)).toEqual([`unknown optimizer '${'x'.repeat(40)}…' (9000 characters)`]);
  });

  it('cuts every message that quotes a long name', () => {
    const messages = [`optimizer adam ${huge}=1`, `model\n  ${huge} 3`, `compare ${huge}=[1, 2]`, `${huge} 1`].flatMap((text) => checkCell(text).map((problem) => problem.message));
    expect(messages).toHaveLength(4);
    for (const message of messages) expect(message.length).toBeLessThan(200);
  });

  it('gets no suggestion, in a bounded time', () => {
    const started = performance.now();
    expect(didYouMean('x'.repeat(1 << 20), ['adam', 'x'.repeat(1 << 20)])).toBe('');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('leaves suggestions for typos as they were', () => {
    expect(didYouMean('adamm', ['sgd', 'adam', 'adamw'])).toBe(" (did you mean 'adam'?)");
    expect(didYouMean('he_nromal', ['he_normal', 'he_uniform'])).toBe(" (did you mean 'he_normal'?)");
    expect(didYouMean('ada', ['sgd', 'adam'])).toBe(" (did you mean 'adam'?)");
    expect(didYouMean('zzzz', ['sgd', 'adam'])).toBe('');
  });
});

describe('a long name quoted in a message', () => {
  it('is never cut between the halves of a surrogate pair', () => {
    const emoji = '\u{1F600}';
    expect(quoted(`${'a'.repeat(39)}${emoji}${'a'.repeat(40)}`)).toBe(`'${'a'.repeat(39)}…' (81 characters)`);
    expect(quoted(`${'a'.repeat(40)}${emoji}${'a'.repeat(40)}`)).toBe(`'${'a'.repeat(40)}…' (82 characters)`);
    expect(quoted('a'.repeat(64))).toBe(`'${'a'.repeat(64)}'`);
  });
});
