import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/lang';
import { lowerCell } from '../../src/lang/lower';
import { NotebookSession } from '../../src/session/session';

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'language.md'), 'utf8');
const blocks = [...page.matchAll(/```nnlab\n([\s\S]*?)```/g)].map((match) => match[1]);

describe('docs/language.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block, i) => [i, block]))('block %i parses and checks without a problem', (_, block) => {
    const parsed = parseCell(block);
    expect(parsed.problems).toEqual([]);
    expect(lowerCell(parsed.cell).problems).toEqual([]);
  });

  it.each(blocks.filter((block) => /^data /m.test(block) && /^train /m.test(block)).map((block, i) => [i, block]))(
    'complete notebook %i runs',
    (_, block) => {
      const session = new NotebookSession({
        readText: () => '',
        readBytes: () => new Uint8Array(),
        writeBytes: () => undefined,
      });
      const result = session.runCell(0, block);
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(result.status).toBe('ok');
    },
    60_000,
  );
});
