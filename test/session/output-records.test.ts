import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/engine/diagnostics/diagnostic';
import type { EpochRecord, LayerStats, StepRecord } from '../../src/engine/train/records';
import { createNodeHost } from '../../src/node/host';
import type { CellResult, RunSummary } from '../../src/protocol/cell-output';
import { epochSummary, locatedDiagnostic, stepSummary } from '../../src/session/output-records';
import { NotebookSession } from '../../src/session/session';

/**
 * The session copies the engine's records into the protocol's: what it
 * builds is what docs/nnlab-run.schema.json describes, and nothing the
 * engine adds to its records reaches a saved output.
 */

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'nnlab-run.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

/** Cells as `nnlab run --json` writes them, NaN and ±Infinity as strings. */
function report(cells: readonly { source: string; result: CellResult }[]): unknown {
  const json = { format: 'nnlab-run', version: 1, notebook: 'n.nnlab', seed: null, threads: 1, kernel: 'wasm relaxed', status: 'ok', cells: cells.map(({ source, result }, index) => ({ index, source, error: null, ...result })) };
  return JSON.parse(JSON.stringify(json, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value)));
}

const SETUP = ['data moons n=100 seed=3', 'split val=0.2', 'model', '  dense 8 leaky_relu(0.1) init=zeros', '  dense 2 softmax', 'clip norm 1', 'schedule warmup 2 then cosine'].join('\n');
const TRAINING = 'optimizer sgd lr=0.1\ntrain epochs=2 batch=20 seed=1\ninspect init';
const DIVERGING = 'optimizer sgd lr=1e30\nclip none\ntrain epochs=2 batch=20 seed=1';

describe('outputs built by the session', () => {
  it('validate against the saved-output schema: settings, epochs, layers, diagnostics, divergence and inspect', () => {
    const session = new NotebookSession(createNodeHost(tmpdir()));
    const cells = [SETUP, TRAINING, DIVERGING].map((source, index) => ({ source, result: session.runCell(index, source) }));
    const runs = cells.flatMap(({ result }) => result.outputs.flatMap((o): RunSummary[] => (o.kind === 'train' ? [o.run] : [])));
    // The cells hold every record the session converts, or the validation below would prove less.
    expect(runs.map((run) => run.status)).toEqual(['completed', 'diverged']);
    expect(runs[0].settings.clip).toEqual({ method: 'norm', threshold: 1 });
    expect(runs[0].diagnostics.find((d) => d.layer === '0')?.location?.line).toBe(4);
    expect(runs[0].epochs[0].layers[0].negativeSlope).toBeCloseTo(0.1);
    expect(runs[1].divergence?.quantity).toBeDefined();
    expect(cells[1].result.outputs.map((o) => o.kind)).toContain('inspect');
    expect(validate(report(cells)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

describe('the conversion from engine records', () => {
  const layer: LayerStats = {
    layer: '0', kind: 'dense', activation: 'relu', initializer: 'he_normal', units: 4, weightMean: 0, weightStd: 0.5, unitSpread: 1,
    activationMean: 0.2, activationVariance: 1, preactivationVariance: 1, deadFraction: 0, saturatedFraction: null, gradientNorm: 0.1, updateRatio: Number.NaN, distanceFromStart: 0,
  };
  const epoch: EpochRecord = { epoch: 1, step: 5, trainLoss: 0.5, metrics: { accuracy: 0.9 }, validationMetrics: {}, learningRate: 0.01, layers: [layer] };

  it('copies every field the protocol declares', () => {
    expect(epochSummary(epoch)).toEqual(epoch);
    const step: StepRecord = { step: 3, epoch: 1, loss: 0.7, learningRate: 0.01, gradNormBefore: 2, gradNormAfter: 1, clipped: true };
    expect(stepSummary(step)).toEqual(step);
  });

  it('leaves out what the engine records beyond the protocol', () => {
    const grown = { ...epoch, wallClockMs: 12, layers: [{ ...layer, weightNorm: 3 }] };
    expect(epochSummary(grown)).toEqual(epoch);
    const diagnostic = { code: 'plateau', severity: 'info', message: 'm', measured: 0, threshold: 1e-3, subject: 'train', fix: 'f', fixConcept: 'adam', internalScore: 4 } as Diagnostic;
    const location = { cell: 0, start: 0, end: 5, line: 1, column: 1 };
    expect(locatedDiagnostic(diagnostic, location)).toEqual({ code: 'plateau', severity: 'info', message: 'm', measured: 0, threshold: 1e-3, subject: 'train', fix: 'f', fixConcept: 'adam', location });
  });
});
