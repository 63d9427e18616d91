import { describe, expect, it } from 'vitest';
import { noFilesHost as host } from '../session/no-files-host';
import { previewSchedule, type CodeCell } from '../../src/worker/schedule-preview';

// 200 samples in batches of 20: 10 steps an epoch.
const DECLARATIONS = 'data spirals n=200 classes=2\nmodel\n  dense 8 relu\n  dense 2 softmax\noptimizer sgd lr=0.1';

function preview(sources: readonly string[], target = sources.length - 1) {
  const cells: CodeCell[] = sources.map((source, index) => ({ index, source }));
  return previewSchedule(host, {}, cells, target);
}

describe('previewSchedule', () => {
  it("plans a compare's length and batch with the declarations above it", () => {
    const result = preview([DECLARATIONS, 'schedule cosine\ncompare lr=[0.1, 0.01] epochs=3 batch=20']);
    expect(result).toMatchObject({ status: 'ok', statement: 'train epochs=3 batch=20', optimizer: 'sgd', schedule: expect.any(String), totalSteps: 30, baseLearningRate: 0.1 });
    expect(result.points).toHaveLength(30);
    expect(result.points[0].y).toBeCloseTo(0.1, 6);
    expect(result.points[29].y).toBeLessThan(0.01);
  });

  it('leaves out what the target cell declares after its train, and the actions of the cells above', () => {
    const result = preview([`${DECLARATIONS}\ntrain epochs=1 batch=20\noptimizer adam`, 'train epochs=2 batch=20\noptimizer adam']);
    expect(result).toMatchObject({ status: 'ok', statement: 'train epochs=2 batch=20', optimizer: 'adam', totalSteps: 20, points: [] });
    const own = preview([DECLARATIONS, 'train epochs=2 batch=20\noptimizer adam lr=0.5']);
    expect(own).toMatchObject({ optimizer: 'sgd', baseLearningRate: 0.1 });
  });

  it('plans the last run above a cell without one, and a cell with an error in a declaration declares nothing', () => {
    const result = preview([DECLARATIONS, 'train epochs=5 batch=40', 'optimizer adam lr=oops\nschedule cosine']);
    expect(result).toMatchObject({ status: 'ok', statement: 'train epochs=5 batch=40', optimizer: 'sgd', totalSteps: 25, points: [] });
  });

  it('says what is missing at the train statement it planned', () => {
    const result = preview(['data spirals n=200\nschedule cosine\n\ntrain epochs=2']);
    expect(result.status).toBe('error');
    expect(result.problems).toMatchObject([{ code: 'missing-model', location: { cell: 0, line: 4 } }]);
  });
});
