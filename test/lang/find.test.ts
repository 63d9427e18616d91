import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/lang';
import { complete } from '../../src/lang/complete';
import { hoverMarkdown } from '../../src/lang/hover-text';
import { locate } from '../../src/lang/locate';
import { lowerCell } from '../../src/lang/lower';

const lower = (text: string) => lowerCell(parseCell(text).cell);
const labels = (text: string) => complete(text, text.length).candidates.map((c) => c.label);

describe('find', () => {
  it('lowers to what it looks for and every option, defaults filled by the engine', () => {
    expect(lower('find lr steps=50').instructions[0]).toMatchObject({ kind: 'find', what: 'lr', options: { start: 1e-7, end: 10, steps: 50, smoothing: 0.98, batch: 32, seed: 0 } });
    expect(lower('find clip percentile=95').instructions[0]).toMatchObject({ kind: 'find', what: 'clip', options: { steps: 100, percentile: 95 } });
  });

  it('offers lr and clip, then the options of the one written', () => {
    expect(labels('find ')).toEqual(['lr', 'clip']);
    expect(labels('find lr ')).toEqual(expect.arrayContaining(['start=', 'end=', 'smoothing=']));
    expect(labels('find clip ')).toEqual(expect.arrayContaining(['percentile=']));
    expect(labels('find clip ')).not.toContain('smoothing=');
  });

  it('hovers with the catalog entry and its formula', () => {
    const text = 'find lr';
    const markdown = hoverMarkdown(locate(text, 6)!)!;
    expect(markdown).toContain('Learning-rate range test');
    expect(markdown).toContain('η_i = η_start·(η_end/η_start)^(i/(N−1))');
  });
});
