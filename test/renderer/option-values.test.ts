import { describe, expect, it } from 'vitest';
import { fillParameters, lookup } from '../../src/reference/catalog';
import { texValue } from '../../src/reference/template';

/** Option values come from saved outputs: any text, including the names of Object's own fields. */
describe('option values in formulas', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s is written as text, not looked up on Object', (value) => {
    const spec = { symbol: 'n', values: { fan_in: 'n_{in}' } };
    expect(texValue(value, spec)).toBe(`\\text{${value.replace(/_/g, '\\_')}}`);
    const entry = lookup('initializer', 'he_normal');
    expect(entry).toBeDefined();
    const tex = fillParameters(entry!, { mode: value });
    expect(tex).not.toMatch(/function|native code|\[object/);
  });

  it('still writes a known choice through its table', () => {
    expect(texValue('fan_in', { symbol: 'n', values: { fan_in: 'n_{in}' } })).toBe('n_{in}');
  });
});
