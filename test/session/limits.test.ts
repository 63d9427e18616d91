import { describe, expect, it } from 'vitest';
import { datasets, loadDataset } from '../../src/engine/data/datasets';
import { readCharText, readMnistDigit } from '../../src/node/assets';
import type { CellResult } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { bytesText, DEFAULT_LIMITS, grouped, resolveLimits, workerHeapMb } from '../../src/session/limits';
import { NotebookSession, type SessionOptions } from '../../src/session/session';

/**
 * Sizes a notebook may ask for: a model, a data set or a path past its limit
 * is refused before anything is allocated, at the line that asked for it,
 * with the figure, the limit and the setting that raises it.
 */

/** Files in memory; `read` counts the reads, so a test can see a refusal came before reading. */
function memoryHost(files: Record<string, string> = {}): SessionHost & { reads: number } {
  const host = {
    reads: 0,
    readText: (path: string) => {
      host.reads++;
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: '${path}'`), { code: 'ENOENT' });
      return text;
    },
    readBytes: (path: string) => new TextEncoder().encode(host.readText(path)),
    writeBytes: () => {
      throw new Error('not written in these tests');
    },
    readMnistDigit,
    readCharText,
  };
  return host;
}

function run(source: string, options: SessionOptions = {}, host: SessionHost = memoryHost()): CellResult {
  return new NotebookSession(host, options).runCell(0, source);
}

/** The one problem of a refused cell, with its line and column. */
function refusal(result: CellResult) {
  expect(result.status).toBe('error');
  expect(result.problems).toHaveLength(1);
  const [{ code, message, location }] = result.problems;
  return { code, message, line: location.line, column: location.column };
}

describe('the parameter limit', () => {
  it('refuses a 10⁹-unit layer at its line, with the count, the bytes training holds and the setting', () => {
    const started = performance.now();
    const result = run('data moons\nmodel\n  dense 1000000000 relu\n  dense 2 softmax\ntrain epochs=1');
    // Its activations are past their limit too, and said at the same line.
    expect(result.problems.map((p) => [p.code, p.location.line])).toEqual([['too-many-parameters', 3], ['too-many-activations', 3]]);
    // moons has 2 features: 2·10⁹ weights + 10⁹ biases in layer 0, 2·10⁹ + 2 in layer 1.
    expect(refusal({ ...result, problems: result.problems.slice(0, 1) })).toEqual({
      code: 'too-many-parameters',
      message:
        'the model has 5,000,000,002 parameters, 3,000,000,000 of them in this layer (20 GB of float32; training with adam holds 4 copies, 80 GB); ' +
        'the limit is 20,000,000 (nnlab.limits.maxParameters)',
      line: 3,
      column: 3,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts the optimizer that trains: plain SGD holds 2 copies (weights and gradients), momentum 3', () => {
    const model = 'data moons\nmodel\n  dense 100 relu\n  dense 2 softmax\n';
    // 2·100 + 100 + 100·2 + 2 = 502 parameters.
    const sgd = refusal(run(`${model}optimizer sgd lr=0.1\ntrain epochs=1`, { limits: { maxParameters: 501 } }));
    expect(sgd.message).toBe('the model has 502 parameters, 300 of them in this layer (2.0 KB of float32; training with sgd holds 2 copies, 4.0 KB); the limit is 501 (nnlab.limits.maxParameters)');
    const momentum = refusal(run(`${model}optimizer momentum lr=0.1\ntrain epochs=1`, { limits: { maxParameters: 501 } }));
    expect(momentum.message).toContain('training with momentum holds 3 copies');
  });

  it('trains a model of exactly the limit, and refuses every action that builds the model past it', () => {
    const model = 'data moons\nmodel\n  dense 100 relu\n  dense 2 softmax\n';
    expect(run(`${model}train epochs=1`, { limits: { maxParameters: 502 } }).status).toBe('ok');
    for (const action of ['train epochs=1', 'compare lr=[0.1, 0.01] epochs=1', 'inspect init', 'evaluate']) {
      expect(refusal(run(`${model}${action}`, { limits: { maxParameters: 501 } })).code).toBe('too-many-parameters');
    }
  });
});

describe('the activation limit', () => {
  it('refuses a wide layer with few parameters at its line: 100 samples × 5,000,001 units', () => {
    // sine has 1 feature and 100 samples: dense 5000000 holds 15,000,001 parameters with the output layer, under that limit,
    // but evaluation runs all 100 samples at once through 5,000,000 + 1 units.
    expect(refusal(run('data sine\nmodel\n  dense 5000000 tanh\n  dense 1\ntrain epochs=1'))).toEqual({
      code: 'too-many-activations',
      message:
        "100 samples at a time make 500,000,100 activations in the model's layers, 500,000,000 of them in this layer " +
        '(2.0 GB of float32, and as much again for their gradients); the limit is 20,000,000 (nnlab.limits.maxActivations)',
      line: 3,
      column: 3,
    });
  });

  it('counts the largest batch a train or compare asks for, or 512 samples when that is more', () => {
    const model = 'data moons n=2000\nmodel\n  dense 100 relu\n  dense 2 softmax\n';
    // 512 × 102 = 52,224 activations for evaluation; a batch of 1,000 makes 102,000.
    const limits = { maxActivations: 60_000 };
    expect(run(`${model}train epochs=1 batch=32`, { limits }).status).toBe('ok');
    expect(refusal(run(`${model}train epochs=1 batch=1000`, { limits })).message).toMatch(/^1,000 samples at a time make 102,000 activations/);
    expect(refusal(run(`${model}compare batch=[32, 1000] epochs=1`, { limits })).message).toMatch(/^1,000 samples at a time/);
    expect(run(`${model}train epochs=1`, { limits: { maxActivations: 52_223 } }).status).toBe('error');
  });
});

describe('the data limit', () => {
  it('refuses blobs of 10⁶ × 10⁴ at the data line before generating anything', () => {
    const started = performance.now();
    expect(refusal(run('data blobs n=1000000 features=10000\nmodel\n  dense 2 softmax\ntrain'))).toEqual({
      code: 'invalid-data',
      message: 'data blobs: 1,000,000 samples × 10,000 features = 10,000,000,000 values (40 GB of float32); the limit is 20,000,000 (nnlab.limits.maxDataValues)',
      line: 1,
      column: 1,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts the fixed width of each data set without a features option, as the set it makes', () => {
    for (const entry of datasets.entries()) {
      const options: Record<string, number> = entry.name === 'mnist' ? { samples: 20 } : entry.name === 'iris' ? {} : { n: 40 };
      const made = loadDataset(entry.name, options, { readMnistDigit, readCharText });
      const samples = entry.name === 'iris' ? undefined : made.count;
      const result = run(`data ${entry.name} ${Object.entries(options).map(([k, v]) => `${k}=${v}`).join(' ')}`, { limits: { maxDataValues: made.count * made.features - 1 } });
      if (samples === undefined) {
        // Iris is always 150 × 4 = 600 values: too few to need a check before loading it.
        expect(result.status).toBe('ok');
        continue;
      }
      expect(refusal(result).message).toContain(`${grouped(samples)} samples × ${grouped(made.features)} features = ${grouped(made.count * made.features)} values`);
    }
  });

  it('refuses a CSV file of more values than the limit once its rows are counted, before reading its cells', () => {
    const header = Array.from({ length: 11 }, (_, j) => `c${j}`).join(',');
    // The target c0 alternates 0 and 1, so the file reads as two classes.
    const rows = Array.from({ length: 100 }, (_, r) => [r % 2, ...Array.from({ length: 10 }, () => 1)].join(','));
    const csv = `${header}\n${rows.join('\n')}\n\n`;
    const host = memoryHost({ 'big.csv': csv });
    // 100 rows × 10 features (c0 is the target) = 1,000 values.
    expect(refusal(run('data csv "big.csv" target=c0', { limits: { maxDataValues: 999 } }, host))).toEqual({
      code: 'invalid-data',
      message: 'data big.csv: 100 rows × 10 features = 1,000 values (4.0 KB of float32); the limit is 999 (nnlab.limits.maxDataValues)',
      line: 1,
      column: 1,
    });
    expect(run('data csv "big.csv" target=c0', { limits: { maxDataValues: 1000 } }, memoryHost({ 'big.csv': csv })).status).toBe('ok');
  });

  it('counts rows ended by CRLF or a lone CR as the reader does, and a quoted comma in the header as no column', () => {
    for (const newline of ['\r\n', '\r']) {
      const csv = ['y,"a,b",c', ...Array.from({ length: 50 }, (_, r) => `${r % 2},1,2`), '  ', ''].join(newline);
      // 50 rows × 2 features; the blank line at the end is no row.
      const message = refusal(run('data csv "t.csv" target=y', { limits: { maxDataValues: 99 } }, memoryHost({ 't.csv': csv }))).message;
      expect(message).toBe('data t.csv: 50 rows × 2 features = 100 values (400 bytes of float32); the limit is 99 (nnlab.limits.maxDataValues)');
    }
  });

  it('counts a 25 MB file in well under a second', () => {
    const row = `${'1,'.repeat(99)}1\n`;
    const csv = `${Array.from({ length: 100 }, (_, j) => `c${j}`).join(',')}\n${row.repeat(125_000)}`;
    const started = performance.now();
    const message = refusal(run('data csv "t.csv" target=c0', { limits: { maxDataValues: 1_000_000 } }, memoryHost({ 't.csv': csv }))).message;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(message).toMatch(/^data t\.csv: 125,000 rows × 99 features = 12,375,000 values/);
  });
});

describe('paths', () => {
  it('refuses a path over 4,096 characters before touching the file system, quoting its start', () => {
    const long = 'w'.repeat(5000);
    const host = memoryHost();
    for (const [statement, action] of [
      [`data csv "${long}.csv" target=y`, 'data'],
      [`load weights "${long}"`, 'load weights'],
      [`save weights "${long}"`, 'save weights'],
    ]) {
      const { message, line, column } = refusal(run(`data moons\nmodel\n  dense 2 softmax\ntrain epochs=1\n${statement}`, {}, host));
      expect(message).toMatch(new RegExp(`^${action}: the path '${'w'.repeat(80)}…' is 5,00\\d characters long; paths hold at most 4,096$`));
      expect([line, column]).toEqual([5, 1]);
    }
    expect(host.reads).toBe(0);
  });
});

describe('limits', () => {
  it('are the defaults where unset or not a whole number ≥ 1', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxParameters: 5, maxDataValues: 0 })).toEqual({ ...DEFAULT_LIMITS, maxParameters: 5 });
    expect(resolveLimits({ maxParameters: 2.5 } as never).maxParameters).toBe(DEFAULT_LIMITS.maxParameters);
  });

  it('size the worker heap to read a CSV file of the data limit', () => {
    // 512 MB, plus 110 bytes a value: 20,000,000 values are 2,098.1 MB, rounded up.
    expect(workerHeapMb()).toBe(512 + 2099);
    expect(workerHeapMb({ maxDataValues: 1_000_000 })).toBe(512 + 105);
  });

  it('write bytes as people read them', () => {
    expect([0, 999, 2048, 4e9, 8e10, 1.6e13].map(bytesText)).toEqual(['0 bytes', '999 bytes', '2.0 KB', '4.0 GB', '80 GB', '16 TB']);
  });
});
