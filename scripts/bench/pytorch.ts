// PyTorch's side of the benchmark: ./pytorch-bench.py in a Python child
// process per thread count, driven round by round over its stdin so its
// rounds take turns with the other engines'.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { networkBatchOf, type NamedWeights, type NetworkTrainer, type NetworkWorkload } from './network-workloads';
import { batchOf, type DenseWeights, type Workload } from './workloads';

/**
 * The repository's root: the nearest folder above this code with a
 * package.json (this file runs from scripts/bench/ under vitest and from the
 * dist/ bundle under `npm run bench`).
 */
function repositoryRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

const ROOT = repositoryRoot();
const SCRIPT = join(ROOT, 'scripts', 'bench', 'pytorch-bench.py');

/** Where `npm run bench:setup` (scripts/setup-bench-pytorch.sh) puts its virtual environment. */
export const BENCH_VENV_PYTHON = join(ROOT, '.venv-bench', 'bin', 'python');

/** The PyTorch a run measures against: its interpreter, version and BLAS; or why none was found. */
export type PyTorchFound =
  | {
      readonly python: string;
      readonly version: string;
      /** BLAS_INFO of torch.__config__.show() ('mkl', 'open', 'accelerate', 'generic'…). */
      readonly blas: string;
      /** False for a generic-BLAS build (Debian's python3-torch): several times slower than pip's wheels. */
      readonly optimized: boolean;
      /** The better candidates tried first, each with why it was passed over. */
      readonly passedOver: readonly string[];
    }
  | { readonly python: undefined; readonly reason: string };

/**
 * The interpreters to try, best first: $PYTHON when set (the reader's own
 * choice), then the venv of `npm run bench:setup` (pip's optimized build),
 * then python3 on the PATH and the system's /usr/bin/python3.
 */
export function pythonCandidates(envPython: string | undefined, venvPython: string): string[] {
  const candidates = [...(envPython ? [envPython] : []), venvPython, 'python3', '/usr/bin/python3'];
  return candidates.filter((python, i) => candidates.indexOf(python) === i);
}

/** BLAS_INFO from torch.__config__.show(), 'unknown' when it says none. */
export function blasOf(config: string): string {
  return /BLAS_INFO=(\w+)/.exec(config)?.[1] ?? 'unknown';
}

/** Whether a build's matrix products come from a tuned library; Debian's generic reference BLAS is not one. */
export function isOptimizedBlas(blas: string): boolean {
  return blas !== 'generic' && blas !== 'unknown';
}

const PROBE = 'import json, torch; print(json.dumps({"version": torch.__version__, "config": torch.__config__.show()}))';

/** The first candidate interpreter that imports torch (see pythonCandidates), with its version and BLAS. */
export function findPyTorch(): PyTorchFound {
  const reasons: string[] = [];
  for (const python of pythonCandidates(process.env.PYTHON, BENCH_VENV_PYTHON)) {
    if (python.startsWith('/') && !existsSync(python)) {
      reasons.push(`${python}: not found`);
      continue;
    }
    const run = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000 });
    if (run.status === 0) {
      const { version, config } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { version: string; config: string };
      const blas = blasOf(config);
      return { python, version, blas, optimized: isOptimizedBlas(blas), passedOver: reasons };
    }
    reasons.push(`${python}: ${(run.error?.message ?? run.stderr.trim().split('\n').pop()) || `exit ${run.status}`}`);
  }
  return { python: undefined, reason: reasons.join('; ') };
}

/** The first line pytorch-bench.py reads: the kind of work, the thread count and whatever that kind needs. */
interface ProcessSpec {
  readonly kind: string;
  readonly threads: number;
  readonly [field: string]: unknown;
}

/** A running pytorch-bench.py: its first reply, then timed rounds. */
interface PyTorchProcess {
  /** The reply to the spec line. */
  first(): Promise<unknown>;
  /** Times the kind's work for about `seconds`; its `times`: each step's milliseconds, or each product's per pass. */
  round(seconds: number): Promise<unknown>;
  dispose(): Promise<void>;
}

/** Starts pytorch-bench.py on `spec` (kind, threads and what the kind needs). */
function pytorchProcess(python: string, spec: ProcessSpec): PyTorchProcess {
  const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const replies = lineReplies(child);
  child.stdin.write(`${JSON.stringify(spec)}\n`);
  return {
    first: replies,
    round: async (seconds) => {
      child.stdin.write(`round ${seconds}\n`);
      return ((await replies()) as { times: unknown }).times;
    },
    dispose: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end('quit\n');
      await exit;
    },
  };
}

/** A training process: its first step's loss and output shape, then timed rounds of steps. */
function trainingProcess(python: string, spec: ProcessSpec): NetworkTrainer {
  const worker = pytorchProcess(python, spec);
  return {
    first: async () => {
      const { loss, outputShape } = (await worker.first()) as { loss: number; outputShape: number[] };
      return { loss, outputShape };
    },
    round: async (seconds) => (await worker.round(seconds)) as number[],
    dispose: () => worker.dispose(),
  };
}

const weightsByName = (weights: readonly NamedWeights[]) => Object.fromEntries(weights.map(({ name, shape, value }) => [name, { shape, values: Array.from(value) }]));

/** A PyTorch process on `threads` threads (torch.set_num_threads) training the CNN or LSTM workload from our initial weights. */
export function pytorchTrainer(python: string, threads: number, workload: NetworkWorkload, initial: readonly NamedWeights[]): NetworkTrainer {
  const { x, targets } = networkBatchOf(workload);
  return trainingProcess(python, {
    kind: workload.kind,
    threads,
    batch: workload.batch,
    inputShape: workload.inputShape,
    x: Array.from(x),
    targets: Array.from(targets),
    weights: weightsByName(initial),
  });
}

/** Our dense layers' initial weights under nn.Sequential's state-dict names: Linear i sits at 2i, after i Linear + activation pairs. */
export function sequentialWeights(initial: readonly DenseWeights[]): NamedWeights[] {
  return initial.flatMap(({ kernel, bias, units, inputs }, i) => [
    { name: `${2 * i}.weight`, shape: [units, inputs], value: kernel },
    { name: `${2 * i}.bias`, shape: [units], value: bias },
  ]);
}

/** A PyTorch process on `threads` threads training dense workload (a)–(c) from our initial weights and batch. */
export function pytorchDenseTrainer(python: string, threads: number, workload: Workload, initial: readonly DenseWeights[]): NetworkTrainer {
  const { x, labels } = batchOf(workload);
  return trainingProcess(python, {
    kind: 'dense',
    threads,
    batch: workload.batch,
    inputShape: [workload.widths[0]],
    widths: workload.widths,
    activation: workload.activation,
    x: Array.from(x),
    targets: Array.from(labels),
    weights: weightsByName(sequentialWeights(initial)),
  });
}

/** One matrix product as the kernels name it: C (m×n) = op(A)·op(B), plus a bias row for NTBias. */
export interface Product {
  readonly op: 'NN' | 'NT' | 'TN' | 'NTBias';
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/** A step's matrix products run one after another, pass after pass, each call timed. */
export interface ProductTimer {
  /** Resolves once every product's operands are made. */
  ready(): Promise<void>;
  /** Passes over all the products for about `seconds`: per product, each pass's milliseconds. */
  round(seconds: number): Promise<number[][]>;
  dispose(): Promise<void>;
}

/** A one-thread PyTorch process timing the products: torch.mm, or torch.addmm for NTBias. */
export function pytorchProducts(python: string, products: readonly Product[]): ProductTimer {
  const worker = pytorchProcess(python, { kind: 'gemm', threads: 1, products });
  return {
    ready: async () => {
      const { products: made } = (await worker.first()) as { products: number };
      if (made !== products.length) throw new Error(`bench: PyTorch made ${made} of the ${products.length} products`);
    },
    round: async (seconds) => (await worker.round(seconds)) as number[][],
    dispose: () => worker.dispose(),
  };
}

/** Each call resolves with the child's next stdout line as JSON; rejects with its stderr if it exits first. */
function lineReplies(child: ChildProcessWithoutNullStreams): () => Promise<unknown> {
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  child.on('close', () => {
    exited = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  return async () => {
    const line = lines.shift() ?? (exited ? undefined : await new Promise<string | undefined>((resolve) => waiting.push(resolve)));
    if (line === undefined) throw new Error(`the PyTorch process ended early: ${stderr.trim()}`);
    return JSON.parse(line);
  };
}
