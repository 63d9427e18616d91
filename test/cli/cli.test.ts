import Ajv2020 from 'ajv/dist/2020';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { DIAGNOSTIC_CODES } from '../../src/engine/diagnostics';
import { stream } from './stream';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'nnlab-run.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function runNotebook(source: string, extra: string[] = [], folder = mkdtempSync(join(tmpdir(), 'nnlab-cli-'))) {
  const file = join(folder, 'notebook.nnlab');
  const json = join(folder, 'out.json');
  writeFileSync(file, source);
  const stdout = stream();
  const stderr = stream();
  const status = main(['run', file, '--json', json, ...extra], stdout as never, stderr as never);
  let report: any;
  try {
    report = JSON.parse(readFileSync(json, 'utf8'));
  } catch {
    report = undefined;
  }
  return { status, stdout: stdout.text, stderr: stderr.text, report, folder };
}

const NOTEBOOK = `# A small run

\`\`\`nnlab
data moons n=200 noise=0.1 seed=3
split val=0.2 test=0.2
normalize standard
model
  dense 16 relu init=he_normal
  dense 2 softmax
optimizer adam lr=0.02
clip norm 5
schedule warmup 5 then cosine
metrics accuracy auc
\`\`\`

Train, compare and look inside.

\`\`\`nnlab
train epochs=5 batch=16 seed=2
compare lr=[0.001, 0.05] epochs=2
inspect init
evaluate
save weights "out/w.safetensors"
load weights "out/w.safetensors"
\`\`\`
`;

describe('nnlab run', () => {
  it('runs every cell, prints a summary, and writes JSON that matches docs/nnlab-run.schema.json', () => {
    const { status, stdout, stderr, report } = runNotebook(NOTEBOOK);
    expect(stderr).not.toMatch(/error/);
    expect(status).toBe(0);
    expect(stdout).toContain('train epochs=5 batch=16 seed=2');
    expect(stdout).toMatch(/run\s+status\s+steps\s+train loss\s+val loss/);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.cells.map((c: any) => [c.index, c.status])).toEqual([
      [1, 'ok'],
      [3, 'ok'],
    ]);
    const kinds = report.cells[1].outputs.map((o: any) => o.kind);
    expect(kinds).toEqual(['train', 'compare', 'inspect', 'evaluate', 'weights', 'weights']);
    const run = report.cells[1].outputs[0].run;
    expect(run.epochs).toHaveLength(6);
    expect(run.series.loss.length).toBeGreaterThan(0);
    expect(run.schedulePreview[0].y).toBe(0);
  });

  it('says when a train continues from the weights of an earlier one', () => {
    const source = ['```nnlab', 'data moons n=100 seed=3', 'model', '  dense 8 relu', '  dense 2 softmax', 'train epochs=2 batch=25', 'train epochs=1 batch=25', '```', ''].join('\n');
    const { status, stdout, report } = runNotebook(source);
    expect(status).toBe(0);
    // 100 samples in batches of 25: 4 steps an epoch, 8 in the first run.
    expect(stdout).toContain('train epochs=1 batch=25 (continued)\nContinued from the weights of 1 earlier run of this model (8 steps), not from a fresh initialization.');
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.cells[0].outputs.filter((o: any) => o.kind === 'train').map((o: any) => o.run.continued?.steps)).toEqual([undefined, 8]);
  });

  it('documents every diagnostic code in the JSON schema', () => {
    expect(schema.$defs.diagnostic.properties.code.enum).toEqual([...DIAGNOSTIC_CODES]);
  });

  it('prints one line per diagnostic code and run, naming the layers and the figures\' range', () => {
    const source = [
      '```nnlab',
      'data spirals n=120 classes=3 seed=7',
      'model',
      '  dense 8 relu',
      '  dense 8 relu',
      '  dense 8 relu',
      '  dense 3 softmax',
      'optimizer sgd lr=0.01',
      'compare init=[zeros, he_normal] epochs=2 batch=30 seed=1',
      '```',
      '',
    ].join('\n');
    const { status, stdout, report } = runNotebook(source);
    expect(status).toBe(0);
    const zeros = report.cells[0].outputs.find((o: any) => o.kind === 'compare').runs[0];
    // The engine finds symmetry in each of the four layers; the report says it once, at the first layer's line.
    expect(zeros.diagnostics.filter((d: any) => d.code === 'symmetry')).toHaveLength(4);
    const lines = stdout.split('\n').filter((line) => line.includes('[symmetry]'));
    expect(lines).toEqual([expect.stringMatching(/^.*notebook\.nnlab:4:3: error \[symmetry\]: layers 0–3 of run zeros: .* \(measured 0 in all 4 layers, threshold 1e-6\)$/)]);
    const codes = stdout.split('\n').flatMap((line) => /\[([a-z-]+)\]: (?:layers? [^:]* of )?run (\w+)/.exec(line)?.slice(1, 3).join('/') ?? []);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives the same JSON for the same file and seed, apart from timings, and other results for another seed', () => {
    const strip = (report: any) => JSON.stringify(report, (key, value) => (key === 'elapsedMs' ? 0 : value));
    const folder = mkdtempSync(join(tmpdir(), 'nnlab-cli-'));
    const first = strip(runNotebook(NOTEBOOK, ['--seed', '5'], folder).report);
    const again = strip(runNotebook(NOTEBOOK, ['--seed', '5'], folder).report);
    // compared by equality of the whole text; a failure prints only whether they differ
    expect(again === first).toBe(true);
    expect(strip(runNotebook(NOTEBOOK, ['--seed', '6'], folder).report) === first).toBe(false);
  });

  it('exits 1 and prints file:line:column for an error, naming the notebook line', () => {
    const source = '# Typo\n\n```nnlab\ndata moons\nmodel\n  dense 2 softmax\noptimizer adamm lr=0.1\ntrain epochs=1\n```\n';
    const { status, stderr, report } = runNotebook(source);
    expect(status).toBe(1);
    // the optimizer line is line 7 of the file, its name starts at column 11
    expect(stderr).toMatch(/notebook\.nnlab:7:11: error \[unknown-name\]: unknown optimizer 'adamm' \(did you mean 'adam'\?\)/);
    // in the JSON, lines count within the cell: the optimizer is the cell's line 4
    expect(report.cells[0].error).toEqual({ message: "unknown optimizer 'adamm' (did you mean 'adam'?)", line: 4, column: 11 });
    expect(validate(report)).toBe(true);
  });

  it('stops at the first failing cell', () => {
    const source = '```nnlab\ntrain epochs=1\n```\n\n```nnlab\ndata moons\n```\n';
    const { status, report, stderr } = runNotebook(source);
    expect(status).toBe(1);
    expect(report.cells).toHaveLength(1);
    expect(stderr).toContain('train needs data');
    expect(stderr).toContain('train needs a model');
  });

  it('explains its usage', () => {
    const out = stream();
    const err = stream();
    expect(main(['--help'], out as never, err as never)).toBe(0);
    expect(out.text).toContain('Usage: nnlab run NOTEBOOK.nnlab');
    expect(main(['train'], out as never, err as never)).toBe(2);
    expect(err.text).toContain("unknown command 'train'");
    expect(main(['run', 'missing.nnlab'], out as never, err as never)).toBe(2);
    expect(err.text).toContain('cannot read missing.nnlab: no such file');
    expect(main(['run', 'x.nnlab', '--seed', '-1'], out as never, err as never)).toBe(2);
    for (const threads of ['0', '9', '1.5', 'two']) {
      expect(main(['run', 'x.nnlab', '--threads', threads], out as never, err as never)).toBe(2);
      expect(err.text).toContain(`--threads needs a whole number from 1 to 8, got ${threads}`);
    }
  });

  it('records the thread count and the kernel in the JSON: one thread by default, as asked with --threads', () => {
    expect(runNotebook(NOTEBOOK).report).toMatchObject({ threads: 1, kernel: 'wasm relaxed' });
    const { status, report } = runNotebook(NOTEBOOK, ['--threads', '2']);
    expect(status).toBe(0);
    expect(report.threads).toBe(2);
    expect(validate(report)).toBe(true);
  });
});
