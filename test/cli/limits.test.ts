import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { stream } from './stream';

function run(source: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'nnlab-cli-limits-')), 'notebook.nnlab');
  writeFileSync(file, source);
  const stdout = stream();
  const stderr = stream();
  const started = performance.now();
  const status = main(['run', file], stdout as never, stderr as never);
  return { status, stderr: stderr.text, ms: performance.now() - started };
}

/** A stack trace's frames: `    at f (file.ts:1:2)`. */
const STACK_FRAME = /^\s+at /m;

describe('nnlab run on hostile text', () => {
  it('refuses brackets nested 5,000 deep with the line and column of the 65th, no stack trace', () => {
    const { status, stderr, ms } = run(`# Deep\n\n\`\`\`nnlab\ndata moons\ncompare lr=${'['.repeat(5000)}\n\`\`\`\n`);
    expect(status).toBe(1);
    // The compare line is line 5 of the file; 'compare lr=' is 11 characters, so the 65th '[' is column 76.
    expect(stderr).toMatch(/notebook\.nnlab:5:76: error \[too-deep\]: nesting deeper than 64 brackets/);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toContain('RangeError');
    expect(ms).toBeLessThan(1000);
  });

  it('refuses calls nested 1,500 deep the same way', () => {
    const { status, stderr } = run(`\`\`\`nnlab\ninitializer ${'f('.repeat(1500)}\n\`\`\`\n`);
    expect(status).toBe(1);
    expect(stderr).toMatch(/notebook\.nnlab:2:142: error \[too-deep\]: nesting deeper than 64 brackets/);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it('refuses a long unknown name quickly, quoting its start and its length', () => {
    const { status, stderr, ms } = run(`\`\`\`nnlab\ndata moons\noptimizer ${'x'.repeat(9000)}\n\`\`\`\n`);
    expect(status).toBe(1);
    expect(stderr).toMatch(new RegExp(`notebook\\.nnlab:3:11: error \\[unknown-name\\]: unknown optimizer '${'x'.repeat(40)}…' \\(9000 characters\\)`));
    expect(stderr.length).toBeLessThan(1000);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a 1 MB line at its start, naming its length and the cap', () => {
    const { status, stderr, ms } = run(`\`\`\`nnlab\ndata moons\noptimizer ${'x'.repeat(1 << 20)}\n\`\`\`\n`);
    expect(status).toBe(1);
    expect(stderr).toMatch(/notebook\.nnlab:3:1: error \[line-too-long\]: this line is 1,048,586 characters long; a line holds at most 10,000/);
    expect(stderr.length).toBeLessThan(1000);
    expect(ms).toBeLessThan(1000);
  });
});
