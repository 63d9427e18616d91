import { describe, expect, it } from 'vitest';
import { deserializeNotebook, serializeNotebook } from '../../src/format/notebook-format';
import { INTERRUPTED_MESSAGE } from '../../src/extension/interrupted-output';
import { CellKind, fromEditorNotebook, toEditorNotebook, type EditorNotebook } from '../../src/extension/notebook-data';
import { CELL_OUTPUT_MIME } from '../../src/protocol/cell-output';
import type { InterruptedCellPayload, LiveCellPayload, LiveRun } from '../../src/protocol/live-output';

/**
 * A notebook saved while a cell trains: the file must not keep a snapshot
 * that says "training…" forever, since no kernel will finish it after a reopen.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function liveRun(label: string, status: LiveRun['status'], steps: number): LiveRun {
  return { label, status, steps, totalSteps: 100, elapsedMs: 500, epoch: 2, epochs: [], schedulePreview: [], series: { loss: [] } as unknown as LiveRun['series'] };
}

const running: LiveCellPayload = {
  status: 'running',
  problems: [],
  stream: { run: 'a1b2', sequence: 3 },
  outputs: [{ kind: 'live', action: 'compare', title: 'compare init=[zeros, he_normal]', runs: [liveRun('zeros', 'finished', 100), liveRun('he_normal', 'running', 40)] }],
};

/** The editor's notebook: a markdown cell, then a code cell whose output is `payload` with a text item. */
function notebookWith(payload: unknown, text = 'compare init=[zeros, he_normal]\n  he_normal: training, step 40'): EditorNotebook {
  return {
    cells: [
      { kind: CellKind.Markup, value: '# Title', languageId: 'markdown' },
      {
        kind: CellKind.Code,
        value: 'compare init=[zeros, he_normal]',
        languageId: 'nnlab',
        outputs: [{ items: [{ mime: CELL_OUTPUT_MIME, data: encoder.encode(JSON.stringify(payload)) }, { mime: 'text/plain', data: encoder.encode(text) }] }],
      },
    ],
  };
}

function save(notebook: EditorNotebook): string {
  return serializeNotebook(fromEditorNotebook(notebook), { saveOutputs: true });
}

function items(notebook: EditorNotebook): { mime: string; text: string }[] {
  return (notebook.cells[1].outputs ?? []).flatMap((output) => output.items.map((item) => ({ mime: item.mime, text: decoder.decode(item.data) })));
}

describe('a notebook saved mid-run', () => {
  const file = save(notebookWith(running));
  const reopened = toEditorNotebook(deserializeNotebook(file));
  const payload = JSON.parse(items(reopened).find((item) => item.mime === CELL_OUTPUT_MIME)?.text ?? '{}') as InterruptedCellPayload;

  it('writes no running snapshot and no stream to wait for', () => {
    expect(file).not.toMatch(/"status":"running"/);
    expect(file).not.toMatch(/"stream"/);
    expect(payload.status).toBe('interrupted');
  });

  it('reopens as an interrupted run: the run that was training says so, the finished arm keeps its charts', () => {
    const live = payload.outputs[0];
    expect(live.kind).toBe('live');
    expect(live.kind === 'live' && live.runs.map((run) => [run.label, run.status, run.steps])).toEqual([
      ['zeros', 'finished', 100],
      ['he_normal', 'interrupted', 40],
    ]);
  });

  it('says to run the cell again, at the cell, in the JSON and in the text item', () => {
    expect(payload.problems).toEqual([{ code: 'interrupted', severity: 'warning', message: INTERRUPTED_MESSAGE, location: { cell: 1, start: 0, end: 0, line: 1, column: 1 } }]);
    const text = items(reopened).find((item) => item.mime === 'text/plain')?.text ?? '';
    expect(text.split('\n')[0]).toBe(INTERRUPTED_MESSAGE);
    expect(text).toMatch(/he_normal: interrupted, step 40 of 100/);
    expect(text).not.toMatch(/: training,/);
  });

  it('saves again unchanged', () => {
    expect(save(reopened)).toBe(file);
  });

  it('a file written mid-run by an older version also opens as interrupted', () => {
    const old = serializeNotebook(
      { cells: [{ kind: 'code', source: 'train steps=100', outputs: [{ items: [{ mime: CELL_OUTPUT_MIME, data: JSON.stringify(running) }] }] }] },
      { saveOutputs: true },
    );
    const shown = toEditorNotebook(deserializeNotebook(old));
    const json = decoder.decode(shown.cells[0].outputs?.[0].items[0].data);
    expect(JSON.parse(json)).toMatchObject({ status: 'interrupted', problems: [{ code: 'interrupted', location: { cell: 0 } }] });
  });
});

it('a snapshot whose loss diverged (NaN, written as a string) is written as interrupted too', () => {
  const latest = { step: 40, epoch: 2, loss: Number.NaN } as unknown as LiveRun['latest'];
  const diverged = { ...running, outputs: [{ kind: 'live', action: 'train', title: 'train', runs: [{ ...liveRun('train', 'running', 40), latest }] }] };
  // As the controller writes it: NaN becomes the string "NaN".
  const json = JSON.parse(JSON.stringify(diverged, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)));
  const text = save(notebookWith(json));
  expect(text).toMatch(/train: interrupted, step 40 of 100, epoch 2, loss NaN/);
});

describe('outputs that are not live snapshots', () => {
  it.each([
    ['a finished result', { status: 'ok', problems: [], outputs: [] }],
    ['a cancelled result', { status: 'cancelled', problems: [], outputs: [] }],
  ])('%s is written as it is', (_name, result) => {
    const notebook = notebookWith(result, 'done');
    const written = fromEditorNotebook(notebook).cells[1].outputs?.[0].items.map((item) => item.data);
    expect(written).toEqual([JSON.stringify(result), 'done']);
  });

  it('JSON that does not parse is written as it is', () => {
    const notebook: EditorNotebook = {
      cells: [{ kind: CellKind.Code, value: 'x', languageId: 'nnlab', outputs: [{ items: [{ mime: CELL_OUTPUT_MIME, data: encoder.encode('{"status":"running"') }] }] }],
    };
    expect(fromEditorNotebook(notebook).cells[0].outputs?.[0].items[0].data).toBe('{"status":"running"');
  });
});
