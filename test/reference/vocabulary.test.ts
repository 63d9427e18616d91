import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vocabulary, vocabularyMarkdown } from '../../src/reference/vocabulary';

describe('engine vocabulary', () => {
  it('docs/vocabulary.md is up to date (run `npm run docs` after changing a registry)', () => {
    const written = readFileSync(join(__dirname, '..', '..', 'docs', 'vocabulary.md'), 'utf8');
    expect(written).toBe(vocabularyMarkdown());
  });

  it('documents every parameter of every concept', () => {
    const undocumented = vocabulary().flatMap(({ entries }) =>
      entries.flatMap((entry) => entry.params.describe().filter((p) => p.doc.trim().length < 3).map((p) => `${entry.name}.${p.name}`)),
    );
    expect(undocumented).toEqual([]);
  });

  it('lists each kind the language will need', () => {
    expect(vocabulary().map((s) => s.kind)).toEqual(['layer', 'activation', 'initializer', 'optimizer', 'clipping method', 'schedule', 'loss', 'metric', 'dataset']);
  });
});
