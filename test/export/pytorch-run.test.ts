import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingRun } from '../../src/engine/train/run';
import { pytorchModuleIndices } from '../../src/engine/weights';
import { exportPytorch } from '../../src/export';
import { readExportProgram } from '../../src/export/notebook-program';
import { createNodeHost } from '../../src/node/host';
import { encodeWeights } from '../../src/session/weight-files';

/**
 * The exported scripts run in real PyTorch, started from our initial
 * weights, must give our loss at every step within float32 rounding
 * (relative 1e-4). Skipped, saying why, where no interpreter imports torch.
 */

const FIXTURES = join(__dirname, '..', 'fixtures', 'export');
const TOLERANCE = 1e-4;

function importError(module: string, python: string): string | undefined {
  const probe = spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' });
  if (probe.error) return probe.error.message;
  if (probe.status !== 0) return probe.stderr.trim().split('\n').pop() ?? `${python} exited with ${probe.status}`;
  return undefined;
}

/** $PYTHON when set, else the first of python3 and the system's that imports torch (as the PyTorch interop test finds it). */
const PYTHON = process.env.PYTHON ?? ['python3', '/usr/bin/python3'].find((python) => importError('torch', python) === undefined) ?? 'python3';
const noTorch = importError('torch', PYTHON);
if (noTorch) console.log(`PyTorch not importable by ${PYTHON}: ${noTorch}; skipping the exported scripts' runs`);

/** Our per-step losses for the notebook's first train, and its initial weights as a safetensors file. */
function ourRun(notebook: string): { losses: number[]; weights: Uint8Array } {
  const path = join(FIXTURES, notebook);
  const program = readExportProgram(readFileSync(path, 'utf8'), createNodeHost(dirname(path)));
  const run = new TrainingRun({ ...program.plan.config, recentSteps: 100_000 }, { train: program.data.train, ...(program.data.validation ? { validation: program.data.validation } : {}) });
  const weights = encodeWeights('safetensors', run.model.stateDict(), pytorchModuleIndices(run.model.layers), 0).bytes;
  run.run();
  return { losses: run.telemetry.recentSteps().map((step) => step.loss), weights };
}

/** The script's per-step losses, exported beside a copy of our initial weights and run in `folder`. */
function pytorchRun(notebook: string, weights: Uint8Array, folder: string, launcher: readonly string[] = []): number[] {
  const path = join(FIXTURES, notebook);
  const stem = notebook.replace(/\.nnlab$/, '');
  const weightsPath = join(folder, `${stem}.initial.safetensors`);
  writeFileSync(weightsPath, weights);
  const exported = exportPytorch(readFileSync(path, 'utf8'), createNodeHost(dirname(path)), {
    notebookName: notebook,
    dataFileName: `${stem}.data.safetensors`,
    weights: `${stem}.initial.safetensors`,
    scriptPath: (file) => relative(folder, join(dirname(path), file)),
  });
  const script = join(folder, `${stem}.py`);
  writeFileSync(script, exported.script);
  if (exported.dataFile) writeFileSync(join(folder, `${stem}.data.safetensors`), exported.dataFile);
  const lossesPath = join(folder, `${stem}.losses.json`);
  const command = launcher.length > 0 ? [...launcher, script] : [script];
  const run = spawnSync(launcher.length > 0 ? launcher[0] : PYTHON, [...command.slice(launcher.length > 0 ? 1 : 0), '--losses', lossesPath], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  expect(run.stderr.split('\n').filter((line) => /Error|Traceback/.test(line))).toEqual([]);
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(readFileSync(lossesPath, 'utf8')) as { loss: number[] }).loss;
}

/** The largest |a − b| / |b| over the steps. */
function maxRelativeDifference(ours: readonly number[], theirs: readonly number[]): number {
  return Math.max(...ours.map((loss, step) => Math.abs(theirs[step] - loss) / Math.abs(loss)));
}

describe.skipIf(noTorch !== undefined)('exported PyTorch scripts reproduce our loss curves', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'nnlab-export-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(['moons.nnlab', 'parcels.nnlab', 'sine.nnlab'])('%s: every step within relative 1e-4', (notebook) => {
    const ours = ourRun(notebook);
    const theirs = pytorchRun(notebook, ours.weights, folder);
    expect(theirs.length).toBe(ours.losses.length);
    const difference = maxRelativeDifference(ours.losses, theirs);
    console.log(`${notebook}: ${ours.losses.length} steps, max relative loss difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(TOLERANCE);
  });
});
