import { describe, expect, it } from 'vitest';
import type { CellResult, CompareOutput, EvaluateOutput, RunSummary, SourceLocation, TrainOutput } from '../../src/protocol/cell-output';
import type { ReplicaSpec } from '../../src/engine/parallel/replica';
import { localShards } from '../../src/engine/parallel/shards';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession, type CellControl, type SessionOptions } from '../../src/session/session';

/**
 * The notebook session: cells share declarations as Python cells share a
 * kernel, problems point at the line to change, and files go through the
 * host. Data sets are small and runs short, so the whole file stays fast.
 */

/** Files in memory; a missing one throws as Node's fs does (code ENOENT). */
function memoryHost(files: Record<string, string> = {}): SessionHost & { readonly files: Map<string, Uint8Array> } {
  const stored = new Map(Object.entries(files).map(([path, text]) => [path, new TextEncoder().encode(text)]));
  const read = (path: string): Uint8Array => {
    const bytes = stored.get(path);
    if (bytes === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return bytes;
  };
  return {
    files: stored,
    readText: (path) => new TextDecoder().decode(read(path)),
    readBytes: read,
    writeBytes: (path, bytes) => void stored.set(path, bytes.slice()),
  };
}

/** A session over an in-memory host, running cells by index. */
function notebook(options: SessionOptions = {}, host = memoryHost()) {
  const session = new NotebookSession(host, options);
  return { session, host, run: (cell: number, source: string, control?: CellControl) => session.runCell(cell, source, control) };
}

/** Where `text` (its `occurrence`-th appearance) is in a cell's source, as the session reports locations. */
function locationOf(cell: number, source: string, text: string, occurrence = 1): SourceLocation {
  let start = -1;
  for (let i = 0; i < occurrence; i++) start = source.indexOf(text, start + 1);
  if (start < 0) throw new Error(`'${text}' is not in the cell`);
  const before = source.slice(0, start).split('\n');
  return { cell, start, end: start + text.length, line: before.length, column: before[before.length - 1].length + 1 };
}

function expectOk(result: CellResult): void {
  expect(result.problems).toEqual([]);
  expect(result.status).toBe('ok');
}

function outputsOf<K extends 'train' | 'compare' | 'evaluate' | 'weights'>(result: CellResult, kind: K) {
  return result.outputs.filter((output) => output.kind === kind) as Extract<CellResult['outputs'][number], { kind: K }>[];
}

/** The cell's one train output. */
function trainOf(result: CellResult): TrainOutput {
  const outputs = outputsOf(result, 'train');
  expect(outputs).toHaveLength(1);
  return outputs[0];
}

/** A run without what differs between two identical runs (the clock) or between two texts (the label). */
function comparable(run: RunSummary): unknown {
  return JSON.parse(JSON.stringify(run, (key, value) => (key === 'elapsedMs' || key === 'label' ? undefined : value)));
}

const MOONS = 'data moons n=60 noise=0.1 seed=1\nsplit val=0.25\n';
const MODEL = 'model\n  dense 8 tanh\n  dense 2 softmax\n';

describe('NotebookSession: cells share one session', () => {
  it('trains in one cell on what earlier cells declared', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer sgd lr=0.1'));
    const result = run(1, 'train epochs=2');
    expectOk(result);
    const { title, run: summary } = trainOf(result);
    expect(title).toBe('train epochs=2');
    expect(summary.status).toBe('completed');
    // 45 training samples (60 less a quarter) in batches of 32: 2 steps an epoch, 4 in all.
    expect(summary.steps).toBe(4);
    expect(summary.settings).toEqual({ optimizer: 'sgd', learningRate: 0.1, loss: 'sparse_categorical_crossentropy', batchSize: 32 });
  });

  it('uses the latest declaration: a later optimizer replaces the earlier one', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer sgd lr=0.1'));
    expectOk(run(1, 'optimizer rmsprop lr=0.02'));
    expect(trainOf(run(2, 'train epochs=1')).run.settings).toMatchObject({ optimizer: 'rmsprop', learningRate: 0.02 });
  });

  it('continues from the current weights while the model is unchanged', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL));
    const first = trainOf(run(1, 'train epochs=3 batch=45')).run;
    const secondOutput = trainOf(run(2, 'train epochs=2 batch=45'));
    const second = secondOutput.run;
    expect(secondOutput.title).toBe('train epochs=2 batch=45 (continued)');
    const last = first.epochs[first.epochs.length - 1];
    // Epoch 0 of the second run scores the weights the first run ended with: the same validation loss to the last bit.
    expect(second.epochs[0].validationLoss).toBe(last.validationLoss);
    // Full batches, so the first run's last training loss is the loss one small step before: the two nearly agree,
    // and the second run does not start again from the first run's initial loss.
    const start = second.epochs[0].trainLoss;
    expect(Math.abs(start - last.trainLoss)).toBeLessThan(Math.abs(start - first.epochs[0].trainLoss));
    expect(start).toBeCloseTo(last.trainLoss, 1);
    // The output says so, with the training before it and the untrained loss its diagnostics are judged against.
    expect(first.continued).toBeUndefined();
    expect(second.continued).toEqual({ from: 'training', runs: 1, steps: first.steps, initialLoss: first.epochs[0].trainLoss });
    const third = trainOf(run(3, 'train epochs=1 batch=45')).run;
    expect(third.continued).toEqual({ from: 'training', runs: 2, steps: first.steps + second.steps, initialLoss: first.epochs[0].trainLoss });
  });

  it('continues when the same model is declared again elsewhere (moving a line is no change)', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL));
    expectOk(run(1, 'train epochs=1'));
    expectOk(run(2, '# the same network\n' + MODEL));
    expect(trainOf(run(3, 'train epochs=1')).title).toBe('train epochs=1 (continued)');
  });

  it('starts afresh from the initializers when the model changed', () => {
    const changed = 'model\n  dense 5 tanh\n  dense 2 softmax';
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL));
    expectOk(run(1, 'train epochs=2'));
    expectOk(run(2, changed));
    const afresh = trainOf(run(3, 'train epochs=1'));
    expect(afresh.title).toBe('train epochs=1');
    // The same as a new session given the new model: nothing of the old weights is left.
    const fresh = notebook();
    expectOk(fresh.run(0, MOONS + changed));
    expect(comparable(afresh.run)).toEqual(comparable(trainOf(fresh.run(1, 'train epochs=1')).run));
  });

  it('changes nothing when a cell has a syntax error', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer adam'));
    const source = 'optimizer sgd lr=0.5\nmodel\n  dense 7 softmax\nloss mse (';
    const broken = run(1, source);
    expect(broken).toEqual({
      status: 'error',
      outputs: [],
      problems: [{ code: 'unclosed-bracket', severity: 'error', message: "')' is missing to close the call to 'mse' opened here", location: locationOf(1, source, '(') }],
    });
    // Still adam, and still two output units (seven would not fit the two classes).
    const result = run(2, 'train epochs=1');
    expectOk(result);
    expect(trainOf(result).run.settings).toMatchObject({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  });

  it('changes nothing when a cell has a checking error', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer adam'));
    const source = 'optimizer sgd\nloss mse\nmetrics acuracy';
    expect(run(1, source).problems).toEqual([
      { code: 'unknown-name', severity: 'error', message: "unknown metric 'acuracy' (did you mean 'accuracy'?)", location: locationOf(1, source, 'acuracy') },
    ]);
    expect(trainOf(run(2, 'train epochs=1')).run.settings).toMatchObject({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  });
});

describe('NotebookSession: problems point at the line to change', () => {
  it('reports every missing piece of a train at once, at the train statement', () => {
    const { run } = notebook();
    const source = '# nothing declared yet\ntrain epochs=1';
    const train = locationOf(0, source, 'train epochs=1');
    expect(run(0, source)).toEqual({
      status: 'error',
      outputs: [],
      problems: [
        { code: 'missing-data', severity: 'error', message: 'train needs data: declare it first, e.g. data spirals n=600', location: train },
        { code: 'missing-model', severity: 'error', message: 'train needs a model: declare one first, e.g.\nmodel\n  dense 16 relu\n  dense 3 softmax', location: train },
      ],
    });
  });

  it('reports a missing model alone when the data is there', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS));
    expect(run(1, 'evaluate').problems.map((p) => [p.code, p.location])).toEqual([['missing-model', locationOf(1, 'evaluate', 'evaluate')]]);
  });

  it('reports a class count that differs from the output width at the output layer, in the cell that declared it', () => {
    const { run } = notebook();
    // spirals has 3 classes by default.
    const source = '# three spirals\ndata spirals n=60 seed=2\nmodel\n  dense 8 relu\n  dense 2 softmax\n  dropout 0.1';
    expectOk(run(0, source));
    expect(run(1, 'train epochs=1').problems).toEqual([
      {
        code: 'class-count',
        severity: 'error',
        message: 'the output layer has 2 units but the data has 3 classes (0, 1, 2): use dense 3 softmax',
        // Cell 0, line 5, column 3: the last dense layer, even with dropout after it.
        location: { cell: 0, start: source.indexOf('dense 2'), end: source.indexOf('dense 2') + 'dense 2 softmax'.length, line: 5, column: 3 },
      },
    ]);
  });

  it('reports a per-class loss on a single output unit at the loss line', () => {
    const { run } = notebook();
    // moons has 2 classes: one sigmoid unit needs binary cross-entropy; with sparse labels over one column nothing is learned.
    const source = 'data moons n=60 seed=1\nmodel\n  dense 8 relu\n  dense 1 sigmoid\nloss sparse_categorical_crossentropy\ntrain epochs=1';
    expect(run(0, source).problems).toEqual([
      {
        code: 'loss-output',
        severity: 'error',
        message: 'sparse_categorical_crossentropy needs one output per class, but the output layer has 1 unit: use binary_crossentropy with dense 1 sigmoid, or dense 2 softmax',
        location: locationOf(0, source, 'loss sparse_categorical_crossentropy'),
      },
    ]);
    expectOk(run(1, source.replace('dense 1 sigmoid', 'dense 2 softmax')));
  });

  it('reports a metric that cannot score the output at the metrics line, not at train', () => {
    const { run } = notebook();
    const source = 'data moons n=60 seed=1\nmodel\n  dense 8 relu\n  dense 1 sigmoid\nmetrics accuracy top_k_accuracy(k=3)';
    expectOk(run(0, source));
    expect(run(1, 'train epochs=1').problems).toEqual([
      {
        code: 'invalid-value',
        severity: 'error',
        message: 'metric top_k_accuracy: needs one score per class (width > 1), got width 1',
        location: locationOf(0, source, 'metrics accuracy top_k_accuracy(k=3)'),
      },
    ]);
  });

  it('reports a softmax output for a regression data set at the output layer', () => {
    const { run } = notebook();
    const source = 'data sine n=40\nmodel\n  dense 4 tanh\n  dense 1 softmax\ntrain epochs=1';
    const result = run(0, source);
    expect(result.status).toBe('error');
    expect(result.problems).toEqual([
      {
        code: 'softmax-regression',
        severity: 'error',
        message: 'a softmax output makes probabilities, but sine is a regression task: use a linear output (dense 1)',
        location: locationOf(0, source, 'dense 1 softmax'),
      },
    ]);
    expect(outputsOf(result, 'train')).toEqual([]);
  });

  it('reports a classification loss on a regression data set at the loss line, naming every regression loss', () => {
    const { run } = notebook();
    const source = 'data sine n=40\nmodel\n  dense 4 tanh\n  dense 1\nloss hinge\ntrain epochs=1';
    const result = run(0, source);
    expect(result.problems).toEqual([
      {
        code: 'loss-task',
        severity: 'error',
        message: 'hinge needs class labels, but sine is a regression task: use mse, mae, huber or cosine_similarity',
        location: locationOf(0, source, 'loss hinge'),
      },
    ]);
  });

  it('reports a missing CSV file at its data line', () => {
    const { run } = notebook();
    const source = '# my own data\ndata csv "x.csv" target=y';
    expect(run(0, source).problems).toEqual([
      { code: 'invalid-data', severity: 'error', message: "cannot read data file 'x.csv': no such file", location: locationOf(0, source, 'data csv "x.csv" target=y') },
    ]);
    // A train in a later cell points back at the same line.
    const model = 'model\n  dense 2 softmax\ntrain epochs=1';
    expect(run(1, model).problems.map((p) => [p.message, p.location])).toEqual([["cannot read data file 'x.csv': no such file", locationOf(0, source, 'data csv "x.csv" target=y')]]);
  });

  it('reports a split that leaves no training data at the split line, not the data line', () => {
    const { run } = notebook();
    const source = 'data moons n=40\nsplit val=0.5 test=0.5';
    expect(run(0, source).problems).toEqual([
      {
        code: 'invalid-data',
        severity: 'error',
        message: 'split: validation + test must be below 1 so training keeps samples, got 0.5 + 0.5',
        location: locationOf(0, source, 'split val=0.5 test=0.5'),
      },
    ]);
  });

  it('reports a schedule that cannot be built at the schedule line, not the train line', () => {
    const { run } = notebook();
    // adam's default rate is 0.001, below the cosine's floor.
    const source = MOONS + MODEL + 'schedule cosine min=0.01';
    expectOk(run(0, source));
    expect(run(1, 'train epochs=1').problems).toEqual([
      { code: 'invalid-value', severity: 'error', message: 'schedule cosine: min must be ≤ the base learning rate 0.001, got 0.01', location: locationOf(0, source, 'schedule cosine min=0.01') },
    ]);
  });

  it('reads a CSV file through the host', () => {
    // y = 1 exactly when a + b > 1: 12 rows, two classes.
    const rows = [[0.1, 0.2], [0.9, 0.8], [0.3, 0.1], [0.7, 0.9], [0.2, 0.4], [0.8, 0.6], [0.4, 0.3], [0.6, 0.7], [0.1, 0.5], [0.9, 0.4], [0.2, 0.2], [0.5, 0.9]];
    const csv = ['a,b,y', ...rows.map(([a, b]) => `${a},${b},${a + b > 1 ? 1 : 0}`)].join('\n');
    const { run } = notebook({}, memoryHost({ 'data/points.csv': csv }));
    const result = run(0, 'data csv "data/points.csv" target=y\nmodel\n  dense 2 softmax\ntrain epochs=2');
    expectOk(result);
    expect(result.outputs[0]).toEqual({ kind: 'summary', lines: ['data data/points.csv: 12 samples × 2 features, 2 classes (0, 1)', 'split: train 12'] });
    expect(trainOf(result).run.steps).toBe(2);
  });

  it('carries the location of the layer line on layer diagnostics', () => {
    const { run } = notebook();
    // glorot_uniform (scale 1) under ReLU, which needs scale 2: init-mismatch, about layer 1 (batchnorm is layer 0).
    const source = MOONS + 'model\n  batchnorm\n  dense 8 relu init=glorot_uniform\n  dense 2 softmax';
    expectOk(run(0, source));
    const diagnostics = trainOf(run(1, 'train epochs=1')).run.diagnostics.filter((d) => d.code === 'init-mismatch');
    expect(diagnostics.map((d) => [d.layer, d.location])).toEqual([['1', locationOf(0, source, 'dense 8 relu init=glorot_uniform')]]);
  });
});

describe('NotebookSession: evaluate, save and load', () => {
  const SPLITS = 'data moons n=80 noise=0.1 seed=4\nsplit val=0.25 test=0.25\n' + MODEL;

  it('refuses to evaluate before any train', () => {
    const { run } = notebook();
    expectOk(run(0, SPLITS));
    expect(run(1, 'evaluate')).toEqual({
      status: 'error',
      outputs: [],
      problems: [
        {
          code: 'not-trained',
          severity: 'error',
          message: 'evaluate needs a trained model: run train (or load weights) after declaring the model',
          location: locationOf(1, 'evaluate', 'evaluate'),
        },
      ],
    });
  });

  it('gives a confusion matrix whose counts add up to the split', () => {
    const { run } = notebook();
    expectOk(run(0, SPLITS));
    const result = run(1, 'train epochs=2\nevaluate\nevaluate split=validation');
    expectOk(result);
    const [test, validation] = outputsOf(result, 'evaluate');
    // 80 samples: a quarter for validation, a quarter for test.
    for (const [evaluation, split, count] of [[test, 'test', 20], [validation, 'validation', 20]] as [EvaluateOutput, string, number][]) {
      expect(evaluation).toMatchObject({ split, count });
      expect(evaluation.confusion!.classes).toEqual(['0', '1']);
      expect(evaluation.confusion!.counts.flat().reduce((sum, n) => sum + n, 0)).toBe(count);
      // One ROC curve per class, each with its AUC.
      expect(evaluation.roc!.map((curve) => curve.label)).toEqual(['0', '1']);
    }
  });

  it.each(['w.safetensors', 'runs/w.json'])('saves and loads %s through the host, weights unchanged', (path) => {
    const host = memoryHost();
    const trained = notebook({}, host);
    expectOk(trained.run(0, SPLITS));
    const saved = trained.run(1, `train epochs=2\nevaluate\nsave weights "${path}"`);
    expectOk(saved);
    expect(host.files.has(path)).toBe(true);
    expect(outputsOf(saved, 'weights')[0].tensors).toEqual([
      { name: '0.weight', shape: [8, 2] },
      { name: '0.bias', shape: [8] },
      // Named as nn.Sequential(Linear, Tanh, Linear) numbers its modules.
      { name: '2.weight', shape: [2, 8] },
      { name: '2.bias', shape: [2] },
    ]);
    // A new session on the same files scores the loaded weights exactly as the trained ones.
    const loaded = notebook({}, host);
    expectOk(loaded.run(0, SPLITS));
    const result = loaded.run(1, `load weights "${path}"\nevaluate`);
    expectOk(result);
    const before = outputsOf(saved, 'evaluate')[0];
    const after = outputsOf(result, 'evaluate')[0];
    expect(after.loss).toBe(before.loss);
    expect(after.confusion).toEqual(before.confusion);
    // Training the loaded weights further says where they came from.
    expect(trainOf(loaded.run(2, 'train epochs=1')).run.continued).toEqual({ from: 'file', runs: 0, steps: 0 });
  });

  it('refuses a JSON weight file that is not UTF-8, saying where, instead of reading replaced characters', () => {
    const host = memoryHost();
    // {"é…: a Latin-1 é (0xE9) on line 1, column 3.
    host.files.set('w.json', Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    const { run } = notebook({}, host);
    expectOk(run(0, SPLITS));
    const result = run(1, 'load weights "w.json"');
    expect(result.status).toBe('error');
    expect(result.problems.map((p) => p.message)).toEqual(['w.json: line 1, column 3: byte 2 (0xE9) is not UTF-8; save the file as UTF-8 text']);
  });

  it('reports every mismatched tensor when loading into a different model', () => {
    const { run } = notebook();
    expectOk(run(0, SPLITS));
    expectOk(run(1, 'train epochs=1\nsave weights "w.safetensors"'));
    const source = 'model\n  dense 5 tanh\n  dense 2 softmax\nload weights "w.safetensors"';
    const result = run(2, source);
    expect(result.status).toBe('error');
    expect(result.problems).toEqual([
      {
        code: 'invalid-value',
        severity: 'error',
        message:
          "model: cannot load weights: '0.weight' has shape [8, 2], layer 0 (dense) needs [5, 2]; '0.bias' has shape [8], layer 0 (dense) needs [5]; " +
          "'2.weight' has shape [2, 8], layer 1 (dense) needs [2, 5]",
        location: locationOf(2, source, 'load weights "w.safetensors"'),
      },
    ]);
  });

  it('reports a weights file that is not there', () => {
    const { run } = notebook();
    expectOk(run(0, SPLITS));
    expect(run(1, 'load weights "none.json"').problems).toEqual([
      { code: 'missing-file', severity: 'error', message: "load weights: cannot read 'none.json': no such file", location: locationOf(1, 'load weights "none.json"', 'load weights "none.json"') },
    ]);
  });

  it('refuses to save before training, and after the model changed', () => {
    const { run, host } = notebook();
    expectOk(run(0, SPLITS));
    expect(run(1, 'save weights "a.json"').problems.map((p) => p.message)).toEqual(['save weights: there are no weights yet: run train (or load weights) first']);
    expectOk(run(2, 'train epochs=1'));
    const source = 'model\n  dense 3 tanh\n  dense 2 softmax\nsave weights "b.json"';
    expect(run(3, source).problems).toEqual([
      {
        code: 'no-weights',
        severity: 'error',
        message: 'save weights: the model changed since it was trained: run train (or load weights) first',
        location: locationOf(3, source, 'save weights "b.json"'),
      },
    ]);
    expect([...host.files.keys()]).toEqual([]);
  });
});

describe('NotebookSession: runs', () => {
  const NOTEBOOK = (dataSeed: number, splitSeed: number, trainSeed: number) =>
    `data spirals n=60 seed=${dataSeed}\nsplit val=0.2 seed=${splitSeed}\nmodel\n  dense 6 relu\n  dropout 0.2\n  dense 3 softmax\ntrain epochs=2 seed=${trainSeed}`;

  it('replaces every seed with SessionOptions.seed', () => {
    const a = trainOf(notebook({ seed: 7 }).run(0, NOTEBOOK(1, 3, 1))).run;
    const b = trainOf(notebook({ seed: 7 }).run(0, NOTEBOOK(2, 4, 9))).run;
    expect(comparable(a)).toEqual(comparable(b));
    // Without the option the seeds written in the notebook count, so the runs differ.
    const c = trainOf(notebook().run(0, NOTEBOOK(1, 3, 1))).run;
    const d = trainOf(notebook().run(0, NOTEBOOK(2, 4, 9))).run;
    expect(comparable(c)).not.toEqual(comparable(d));
  });

  it('repeats a run exactly in another session', () => {
    const a = notebook().run(0, NOTEBOOK(1, 3, 1));
    const b = notebook().run(0, NOTEBOOK(1, 3, 1));
    expect(comparable(trainOf(a).run)).toEqual(comparable(trainOf(b).run));
  });

  it('stops a cancelled train and keeps working for the next cell', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL));
    const signal = { aborted: false };
    const steps: number[] = [];
    const control: CellControl = {
      signal,
      onProgress: ({ cell, action, progress }) => {
        expect([cell, action]).toEqual([1, 'train']);
        steps.push(progress.step);
        if (progress.step >= 3) signal.aborted = true;
      },
    };
    const cancelled = run(1, 'train epochs=50 batch=4', control);
    expect(cancelled.status).toBe('cancelled');
    const summary = trainOf(cancelled).run;
    expect(summary.status).toBe('cancelled');
    // 45 samples in batches of 4 is 12 steps an epoch: the run stopped long before its 600.
    expect(summary.totalSteps).toBe(600);
    expect(summary.steps).toBeGreaterThanOrEqual(3);
    expect(summary.steps).toBeLessThan(600);
    const next = run(2, 'train epochs=1');
    expectOk(next);
    expect(trainOf(next).run.status).toBe('completed');
  });

  it('compares one run per value, from the same initial weights', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer sgd'));
    const result = run(1, 'compare lr=[0.5, 0.01] epochs=3');
    expectOk(result);
    const [compare] = outputsOf(result, 'compare') as CompareOutput[];
    expect(compare.setting).toBe('lr');
    expect(compare.runs.map((r) => [r.label, r.settings.learningRate])).toEqual([['0.5', 0.5], ['0.01', 0.01]]);
    // The learning rate acts only from the first update on: epoch 0 is the same network.
    const [fast, slow] = compare.runs;
    expect(fast.epochs[0].trainLoss).toBe(slow.epochs[0].trainLoss);
    expect(fast.epochs[3].trainLoss).not.toBe(slow.epochs[3].trainLoss);
  });

  it('compares normalizations, each arm on data scaled its own way', () => {
    // linear data's features are not scaled, so the arms see different inputs from the start.
    const data = 'data linear n=60 seed=1\nmodel\n  dense 1\n';
    const { run } = notebook();
    expectOk(run(0, data));
    const [compare] = outputsOf(run(1, 'compare normalize=[none, standard] epochs=1'), 'compare');
    const [none, standard] = compare.runs;
    expect(none.epochs[0].trainLoss).not.toBe(standard.epochs[0].trainLoss);
    // The standard arm is the run a `normalize standard` declaration gives.
    const declared = notebook();
    expectOk(declared.run(0, data + 'normalize standard'));
    expect(comparable(standard)).toEqual(comparable(trainOf(declared.run(1, 'train epochs=1')).run));
  });

  it('compares chained schedules, each arm labelled as written and run as its schedule statement runs', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer sgd lr=0.1'));
    const result = run(1, 'compare schedule=[constant, warmup(10) then cosine(min=0.0001), warmup(steps=5, start_factor=0.5) then step(3)] epochs=6 batch=9');
    expectOk(result);
    const [compare] = outputsOf(result, 'compare');
    expect(compare.runs.map((r) => r.label)).toEqual(['constant', 'warmup(10) then cosine(min=0.0001)', 'warmup(steps=5, start_factor=0.5) then step(3)']);
    const [constant, cosine, step] = compare.runs;
    expect(new Set(constant.schedulePreview.map((point) => point.y))).toEqual(new Set([0.1]));
    // Each chained arm is the run the same chain declared with `schedule` gives (a compare draws its landscapes coarser).
    const withoutLandscape = (summary: RunSummary) => ({ ...(comparable(summary) as object), landscape: undefined });
    const declared = (schedule: string) => {
      const session = notebook();
      expectOk(session.run(0, MOONS + MODEL + `optimizer sgd lr=0.1\nschedule ${schedule}`));
      return withoutLandscape(trainOf(session.run(1, 'train epochs=6 batch=9')).run);
    };
    expect(withoutLandscape(cosine)).toEqual(declared('warmup 10 then cosine min=0.0001'));
    expect(withoutLandscape(step)).toEqual(declared('warmup steps=5 start_factor=0.5 then step 3'));
    // Step 0 of the second chain starts at half the rate.
    expect(step.schedulePreview[0].y).toBeCloseTo(0.05, 10);
  });

  it('previews a warmup then cosine schedule: a linear rise, then a decay to about min', () => {
    const { run } = notebook();
    expectOk(run(0, MOONS + MODEL + 'optimizer sgd lr=0.1\nschedule warmup 10 then cosine min=0.0001'));
    // 45 samples in batches of 9: 5 steps an epoch, 30 in all; the cosine period is what the warmup leaves, 20.
    const preview = trainOf(run(1, 'train epochs=6 batch=9')).run.schedulePreview;
    expect(preview.map((p) => p.x)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Step t < 10 runs at 0.1·t/10; step 10 at the top, 0.1.
    preview.slice(0, 11).forEach((p, t) => expect(p.y).toBeCloseTo(0.01 * t, 10));
    for (let i = 11; i < preview.length; i++) expect(preview[i].y).toBeLessThan(preview[i - 1].y);
    // Last step, t = 29: cosine at 19 of 20, 1e-4 + ½(0.1 − 1e-4)(1 + cos(19π/20)) = 1e-4 + 0.04995 × 0.012312 ≈ 7.150e-4.
    expect(preview[29].y).toBeCloseTo(7.15e-4, 6);
  });
});

describe('NotebookSession: training threads', () => {
  /** Wide enough at batch 128 that a step is split in two (see splitParts). */
  const WIDE = (extra = '') =>
    ['data blobs n=512 classes=3 features=8 seed=4', 'model', '  dense 128 relu', extra, '  dense 128 relu', '  dense 3 softmax', 'optimizer adam lr=0.001']
      .filter((line) => line !== '')
      .join('\n');
  const TRAIN = 'train epochs=2 batch=128 seed=1';

  /** A host whose helper threads are in-process shards, recording each spec it was given. */
  function threadedHost(): SessionHost & { readonly specs: ReplicaSpec[] } {
    const specs: ReplicaSpec[] = [];
    return { ...memoryHost(), specs, gradientThreads: (spec, threads) => (specs.push(spec), localShards(spec, threads - 1)) };
  }

  function threadedSession(threads: number, host: SessionHost) {
    const session = new NotebookSession(host, { threads });
    return (cell: number, source: string) => session.runCell(cell, source);
  }

  function trainedWith(threads: number, model = WIDE(), host: SessionHost = memoryHost()): RunSummary {
    const run = threadedSession(threads, host);
    expect(run(0, model).status).toBe('ok');
    return trainOf(run(1, TRAIN)).run;
  }

  it('splits a large batch across the host threads and ends where one thread ends, to float32 rounding', () => {
    const host = threadedHost();
    const split = trainedWith(2, WIDE(), host);
    const single = trainedWith(1);
    expect(host.specs).toHaveLength(1);
    expect([split.threads, single.threads]).toEqual([2, 1]);
    expect(split.steps).toBe(single.steps);
    expect(split.finalMetrics.loss).toBeCloseTo(single.finalMetrics.loss, 4);
    // Rounding differs, so the weights are not bit for bit those of one thread.
    expect(split.finalMetrics.loss).not.toBe(single.finalMetrics.loss);
  });

  it('describes the model it trains to the threads, a compare arm with its own activation', () => {
    const host = threadedHost();
    const run = threadedSession(2, host);
    run(0, WIDE());
    expect(run(1, 'compare activation=[relu, tanh] epochs=1 batch=128 seed=1').status).toBe('ok');
    expect(host.specs.map((spec) => spec.layers.map((layer) => (layer.kind === 'dense' ? layer.activation.name : layer.kind)))).toEqual([
      ['relu', 'relu', 'softmax'],
      ['tanh', 'tanh', 'softmax'],
    ]);
    expect(host.specs[0]).toMatchObject({ inputSize: 8, loss: { name: 'sparse_categorical_crossentropy' } });
  });

  it('never splits a model with batch norm, nor asks for threads with one thread', () => {
    const host = threadedHost();
    expect(trainedWith(2, WIDE('  batchnorm'), host).threads).toBe(1);
    expect(trainedWith(1, WIDE(), host).threads).toBe(1);
    expect(host.specs).toEqual([]);
  });
});
