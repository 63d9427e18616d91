import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importError, TORCH_PYTHON } from '../python-torch';
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
/** Starting Python and importing torch alone takes seconds, more on a busy machine. */
const RUN_TIMEOUT = 300_000;

const noTorch = importError('torch', TORCH_PYTHON);
if (noTorch) console.log(`PyTorch not importable by ${TORCH_PYTHON}: ${noTorch}; skipping the exported scripts' runs`);

/** Our per-step losses for the notebook's first train, and its initial weights as a safetensors file. */
function ourRun(notebook: string): { losses: number[]; rates: number[]; weights: Uint8Array } {
  const path = join(FIXTURES, notebook);
  const program = readExportProgram(readFileSync(path, 'utf8'), createNodeHost(dirname(path)));
  const run = new TrainingRun({ ...program.plan.config, recentSteps: 100_000 }, { train: program.data.train, ...(program.data.validation ? { validation: program.data.validation } : {}) });
  const weights = encodeWeights('safetensors', run.model.stateDict(), pytorchModuleIndices(run.model.layers), 0).bytes;
  run.run();
  const steps = run.telemetry.recentSteps();
  return { losses: steps.map((step) => step.loss), rates: steps.map((step) => step.learningRate), weights };
}

/** Exports the notebook into `folder` to start from a copy of our initial weights; returns the script's path. */
function writeScript(notebook: string, weights: Uint8Array, folder: string): string {
  const path = join(FIXTURES, notebook);
  const stem = notebook.replace(/\.nnlab$/, '');
  writeFileSync(join(folder, `${stem}.initial.safetensors`), weights);
  const exported = exportPytorch(readFileSync(path, 'utf8'), createNodeHost(dirname(path)), {
    notebookName: notebook,
    scriptName: `${stem}.py`,
    weights: `${stem}.initial.safetensors`,
    scriptPath: (file) => relative(folder, join(dirname(path), file)),
  });
  const script = join(folder, `${stem}.py`);
  writeFileSync(script, exported.script);
  if (exported.dataFile) writeFileSync(join(folder, exported.dataFileName), exported.dataFile);
  return script;
}

/** What the script wrote for every step, after checking that it ran cleanly. */
interface ScriptHistory {
  readonly loss: number[];
  readonly learning_rate: number[];
}

function historyOf(status: number | null, stderr: string, lossesPath: string): ScriptHistory {
  expect(stderr.split('\n').filter((line) => /Error|Traceback/.test(line))).toEqual([]);
  expect(status, stderr).toBe(0);
  return JSON.parse(readFileSync(lossesPath, 'utf8')) as ScriptHistory;
}

const ONE_THREAD = { ...process.env, OMP_NUM_THREADS: '1' };

/** The script run as `python SCRIPT`. */
function pytorchRun(script: string): ScriptHistory {
  const lossesPath = script.replace(/\.py$/, '.losses.json');
  const run = spawnSync(TORCH_PYTHON, [script, '--losses', lossesPath], { encoding: 'utf8', timeout: 300_000, env: ONE_THREAD });
  return historyOf(run.status, run.stderr, lossesPath);
}

/** The torchrun beside the interpreter, when it can start a process (Debian's 1.13 launcher fails before any). */
function workingTorchrun(): string | undefined {
  const torchrun = join(dirname(TORCH_PYTHON), 'torchrun');
  if (!existsSync(torchrun)) return undefined;
  const probe = spawnSync(torchrun, ['--standalone', '--nproc_per_node=1', '--no_python', 'true'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status === 0) return torchrun;
  console.log(`${torchrun} cannot start a process; starting the two processes as it would`);
  return undefined;
}

/**
 * The script run in two processes: by torchrun where it works, else started
 * as torchrun starts them (the same environment variables).
 */
async function distributedRun(script: string): Promise<number[]> {
  const lossesPath = script.replace(/\.py$/, '.distributed.json');
  const torchrun = workingTorchrun();
  if (torchrun) {
    const run = spawnSync(torchrun, ['--standalone', '--nproc_per_node=2', script, '--losses', lossesPath], { encoding: 'utf8', timeout: 300_000, env: ONE_THREAD });
    return historyOf(run.status, run.stderr, lossesPath).loss;
  }
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const ranks = [0, 1].map(
    (rank) =>
      new Promise<{ status: number | null; stderr: string }>((done) => {
        const env = { ...ONE_THREAD, WORLD_SIZE: '2', RANK: String(rank), LOCAL_RANK: String(rank), MASTER_ADDR: '127.0.0.1', MASTER_PORT: port };
        const child = spawn(TORCH_PYTHON, [script, '--losses', lossesPath], { env });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => done({ status, stderr }));
      }),
  );
  const results = await Promise.all(ranks);
  for (const result of results) expect(result.status, result.stderr).toBe(0);
  return historyOf(0, results.map((result) => result.stderr).join(''), lossesPath).loss;
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

  it.each(['moons.nnlab', 'parcels.nnlab', 'sine.nnlab', 'shapes.nnlab', 'early.nnlab', 'adding.nnlab', 'reversal.nnlab', 'autoclip.nnlab', 'plateau.nnlab', 'velocity.nnlab', 'ema.nnlab', 'uncorrected.nnlab', 'saturated.nnlab', 'hinge.nnlab', 'kl.nnlab', 'frozen.nnlab'])('%s: every step within relative 1e-4', (notebook) => {
    const ours = ourRun(notebook);
    const history = pytorchRun(writeScript(notebook, ours.weights, folder));
    const theirs = history.loss;
    expect(theirs.length).toBe(ours.losses.length);
    // The schedule's rates are computed in float64 on both sides: equal but for the last bits of a cosine or power.
    expect(maxRelativeDifference(ours.rates.filter((rate) => rate !== 0), history.learning_rate.filter((rate) => rate !== 0))).toBeLessThan(1e-12);
    const difference = maxRelativeDifference(ours.losses, theirs);
    console.log(`${notebook}: ${ours.losses.length} steps, max relative loss difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(TOLERANCE);
  }, RUN_TIMEOUT);

  it('diverge.nnlab stops where ours does, give or take the step whose float32 loss overflows', () => {
    const ours = ourRun('diverge.nnlab');
    const theirs = pytorchRun(writeScript('diverge.nnlab', ours.weights, folder)).loss;
    console.log(`diverge.nnlab: ours stops after ${ours.losses.length} steps, the script after ${theirs.length}`);
    // PyTorch sums the loss in float32, which overflows past 3.4e38 while ours, in float64, does not.
    expect(ours.losses.length - theirs.length).toBeGreaterThanOrEqual(0);
    expect(ours.losses.length - theirs.length).toBeLessThanOrEqual(2);
    // Once the loss explodes, rounding grows with it: the runs agree while it is below 10⁶.
    const calm = ours.losses.findIndex((loss) => loss > 1e6);
    expect(calm).toBeGreaterThan(3);
    expect(maxRelativeDifference(ours.losses.slice(0, calm), theirs.slice(0, calm))).toBeLessThan(TOLERANCE);
  }, RUN_TIMEOUT);

  it('noise.nnlab, with input noise and dropout drawn by PyTorch, trains as many steps and learns', () => {
    const ours = ourRun('noise.nnlab');
    const theirs = pytorchRun(writeScript('noise.nnlab', ours.weights, folder)).loss;
    expect(theirs.length).toBe(ours.losses.length);
    expect(theirs.every(Number.isFinite)).toBe(true);
    // Other noise, same training: the last epoch's mean loss is well below the first's, as ours.
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(theirs.slice(-10))).toBeLessThan(0.8 * mean(theirs.slice(0, 10)));
    expect(mean(ours.losses.slice(-10))).toBeLessThan(0.8 * mean(ours.losses.slice(0, 10)));
  }, RUN_TIMEOUT);

  it('moons.nnlab in two processes, each with half of every batch: every step within relative 1e-4', async () => {
    const ours = ourRun('moons.nnlab');
    const theirs = await distributedRun(writeScript('moons.nnlab', ours.weights, folder));
    expect(theirs.length).toBe(ours.losses.length);
    const difference = maxRelativeDifference(ours.losses, theirs);
    console.log(`moons.nnlab in 2 processes: max relative loss difference ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(TOLERANCE);
  }, RUN_TIMEOUT);
});
