import { describe, expect, it } from 'vitest';
import { hoverMarkdown } from '../../src/lang/hover-text';
import { locate } from '../../src/lang/locate';
import { escapeMarkdown } from '../../src/reference/entry-markdown';
import { withCursor } from './cursor-marker';

function hover(marked: string, options: Parameters<typeof hoverMarkdown>[1] = {}): string | undefined {
  const { text, offset } = withCursor(marked);
  const target = locate(text, offset);
  return target && hoverMarkdown(target, options);
}

describe('hover text', () => {
  it('a concept: title, summary, the formula once, parameters as a list, advice, variants', () => {
    const text = hover('model\n  dense 8 relu init=he_nor|mal', { formulaImage: () => 'data:image/svg+xml;base64,AAAA', referenceLink: () => 'command:x' })!;
    expect(text).toMatch(/^\*\*he\\_normal\*\* — He/);
    // The image's alt text is the plain formula, so it is said once, and still read by screen readers.
    expect(text).toMatch(/!\[W ~ N\(0, .+\]\(data:image\/svg\+xml;base64,AAAA\)/);
    expect(text).not.toContain('```text');
    // A list, not a table: a hover is narrow, and a table there scrolls sideways.
    expect(text).not.toContain('| --- |');
    expect(text).toContain('\n- `mode` = `fan_in` · fan\\_in \\| fan\\_out — ');
    expect(text).toContain('**When to use.**');
    expect(text).toContain('**Pitfalls.**');
    expect(text).toContain('**Variants and defaults.**');
    expect(text).toContain('[Open in the formula reference](command:x)');
  });

  it('without an image, or when typesetting fails, the plain formula stands alone', () => {
    const failing = hover('optimizer ad|am', { formulaImage: () => { throw new Error('no TeX'); } })!;
    expect(failing).not.toContain('![');
    expect(failing).toContain('```text');
  });

  it('a schedule chained after then inside a compare list', () => {
    expect(hover('compare schedule=[constant, warmup(100) then cos|ine] epochs=3')).toMatch(/^\*\*cosine\*\*/);
  });

  it('an alias finds the entry of its registered name', () => {
    expect(hover('optimizer SG|D')).toMatch(/^\*\*sgd\*\*/);
  });

  it('a diagnostic code in a comment', () => {
    expect(hover('# expect dying-re|lu')).toMatch(/^\*\*dying-relu\*\*.*\(diagnostic\)/);
  });

  it('a statement: its form and parameter table', () => {
    const text = hover('tr|ain epochs=3')!;
    expect(text).toContain('train [epochs=N]');
    expect(text).toMatch(/^- `batch` = `32` · /m);
  });

  it('a parameter: its doc, default and range, and whose it is', () => {
    expect(hover('optimizer adam be|ta1=0.8')).toContain('*(parameter of optimizer adam)*');
    expect(hover('optimizer adam be|ta1=0.8')).toContain('`default 0.9 · [0, 1)`');
    expect(hover('model\n  dense 8 relu init=he_normal(mode=fan_o|ut)')).toMatch(/^\*\*fan\\_out\*\* — the value of \*\*mode\*\* \*\(parameter of initializer he\\_normal\)\*/);
  });

  it('nothing for an unknown name', () => {
    expect(hover('optimizer ad|amm')).toBeUndefined();
  });

  it('escapes Markdown in prose', () => {
    expect(escapeMarkdown('a_b *c* [d] <e> |')).toBe('a\\_b \\*c\\* \\[d\\] \\<e\\> \\|');
  });
});
