import { describe, expect, it } from 'vitest';
import type { CellResult, TrainOutput } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession } from '../../src/session/session';

/**
 * Image and sequence models through the session, as a notebook runs them:
 * shapes flow from the data through each layer, a layer that cannot read its
 * input is reported at its own line, and `augment` shifts images.
 */

const noFiles: SessionHost = {
  readText: (path) => {
    throw new Error(`no file ${path}`);
  },
  readBytes: (path) => {
    throw new Error(`no file ${path}`);
  },
  writeBytes: () => undefined,
};

function run(source: string): CellResult {
  return new NotebookSession(noFiles).runCell(0, source);
}

function trainOf(result: CellResult): TrainOutput {
  expect(result.problems).toEqual([]);
  const train = result.outputs.find((output): output is TrainOutput => output.kind === 'train');
  if (!train) throw new Error('no train output');
  return train;
}

function problemsOf(result: CellResult) {
  expect(result.status).toBe('error');
  return result.problems;
}

function summaryOf(result: CellResult): string[] {
  return result.outputs.flatMap((output) => (output.kind === 'summary' ? output.lines : []));
}

const CONV = 'model\n  conv2d 4 3 relu padding=same\n  maxpool 2\n  flatten\n  dense 4 softmax\n';

describe('images', () => {
  it('counts each layer on the data\'s image shape and trains a conv net on shapes', () => {
    const result = run(`data shapes n=200 seed=1\n${CONV}train epochs=2 seed=3`);
    expect(summaryOf(result)).toEqual(expect.arrayContaining([
      'model: 4 layers, 1,068 trainable parameters, inputs of shape 1×16×16',
      '  0: conv2d 4 3 relu padding=same — 40 parameters',
      '  2: flatten — 0 parameters',
      '  3: dense 4 softmax — 1,028 parameters',
    ]));
    const { run: summary } = trainOf(result);
    expect(summary.status).toBe('completed');
    expect(summary.epochs.at(-1)!.trainLoss).toBeLessThan(summary.epochs[0].trainLoss);
  });

  it('reports a layer that cannot read what the layer before makes at that layer\'s line', () => {
    const source = 'data shapes n=50\nmodel\n  conv2d 4 3\n  dense 4 softmax\ntrain epochs=1';
    const [problem] = problemsOf(run(source));
    expect(problem.code).toBe('layer-shape');
    expect(problem.message).toBe('dense (layer 1) reads [features] or [timesteps, features], but its input has shape [4, 14, 14]; put flatten (or global_avgpool) before it');
    expect(problem.location).toMatchObject({ cell: 0, start: source.indexOf('dense 4 softmax'), end: source.indexOf('dense 4 softmax') + 'dense 4 softmax'.length });
  });

  it('shifts and turns each training image: the same seed replays the run, no augmentation trains differently', () => {
    const base = `data shapes n=120 seed=2\n${CONV}`;
    const augmented = (seed: number) => trainOf(run(`${base}augment shift=2 rotate=10\ntrain epochs=2 seed=${seed}`)).run.epochs.at(-1)!.trainLoss;
    const plain = trainOf(run(`${base}train epochs=2 seed=5`)).run.epochs.at(-1)!.trainLoss;
    expect(augmented(5)).toBe(augmented(5));
    expect(augmented(5)).not.toBe(plain);
  });

  it('refuses shift and rotate on data that is not images, at the augment line', () => {
    const source = 'data moons n=40\naugment shift=1\nmodel\n  dense 2 softmax\ntrain epochs=1';
    const [problem] = problemsOf(run(source));
    expect(problem.code).toBe('augment-images');
    expect(problem.location).toMatchObject({ start: source.indexOf('augment'), end: source.indexOf('augment') + 'augment shift=1'.length });
  });
});

describe('sequences', () => {
  it('trains an LSTM on the adding problem from its last step', () => {
    const { run: summary } = trainOf(run('data adding n=200 length=10 seed=1\nmodel\n  lstm 8\n  dense 1\ntrain epochs=2 seed=1'));
    expect(summary.status).toBe('completed');
    expect(Number.isFinite(summary.epochs.at(-1)!.trainLoss)).toBe(true);
  });

  it('scores a model that returns sequences per timestep, and asks for return_sequences when the data labels every step', () => {
    const model = (sequences: boolean) => `model\n  embedding input_dim=11 output_dim=8\n  gru 16 return_sequences=${sequences}\n  dense 11 softmax\n`;
    const { run: summary } = trainOf(run(`data reversal n=100 seed=1\n${model(true)}metrics accuracy bleu\ntrain epochs=1`));
    expect(summary.epochs.at(-1)!.metrics).toHaveProperty('bleu');
    const [problem] = problemsOf(run(`data reversal n=100 seed=1\n${model(false)}train epochs=1`));
    expect(problem.code).toBe('target-width');
    expect(problem.message).toContain('set return_sequences=true on the last recurrent layer');
  });
});
