import { describe, expect, it } from 'vitest';
import type { CompareOutput, TrainOutput } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession } from '../../src/session/session';

/** MetaInit and GradInit through the session: their report in the output, and their errors at the line that causes them. */

const host: SessionHost = {
  readText: () => {
    throw new Error('no files');
  },
  readBytes: () => {
    throw new Error('no files');
  },
  writeBytes: () => undefined,
};

const SETUP = 'data moons n=200 seed=1\nloss sparse_categorical_crossentropy\noptimizer sgd lr=0.05\n';

function run(model: string, statement = 'train epochs=1 batch=32 seed=1') {
  const session = new NotebookSession(host, {});
  session.runCell(0, SETUP);
  const source = `${model}\n${statement}`;
  return { source, result: session.runCell(1, source) };
}

describe('tuned initializers in a notebook', () => {
  it('report the objective per meta-step and the scale per layer in the train output', () => {
    const { result } = run('model\n  dense 8 tanh init=metainit(steps=4)\n  dense 2 softmax init=metainit(steps=4)');
    expect(result.problems).toEqual([]);
    const tuning = (result.outputs.find((o) => o.kind === 'train') as TrainOutput).run.initTuning!;
    expect(tuning.method).toBe('metainit');
    expect(tuning.objective).toHaveLength(4);
    expect(tuning.scales.map((s) => [s.layer, s.parameter, s.base])).toEqual([
      ['0', '0.weight', 'glorot_uniform'],
      ['1', '1.weight', 'glorot_uniform'],
    ]);
  });

  it('leave runs of a compare without tuning unreported', () => {
    const { result } = run('model\n  dense 8 tanh\n  dense 2 softmax', 'compare init=[glorot_uniform, gradinit(steps=3)] epochs=1 seed=1');
    const [plain, tuned] = (result.outputs.find((o) => o.kind === 'compare') as CompareOutput).runs;
    expect(plain.initTuning).toBeUndefined();
    expect(tuned.initTuning!.objective).toHaveLength(3);
    expect(tuned.initTuning!.constrained).toHaveLength(3);
  });

  it('point at the option when a base is not an initializer', () => {
    const { source, result } = run('model\n  dense 8 tanh init=metainit(base=he)\n  dense 2 softmax');
    expect(result.status).toBe('error');
    const [problem] = result.problems;
    expect(problem.message).toMatch(/base/);
    expect(problem.location.line).toBe(2);
    expect(source.slice(problem.location.start, problem.location.end)).toContain('he');
  });

  it('refuse MetaInit and GradInit in one model, at the statement that would tune it, naming both layers', () => {
    const { result } = run('model\n  dense 8 tanh init=metainit\n  dense 2 softmax init=gradinit');
    expect(result.status).toBe('error');
    expect(result.problems[0].message).toBe('initializer gradinit: layer 1 cannot be tuned by gradinit while layer 0 uses metainit; one model takes one of them');
    expect(result.problems[0].location.line).toBe(4);
  });
});
