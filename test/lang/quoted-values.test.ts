import { describe, expect, it } from 'vitest';
import { checkCell } from '../../src/lang/check';

describe('a long value a message quotes', () => {
  const long = 'z'.repeat(9000);

  it.each([
    [`data csv "a.csv" target=y task="${long}"`, 'data csv: task must be one of auto, classification, regression, got '],
    [`optimizer adam lr="${long}"`, 'optimizer adam: lr must be a finite number, got '],
  ])('is cut to 80 characters and its length: %#', (text, start) => {
    expect(checkCell(text).map((problem) => problem.message)).toEqual([`${start}${'z'.repeat(80)}… (9000 characters)`]);
  });
});
