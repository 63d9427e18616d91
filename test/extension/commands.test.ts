import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { comparableInitializers, compareStatement, PRESELECTED } from '../../src/extension/commands/initializer-choices';
import { parseCell } from '../../src/lang';
import { lowerCell } from '../../src/lang/lower';
import { epochsCsv, epochsJson, runsOf } from '../../src/extension/commands/metrics-table';
import { scheduleHtml } from '../../src/extension/commands/schedule-view';
import { STARTER_CELLS } from '../../src/extension/commands/starter';
import { createNodeHost } from '../../src/node/host';
import type { RunSummary } from '../../src/protocol/cell-output';
import type { SchedulePreview } from '../../src/protocol/worker-messages';
import { NotebookSession } from '../../src/session/session';

/** A run with just what the metrics table reads. */
function run(label: string, epochs: Partial<RunSummary['epochs'][number]>[]): RunSummary {
  return {
    label,
    status: 'completed',
    epochs: epochs.map((e, i) => ({ epoch: i, step: i * 10, trainLoss: 1, metrics: {}, validationMetrics: {}, learningRate: 0.1, layers: [], ...e })),
  } as unknown as RunSummary;
}

describe('new notebook starter', () => {
  it('runs cell after cell without a problem and trains', () => {
    const session = new NotebookSession(createNodeHost(tmpdir()));
    const results = STARTER_CELLS.flatMap((cell, index) => (cell.kind === 'code' ? [session.runCell(index, cell.source)] : []));
    expect(results.map((r) => [r.status, r.problems])).toEqual([
      ['ok', []],
      ['ok', []],
    ]);
    const train = results[1].outputs.find((o) => o.kind === 'train');
    expect(train?.kind === 'train' && train.run.status).toBe('completed');
  }, 20_000);
});

describe('compare initializers', () => {
  it('writes the statement', () => {
    expect(compareStatement(['zeros', 'he_normal'])).toBe('compare init=[zeros, he_normal] epochs=20 seed=1');
  });

  it('offers only initializers a compare accepts, the preselected ones among them', () => {
    const names = comparableInitializers().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining([...PRESELECTED]));
    const { problems } = lowerCell(parseCell(compareStatement(names)).cell);
    expect(problems).toEqual([]);
  });
});

describe('metrics export', () => {
  const runs = [
    run('sgd(lr=0.1, momentum=0.9)', [{ trainLoss: 0.9, validationLoss: 1.1, metrics: { accuracy: 0.5 }, validationMetrics: { accuracy: 0.4 } }, { trainLoss: 0.5, validationLoss: Number.NaN }]),
    run('adam', [{ trainLoss: 0.7 }]),
  ];

  it('writes one CSV row per run and epoch, quoting a label with a comma, leaving absent values empty', () => {
    expect(epochsCsv(runs)).toBe(
      [
        'run,epoch,step,train_loss,val_loss,learning_rate,accuracy,val_accuracy',
        '"sgd(lr=0.1, momentum=0.9)",0,0,0.9,1.1,0.1,0.5,0.4',
        '"sgd(lr=0.1, momentum=0.9)",1,10,0.5,NaN,0.1,,',
        'adam,0,0,0.7,,0.1,,',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON without per-layer statistics, NaN as a string', () => {
    const table = JSON.parse(epochsJson(runs));
    expect(table[0].epochs[1]).toEqual({ epoch: 1, step: 10, trainLoss: 0.5, validationLoss: 'NaN', learningRate: 0.1, metrics: {}, validationMetrics: {} });
    expect(table.map((r: { run: string }) => r.run)).toEqual(['sgd(lr=0.1, momentum=0.9)', 'adam']);
  });

  it('finds the runs of train and compare outputs', () => {
    const result = { outputs: [{ kind: 'summary' as const, lines: [] }, { kind: 'train' as const, title: 't', run: runs[1] }, { kind: 'compare' as const, title: 'c', setting: 'init', runs }] };
    expect(runsOf(result).map((r) => r.label)).toEqual(['adam', 'sgd(lr=0.1, momentum=0.9)', 'adam']);
  });
});

describe('schedule preview page', () => {
  const preview: SchedulePreview = {
    status: 'ok',
    problems: [],
    statement: 'train epochs=4 batch=20',
    optimizer: 'adam',
    schedule: 'cosine',
    totalSteps: 40,
    points: Array.from({ length: 40 }, (_, x) => ({ x, y: 0.01 * 0.5 * (1 + Math.cos((Math.PI * x) / 40)) })),
  };

  it('draws η_t and tabulates it, first and last step included, with no script', () => {
    const html = scheduleHtml(preview, 'Schedule <cell 2>', 'abc');
    expect(html).toContain('<polyline');
    expect(html).toContain('<td>0</td><td>0.01000</td>');
    expect(html).toContain('<td>39</td>');
    expect(html).toContain('Schedule &#60;cell 2&#62;');
    expect(html).not.toContain('<script');
    expect(html).toContain("default-src 'none'; style-src 'nonce-abc';");
  });

  it('lists what is missing when the run cannot be planned', () => {
    const missing: SchedulePreview = { status: 'error', problems: [{ code: 'missing', severity: 'error', message: 'train needs a model', location: { cell: 0, start: 0, end: 0, line: 1, column: 1 } }], statement: 'train', totalSteps: 0, points: [] };
    expect(scheduleHtml(missing, 'Schedule', 'n')).toContain('<li class="problem">train needs a model</li>');
  });
});
