import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cellLocator, errorText, liveText, payloadJson, resultText } from '../../src/extension/cell-report';
import { createNodeHost } from '../../src/node/host';
import type { CellProblem } from '../../src/protocol/cell-output';
import type { LiveCellPayload } from '../../src/protocol/live-output';
import { NotebookSession } from '../../src/session/session';

const at = (cell: number, line: number, column: number) => ({ cell, start: 0, end: 1, line, column });

describe('cell output text', () => {
  it('locates within the cell, and names the cell for a location in another', () => {
    const locate = cellLocator(3);
    expect(locate(at(3, 2, 11))).toBe('line 2, column 11');
    // Cells are numbered from 1 as VS Code shows them: index 0 is cell 1.
    expect(locate(at(0, 5, 1))).toBe('cell 1, line 5, column 1');
    expect(locate(undefined)).toBe('cell 4');
  });

  it('writes the error output as "line L, column C: message", errors only', () => {
    const problems: CellProblem[] = [
      { code: 'unknown-name', severity: 'error', message: "unknown optimizer 'adamm' (did you mean 'adam'?)", location: at(1, 2, 11) },
      { code: 'init-mismatch', severity: 'warning', message: 'glorot with relu', location: at(1, 3, 1) },
      { code: 'missing-model', severity: 'error', message: 'train needs a model', location: at(0, 1, 1) },
    ];
    expect(errorText(problems, 1)).toBe("line 2, column 11: unknown optimizer 'adamm' (did you mean 'adam'?)\ncell 1, line 1, column 1: train needs a model");
  });

  it('finds the error of a real cell where the user wrote it', () => {
    const session = new NotebookSession(createNodeHost(tmpdir()));
    // "optimizer " is 10 characters, so the misspelt name starts in column 11 of line 2.
    const result = session.runCell(0, 'data spirals n=100\noptimizer adamm');
    expect(result.status).toBe('error');
    expect(errorText(result.problems, 0)).toMatch(/^line 2, column 11: unknown optimizer 'adamm'/);
  });

  it('summarizes a finished train cell as the CLI does, with a note when it was stopped', () => {
    const session = new NotebookSession(createNodeHost(tmpdir()));
    const source = 'data xor n=64 seed=1\nmodel\n  dense 8 tanh\n  dense 1 sigmoid\ntrain epochs=2 batch=16 seed=1';
    const text = resultText(session.runCell(0, source), 0);
    expect(text).toContain('train epochs=2 batch=16 seed=1');
    expect(text).toMatch(/completed\s+8/); // 64 samples in batches of 16: 4 steps an epoch, 8 in 2 epochs
    const stopped = resultText(session.runCell(1, 'train epochs=2 batch=16', { signal: { aborted: true } }), 1);
    expect(stopped).toContain('Stopped: the weights learned so far are kept');
  });

  it('writes NaN and infinities as strings, as the saved outputs and the CLI do', () => {
    const payload = { status: 'ok' as const, problems: [], outputs: [{ kind: 'summary' as const, lines: [] }], extra: [Number.NaN, Infinity, -Infinity, 1.5] };
    expect(payloadJson(payload)).toBe('{"status":"ok","problems":[],"outputs":[{"kind":"summary","lines":[]}],"extra":["NaN","Infinity","-Infinity",1.5]}');
  });

  it('rounds a live snapshot to the digits asked for, integers untouched', () => {
    const payload = { status: 'ok' as const, problems: [], outputs: [], extra: [0.069209236992161, 26480, 1e-7 / 3, Number.NaN] };
    expect(payloadJson(payload, 6)).toBe('{"status":"ok","problems":[],"outputs":[],"extra":[0.0692092,26480,3.33333e-8,"NaN"]}');
  });

  it('says where a live run is', () => {
    const series = { loss: [], learningRate: [], gradNormBefore: [], gradNormAfter: [], clipped: [] };
    const latest = { step: 120, epoch: 3, loss: 0.53214, learningRate: 0.01, gradNormBefore: 1, gradNormAfter: 1, clipped: false };
    const payload: LiveCellPayload = {
      status: 'running',
      problems: [],
      outputs: [
        {
          kind: 'live',
          action: 'compare',
          title: 'compare: he_normal (2 of 2)',
          runs: [
            { label: 'zeros', status: 'finished', steps: 200, totalSteps: 200, elapsedMs: 10, epoch: 5, epochs: [], schedulePreview: [], series },
            { label: 'he_normal', status: 'running', steps: 120, totalSteps: 200, elapsedMs: 10, epoch: 3, latest, epochs: [], schedulePreview: [], series },
          ],
        },
      ],
    };
    expect(liveText(payload)).toBe('compare: he_normal (2 of 2)\n  zeros: done, step 200 of 200, epoch 5\n  he_normal: training, step 120 of 200, epoch 3, loss 0.5321');
  });
});
