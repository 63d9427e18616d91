import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../../src/engine/weights';
import type { CellResult } from '../../../src/protocol/cell-output';
import { CASES, FIXTURES, expectClose, expectedOf, fixtureLayers, fixtureSession, forwardOf, loadAndSave } from './fixtures';

/**
 * The committed PyTorch and Keras fixtures (test/fixtures/pytorch, written as
 * safetensors.torch.save_file writes them) loaded by a notebook into the
 * model it declares: the mapping is reported, the forward pass matches the
 * outputs written with the fixture, and the file the notebook saves back is
 * the nn.Sequential's own state dict.
 */

/** The lines of a cell's summary outputs, where the load report goes. */
function summaryLines(result: CellResult): string[] {
  return result.outputs.flatMap((output) => (output.kind === 'summary' ? output.lines : []));
}

describe('PyTorch and Keras weight files, loaded by a notebook', () => {
  it.each(CASES)('%s loads into its declared model and gives the expected outputs', (name) => {
    const { result, saved } = loadAndSave(name);
    expect(result.problems).toEqual([]);
    expectClose(forwardOf(name, saved), expectedOf(name).output);
  });

  it('says nothing more when the names are those of the declared model’s nn.Sequential', () => {
    for (const name of ['linear-tanh-linear', 'linear-relu-dropout-batchnorm-linear']) {
      expect(summaryLines(loadAndSave(name).result).filter((line) => line.startsWith('load weights'))).toEqual([]);
    }
  });

  it('reports how an nn.Sequential file was mapped when its indices are not the model’s: a dropout the notebook does not declare', () => {
    const { result, saved } = loadAndSave('linear-relu-dropout-batchnorm-linear', 'model\n  dense 4 relu\n  batchnorm\n  dense 2');
    expect(result.problems).toEqual([]);
    expect(summaryLines(result).slice(-4)).toEqual([
      'load weights "w.safetensors": nn.Sequential names, matched in order to the layers with weights:',
      '  0.weight, 0.bias → layer 0 (dense)',
      '  3.weight, 3.bias, 3.running_mean, 3.running_var, 3.num_batches_tracked → layer 1 (batchnorm)',
      '  4.weight, 4.bias → layer 2 (dense)',
    ]);
    // Dropout is the identity in evaluation, so the outputs are the fixture's.
    const name = 'linear-relu-dropout-batchnorm-linear';
    expectClose(forwardOf(name, saved, fixtureLayers(name).filter((layer) => layer.kind !== 'dropout')), expectedOf(name).output);
  });

  it('reports how a Keras file was mapped, kernels transposed', () => {
    const { result } = loadAndSave('keras-dense-batchnorm-dense');
    expect(summaryLines(result).slice(-4)).toEqual([
      'load weights "w.safetensors": Keras names, matched by layer class and number:',
      '  dense/kernel (transposed), dense/bias → layer 0 (dense)',
      '  batch_normalization/gamma, batch_normalization/beta, batch_normalization/moving_mean, batch_normalization/moving_variance → layer 1 (batchnorm)',
      '  dense_1/kernel (transposed), dense_1/bias → layer 2 (dense)',
    ]);
  });

  it.each(['linear-tanh-linear', 'linear-relu-dropout-batchnorm-linear'])(
    '%s saved back by the notebook is the same file byte for byte: same names, values and num_batches_tracked',
    (name) => {
      const { saved } = loadAndSave(name);
      expect(Buffer.from(saved).equals(readFileSync(join(FIXTURES, `${name}.safetensors`)))).toBe(true);
    },
  );
});

describe('num_batches_tracked', () => {
  it("counts on from a loaded file's count: each training step is one batch through batch norm", () => {
    const { session, host } = fixtureSession('linear-relu-dropout-batchnorm-linear');
    const result = session.runCell(1, 'train epochs=3 batch=2 seed=1\nsave weights "after.safetensors"');
    expect(result.problems).toEqual([]);
    // 4 samples in batches of 2: 2 steps an epoch, 6 in 3 epochs, after the fixture's 7.
    const counter = readSafetensors(host.files.get('after.safetensors')!).integers;
    expect(counter).toEqual([{ name: '3.num_batches_tracked', dtype: 'I64', shape: [], values: [13] }]);
  });

  it('starts from 0 for weights trained from scratch', () => {
    const { session, host } = fixtureSession('linear-relu-dropout-batchnorm-linear', false);
    expect(session.runCell(1, 'train epochs=1 batch=4 seed=1\nsave weights "after.safetensors"').problems).toEqual([]);
    expect(readSafetensors(host.files.get('after.safetensors')!).integers[0].values).toEqual([1]);
  });
});
