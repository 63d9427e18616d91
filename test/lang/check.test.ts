import { describe, expect, it } from 'vitest';
import { checkCell, suggestedName } from '../../src/lang/check';

/** Each problem as `code 'text it covers'`. */
function problems(text: string): string[] {
  return checkCell(text).map((p) => `${p.code} '${text.slice(p.start, p.end)}'`);
}

describe('checkCell', () => {
  it('a well-formed cell has no problems', () => {
    expect(checkCell('data spirals\nmodel\n  dense 8 relu init=he_normal\n  dense 3 softmax\nloss sparse_categorical_crossentropy\noptimizer adam lr=0.003')).toEqual([]);
  });

  it('syntax and meaning together, in the order of the text', () => {
    expect(problems('optimizer adamm\ntrain epochs=3, batch=2\nloss mse')).toEqual([
      "unknown-name 'adamm'",
      "unexpected-token ','",
    ]);
  });

  it('names the parameter and rule of a value out of range, at the value', () => {
    const [problem] = checkCell('optimizer adam beta2=1.2');
    expect(problem.message).toBe('optimizer adam: beta2 must be in [0, 1), got 1.2');
    expect(problem.severity).toBe('error');
  });
});

describe('suggestedName', () => {
  it.each([
    ['optimizer adamm', 'adam'],
    ['model\n  dense 8 rellu', 'relu'],
    ['optimizer adam betta1=0.9', 'beta1'],
    ['trian epochs=3', 'train'],
  ])('%j suggests %s', (text, expected) => {
    const [problem] = checkCell(text);
    expect(suggestedName(problem)).toBe(expected);
  });

  it('nothing when no name is close', () => {
    expect(suggestedName({ message: "unknown optimizer 'qqqqqq'" })).toBeUndefined();
  });
});
