// PyTorch's side of the CNN and LSTM workloads: ./pytorch-bench.py in a
// Python child process per thread count, driven round by round over its
// stdin so its rounds take turns with the other engines'.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { networkBatchOf, type NamedWeights, type NetworkTrainer, type NetworkWorkload } from './network-workloads';

/** The worker script, beside the bench bundle's sources (dist/bench.js runs from dist/). */
const SCRIPT = join(__dirname, '..', 'scripts', 'bench', 'pytorch-bench.py');

/** PyTorch's version and the interpreter that imports it, or why none does. */
export type PyTorchFound = { readonly python: string; readonly version: string } | { readonly python: undefined; readonly reason: string };

/**
 * The interpreter with PyTorch, found as the PyTorch tests find it: $PYTHON
 * when set, else python3 on the PATH, else the system's /usr/bin/python3.
 */
export function findPyTorch(): PyTorchFound {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['python3', '/usr/bin/python3'];
  const reasons: string[] = [];
  for (const python of candidates) {
    const run = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (run.status === 0) return { python, version: run.stdout.trim() };
    reasons.push(`${python}: ${(run.error?.message ?? run.stderr.trim().split('\n').pop()) || `exit ${run.status}`}`);
  }
  return { python: undefined, reason: reasons.join('; ') };
}

/** A PyTorch process on `threads` threads (torch.set_num_threads) training the workload from our initial weights. */
export function pytorchTrainer(python: string, threads: number, workload: NetworkWorkload, initial: readonly NamedWeights[]): NetworkTrainer {
  const child = spawn(python, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const replies = lineReplies(child);
  const { x, targets } = networkBatchOf(workload);
  const spec = {
    kind: workload.kind,
    threads,
    batch: workload.batch,
    inputShape: workload.inputShape,
    x: Array.from(x),
    targets: Array.from(targets),
    weights: Object.fromEntries(initial.map(({ name, shape, value }) => [name, { shape, values: Array.from(value) }])),
  };
  child.stdin.write(`${JSON.stringify(spec)}\n`);
  return {
    first: async () => {
      const { loss, outputShape } = (await replies()) as { loss: number; outputShape: number[] };
      return { loss, outputShape };
    },
    round: async (seconds) => {
      child.stdin.write(`round ${seconds}\n`);
      return ((await replies()) as { times: number[] }).times;
    },
    dispose: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end('quit\n');
      await exit;
    },
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
