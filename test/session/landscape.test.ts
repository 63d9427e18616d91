import { describe, expect, it } from 'vitest';
import type { CellResult, CompareOutput, DecisionLandscape, TrainOutput } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession } from '../../src/session/session';

const host: SessionHost = {
  readText: () => { throw new Error('no files'); },
  readBytes: () => { throw new Error('no files'); },
  writeBytes: () => undefined,
};

function run(source: string): CellResult {
  const result = new NotebookSession(host).runCell(0, source);
  expect(result.problems).toEqual([]);
  return result;
}

/** The class the landscape predicts in the cell that holds (x, y). */
function predictedAt(landscape: DecisionLandscape, x: number, y: number): number {
  const { resolution: n } = landscape;
  const column = Math.min(n - 1, Math.floor(((x - landscape.x[0]) / (landscape.x[1] - landscape.x[0])) * n));
  const row = Math.min(n - 1, Math.floor(((y - landscape.y[0]) / (landscape.y[1] - landscape.y[0])) * n));
  return landscape.values[row * n + column];
}

describe('decision landscape', () => {
  it('maps a trained classifier over the plane of its two inputs, agreeing with the data it learned', () => {
    const result = run('data moons n=300 noise=0.1 seed=1\nsplit val=0.2\nnormalize standard\nmodel\n  dense 16 relu\n  dense 16 relu\n  dense 2 softmax\noptimizer adam lr=0.02\ntrain epochs=40 batch=32 seed=1');
    const { run: summary } = result.outputs.find((o): o is TrainOutput => o.kind === 'train')!;
    const landscape = summary.landscape!;
    expect(landscape).toMatchObject({ features: ['x1', 'x2'], scaled: true, resolution: 48, unitResolution: 16, classes: ['0', '1'] });
    expect(landscape.values).toHaveLength(48 * 48);
    expect(landscape.confidence!.every((p) => p >= 0.5 && p <= 1)).toBe(true);
    // 240 training and 60 validation samples: all of them, as they are under the sampling limits.
    expect(landscape.points.filter((p) => p.split === 'train')).toHaveLength(240);
    expect(landscape.points.filter((p) => p.split === 'validation')).toHaveLength(60);
    // Every point lies inside the grid, and the map predicts the class of nearly all of them:
    // a grid drawn with x and y swapped, or upside down, would not.
    const inside = landscape.points.every((p) => p.x > landscape.x[0] && p.x < landscape.x[1] && p.y > landscape.y[0] && p.y < landscape.y[1]);
    expect(inside).toBe(true);
    const agree = landscape.points.filter((p) => predictedAt(landscape, p.x, p.y) === p.target).length / landscape.points.length;
    expect(agree).toBeGreaterThan(0.9);
    // The first 8 units of both hidden layers, each over 16 × 16 cells.
    expect(landscape.units.map((u) => `${u.layer}:${u.unit}`)).toEqual([...Array.from({ length: 8 }, (_, i) => `0:${i}`), ...Array.from({ length: 8 }, (_, i) => `1:${i}`)]);
    expect(landscape.units.every((u) => u.values.length === 256 && u.values.every((v) => v >= 0))).toBe(true);
  });

  it('gives every compare arm its own map, and none for data with more than two features', () => {
    const compare = run('data xor n=64 seed=1\nmodel\n  dense 4 tanh\n  dense 1 sigmoid\nloss binary_crossentropy\ncompare init=[zeros, glorot_uniform] epochs=2')
      .outputs.find((o): o is CompareOutput => o.kind === 'compare')!;
    // Side by side and small: a coarser map, no unit maps.
    expect(compare.runs.map((r) => [r.landscape?.resolution, r.landscape?.units.length])).toEqual([[32, 0], [32, 0]]);
    // Zero init: every cell gets the same answer.
    expect(new Set(compare.runs[0].landscape!.confidence).size).toBe(1);
    const iris = run('data iris\nmodel\n  dense 4 relu\n  dense 3 softmax\ntrain epochs=1');
    expect(iris.outputs.find((o): o is TrainOutput => o.kind === 'train')!.run.landscape).toBeUndefined();
  });
});
