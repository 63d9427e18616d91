import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { buildForNode } from '../worker/harness';
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

/**
 * Sizes past the limits, as a user meets them: `nnlab run` in a child process
 * (the CLI as esbuild ships it), refused within a second of starting to run
 * and under 200 MB of resident memory, with the line and the figure.
 */
describe('nnlab run on notebooks that ask for too much', () => {
  let cli = '';
  beforeAll(async () => {
    cli = await buildForNode('src/cli/main.ts');
  }, 30_000);
  afterAll(() => rmSync(cli, { force: true }));

  /** Runs the CLI in a child Node; `ms` is the time main() took there, `rssMb` the child's peak resident memory. */
  function runChild(source: string, flags: string[] = [], files: Record<string, string> = {}) {
    const folder = mkdtempSync(join(tmpdir(), 'nnlab-cli-limits-'));
    const file = join(folder, 'notebook.nnlab');
    writeFileSync(file, source);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const script = `
      const { main } = require(${JSON.stringify(cli)});
      const started = performance.now();
      const status = main(['run', ${JSON.stringify(file)}, ...${JSON.stringify(flags)}]);
      const ms = performance.now() - started;
      process.stdout.write('\\n' + JSON.stringify({ status, ms, rssKb: process.resourceUsage().maxRSS }));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
    rmSync(folder, { recursive: true, force: true });
    return { status: figures.status as number, stderr: child.stderr, ms: figures.ms as number, rssMb: figures.rssKb / 1024 };
  }

  /** The refusal as a user reads it: one located error line, short, fast and small. */
  function expectRefused(result: ReturnType<typeof runChild>, error: RegExp): void {
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(error);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stderr.length).toBeLessThan(1000);
    expect(result.ms).toBeLessThan(1000);
    expect(result.rssMb).toBeLessThan(200);
  }

  const cell = (lines: string) => `# Limits\n\n\`\`\`nnlab\n${lines}\n\`\`\`\n`;

  it('refuses dense 1000000000 at its layer, with the parameter count, the bytes and the setting', () => {
    expectRefused(
      runChild(cell('data moons\nmodel\n  dense 1000000000 relu\n  dense 2 softmax\ntrain epochs=1')),
      // The layer is line 6 of the file; moons has 2 features, so the first layer holds 2·10⁹ weights and 10⁹ biases.
      /notebook\.nnlab:6:3: error \[too-many-parameters\]: the model has 5,000,000,002 parameters, 3,000,000,000 of them in this layer \(20 GB of float32; training with adam holds 4 copies, 80 GB\); the limit is 20,000,000 \(nnlab\.limits\.maxParameters\)/,
    );
  });

  it('refuses a 10⁹-parameter MLP on 784 features, MNIST-sized, at its largest layer', () => {
    // 784·10⁶ + 10⁶, then 10⁶·1000 + 1000, then 1000·10 + 10: 1,785,011,010; the second layer is the largest.
    // Blobs stand in for MNIST, whose images take a few hundred milliseconds to read before the model is checked.
    expectRefused(
      runChild(cell('data blobs n=100 features=784 classes=10\nmodel\n  dense 1000000 relu\n  dense 1000 relu\n  dense 10 softmax\ntrain epochs=1')),
      /notebook\.nnlab:7:3: error \[too-many-parameters\]: the model has 1,785,011,010 parameters, 1,000,001,000 of them in this layer/,
    );
  });

  it('refuses a layer of 5,000,000 units on one feature at its line, for its activations', () => {
    expectRefused(
      runChild(cell('data sine\nmodel\n  dense 5000000 tanh\n  dense 1\ntrain epochs=1')),
      /notebook\.nnlab:6:3: error \[too-many-activations\]: 100 samples at a time make 500,000,100 activations in the model's layers, 500,000,000 of them in this layer \(2\.0 GB of float32, and as much again for their gradients\); the limit is 20,000,000 \(nnlab\.limits\.maxActivations\)/,
    );
  });

  it('takes --max-parameters and --max-activations', () => {
    const notebook = cell('data moons\nmodel\n  dense 100 relu\n  dense 2 softmax\ntrain epochs=1');
    // 2·100 + 100 + 100·2 + 2 = 502 parameters; 100 samples × 102 units = 10,200 activations.
    expectRefused(runChild(notebook, ['--max-parameters', '501']), /notebook\.nnlab:6:3: error \[too-many-parameters\]: the model has 502 parameters.*the limit is 501 \(nnlab\.limits\.maxParameters\)/);
    expectRefused(runChild(notebook, ['--max-activations', '10199']), /notebook\.nnlab:6:3: error \[too-many-activations\]: 100 samples at a time make 10,200 activations.*the limit is 10,199/);
  });

  it('refuses blobs of 10⁶ samples × 10⁴ features at the data line before generating them', () => {
    expectRefused(
      runChild(cell('data blobs n=1000000 features=10000\nmodel\n  dense 2 softmax\ntrain epochs=1')),
      /notebook\.nnlab:4:1: error \[invalid-data\]: data blobs: 1,000,000 samples × 10,000 features = 10,000,000,000 values \(40 GB of float32\); the limit is 20,000,000 \(nnlab\.limits\.maxDataValues\)/,
    );
  });

  it('refuses a CSV file past --max-data-values once its rows are counted', () => {
    const rows = Array.from({ length: 2000 }, (_, r) => `${r % 2},1,2,3`);
    expectRefused(
      runChild(cell('data csv "table.csv" target=y\nmodel\n  dense 2 softmax\ntrain epochs=1'), ['--max-data-values', '5000'], { 'table.csv': `y,a,b,c\n${rows.join('\n')}\n` }),
      /notebook\.nnlab:4:1: error \[invalid-data\]: data table\.csv: 2,000 rows × 3 features = 6,000 values \(24 KB of float32\); the limit is 5,000 \(nnlab\.limits\.maxDataValues\)/,
    );
  });

  it('refuses a 5,000-character path at its statement, quoting 80 characters of it', () => {
    expectRefused(
      runChild(cell(`data moons\nmodel\n  dense 2 softmax\ntrain epochs=1\nsave weights "${'p'.repeat(5000)}"`)),
      new RegExp(`notebook\\.nnlab:8:1: error \\[invalid-value\\]: save weights: the path '${'p'.repeat(80)}…' is 5,000 characters long; paths hold at most 4,096`),
    );
  });

  it('cuts what the file system says of a 3,000-character file name, which repeats the path', () => {
    expectRefused(
      runChild(cell(`data moons\nmodel\n  dense 2 softmax\ntrain epochs=1\nsave weights "${'p'.repeat(3000)}"`)),
      new RegExp(`notebook\\.nnlab:8:1: error \\[missing-file\\]: save weights: cannot write '${'p'.repeat(80)}… \\(3000 characters\\)': ENAMETOOLONG`),
    );
  });

  it('refuses save weights with a 10 MB path as a line too long, without quoting it', () => {
    expectRefused(
      runChild(cell(`data moons\nsave weights "${'p'.repeat(10 << 20)}"`)),
      /notebook\.nnlab:5:1: error \[line-too-long\]: this line is 10,485,775 characters long; a line holds at most 10,000/,
    );
  });

  it('quotes 80 characters of a 10 MB CSV cell that is not a number', () => {
    expectRefused(
      runChild(cell('data csv "table.csv" target=y'), [], { 'table.csv': `y,a\n0,1\n1,${'z'.repeat(10 << 20)}\n` }),
      new RegExp(`notebook\\.nnlab:4:1: error \\[invalid-data\\]: table\\.csv:3:3: '${'z'.repeat(80)}… \\(10485760 characters\\)' is not a number in column 'a'`),
    );
  });
});
