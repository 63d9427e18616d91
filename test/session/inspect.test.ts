import { describe, expect, it } from 'vitest';
import { noFilesHost as host } from './no-files-host';
import type { CellOutput } from '../../src/protocol/cell-output';
import { NotebookSession } from '../../src/session/session';

const MODEL = 'data spirals n=120 classes=3\nsplit val=0.25\nmodel\n  dense 12 tanh init=lsuv\n  batchnorm\n  dropout 0.2\n  dense 3 softmax';

function outputOf<K extends CellOutput['kind']>(source: string, kind: K): Extract<CellOutput, { kind: K }> {
  const result = new NotebookSession(host).runCell(0, source);
  expect(result.problems).toEqual([]);
  const output = result.outputs.find((o): o is Extract<CellOutput, { kind: K }> => o.kind === kind);
  expect(output).toBeDefined();
  return output!;
}

describe('inspect init', () => {
  it('shows the layers exactly as a run with the same seed and batch measures its epoch 0', () => {
    const inspected = outputOf(`${MODEL}\ninspect init`, 'inspect');
    const trained = outputOf(`${MODEL}\ntrain epochs=1 batch=32 seed=0`, 'train');
    expect(inspected.layers).toHaveLength(4);
    expect(inspected.layers).toEqual(trained.run.epochs[0].layers);
  });
});
