import { describe, expect, it } from 'vitest';
import { createDataset, type Dataset } from '../../../src/engine/data/dataset';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { createLoss } from '../../../src/engine/losses';
import type { RunConfig } from '../../../src/engine/train/config';
import { TrainingRun, type RunResult } from '../../../src/engine/train/run';
import { classifierConfig, dense, sectors } from '../train/fixtures';

/**
 * chance-level on real runs: a network that cannot leave the guess of the
 * class frequencies, and networks that learn, one of them from a start at
 * the guess. The figures in the comments are what these seeds produce.
 */
const train = sectors(160, 3);
const validation = sectors(64, 4);

function runOf(config: RunConfig, data = { train, validation }): RunResult {
  return new TrainingRun(config, data).run();
}

/** The same points, labelled 1 in the first sector and 0 elsewhere: a binary task. */
function firstSector(data: Dataset): Dataset {
  const y = Float32Array.from(data.y, (label) => (label === 0 ? 1 : 0));
  return createDataset({ name: 'first sector', x: data.x, y, task: 'classification', features: data.features, classes: ['0', '1'] });
}

const chanceOf = (result: RunResult): Diagnostic | undefined => result.diagnostics.find((d) => d.code === 'chance-level');

describe('chance-level on real runs', () => {
  it('flags zero weights, which give every sample the same output, and points to symmetry for the fix', () => {
    // every hidden unit outputs 0, so only the output biases learn: the loss settles at the entropy of the labels, ≈ ln 3
    const result = runOf(classifierConfig({ epochs: 8, layers: [dense(16, 'relu', 'zeros'), dense(16, 'relu', 'zeros'), dense(3, 'softmax', 'zeros')] }));
    // symmetry names the cause; plateau, which the flat loss also meets, gives way to chance-level
    expect(result.diagnostics.map((d) => d.code)).toContain('symmetry');
    expect(result.diagnostics.map((d) => d.code)).not.toContain('plateau');
    const found = chanceOf(result);
    expect(found).toMatchObject({ severity: 'warning', epoch: 8, threshold: 0.1, fixConcept: 'he_normal', fix: expect.stringContaining('follow the fix of symmetry') });
    expect(found?.measured).toBeLessThan(0.01);
    expect(found?.message).toContain('the cross-entropy of guessing each of the 3 classes with probability 1/3 (ln 3 = 1.1)');
  });

  it('measures one sigmoid output against the class prior', () => {
    const binary = { train: firstSector(train), validation: firstSector(validation) };
    const zeros = [dense(16, 'relu', 'zeros'), dense(16, 'relu', 'zeros'), dense(1, 'sigmoid', 'zeros')];
    const found = chanceOf(runOf(classifierConfig({ epochs: 8, layers: zeros, loss: createLoss('binary_crossentropy') }), binary));
    // 49 of the 160 labels are 1: p = 0.306, −p ln p − (1−p) ln(1−p) = 0.616; the loss ends at 0.625, the guess's accuracy is 1 − p = 0.694
    expect(binary.train.y.reduce((sum, label) => sum + label, 0)).toBe(49);
    expect(found?.message).toContain('guessing the positive class with its frequency p = 0.306 (−p ln p − (1−p) ln(1−p) = 0.616)');
    expect(found?.message).toContain('against 0.694 for the guess');
  });

  it('stays silent on a run that starts at the guess and then learns', () => {
    // a zero output layer predicts 1/3 for every class: epoch 0's loss is ln 3 to four digits; by epoch 8 it is 0.22, accuracy 0.89
    const result = runOf(classifierConfig({ epochs: 8, layers: [dense(16, 'relu'), dense(16, 'relu'), dense(3, 'softmax', 'zeros')] }, 'adam', 0.003));
    expect(result.epochs[0].trainLoss).toBeCloseTo(Math.log(3), 4);
    expect(chanceOf(result)).toBeUndefined();
  });

  it('stays silent on a run that learns from a random start', () => {
    expect(chanceOf(runOf(classifierConfig({ epochs: 8 })))).toBeUndefined();
  });
});
