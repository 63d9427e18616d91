// Workloads (a)–(c): our engine, TensorFlow.js and PyTorch timed in turn,
// round after round in the same run (PyTorch in child processes driven round
// by round over stdin), so a slow moment of the machine (another process, a
// thermal step) hits every engine alike; medians are reported.
import { checkFirstLoss } from './like-for-like';
import { pytorchDenseTrainer, type PyTorchFound } from './pytorch';
import { tfjsTrainer, type TensorFlow } from './tfjs';
import { flopsPerStep, ourTrainer, type DenseWeights, type Trainer, type Workload } from './workloads';

export type EngineName = 'ours' | 'ours-2-threads' | 'tfjs-cpu' | 'tfjs-wasm' | 'pytorch-1-thread' | 'pytorch-2-threads';

/** Threads of the threaded run of our engine: the second core of the machine the targets were set on. */
export const THREADS = 2;

/** How long to time: rounds per engine, seconds per round, and untimed warm-up seconds before the first. */
export interface SpeedPlan {
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly warmupSeconds: number;
}

/** One engine on one workload. */
export interface EngineSpeed {
  readonly engine: EngineName;
  /** Median over the rounds. */
  readonly stepsPerSecond: number;
  readonly samplesPerSecond: number;
  /** Matrix-product work done per second (see flopsPerStep), in 10⁹ FLOP/s. */
  readonly gflops: number;
  /** Every round's steps/s, in order. */
  readonly rounds: readonly number[];
  /** The loss of the first step, from identical weights and data: the frameworks agree to float32 rounding. */
  readonly firstLoss: number;
}

export interface WorkloadSpeed {
  readonly workload: Workload;
  readonly engines: readonly EngineSpeed[];
  /** Whether ours-2-threads split the batch; where the engine's rule says a split does not pay, it ran on one thread. */
  readonly split: boolean;
  /** Why PyTorch has no rows, when it has none. */
  readonly noTorch?: string;
}

/** An engine as the rounds see it: its first step's loss, then rounds that each report steps/s. */
interface TimedEngine {
  first(): Promise<number>;
  round(seconds: number): Promise<number>;
  dispose(): Promise<void>;
}

/** Our engine or TensorFlow.js, stepped and timed in this process. */
function inProcess(trainer: Trainer): TimedEngine {
  return {
    first: async () => {
      await trainer.activate();
      return trainer.step();
    },
    round: (seconds) => timeRound(trainer, seconds),
    dispose: async () => trainer.dispose(),
  };
}

/** PyTorch on `threads` threads in its own process; a round's steps/s is its steps over their summed milliseconds. */
function inPyTorch(python: string, threads: number, workload: Workload, initial: readonly DenseWeights[]): TimedEngine {
  const trainer = pytorchDenseTrainer(python, threads, workload, initial);
  const classes = workload.widths[workload.widths.length - 1];
  return {
    first: async () => {
      const { loss, outputShape } = await trainer.first();
      if (outputShape.join() !== [workload.batch, classes].join()) {
        throw new Error(`bench (${workload.key}): PyTorch outputs [${outputShape.join(', ')}], expected [${workload.batch}, ${classes}]`);
      }
      return loss;
    },
    round: async (seconds) => {
      const times = await trainer.round(seconds);
      return times.length / (times.reduce((sum, t) => sum + t, 0) / 1000);
    },
    dispose: () => trainer.dispose(),
  };
}

/** Fewest steps a round times, however slow the engine, so a round is never a single step. */
const MIN_STEPS_PER_ROUND = 3;

/** Times every workload on every engine; PyTorch's rows only where `pytorch` found it. */
export async function measureSpeed(
  workloads: readonly Workload[],
  plan: SpeedPlan,
  tf: TensorFlow,
  pytorch: PyTorchFound,
  log: (line: string) => void,
): Promise<WorkloadSpeed[]> {
  const results: WorkloadSpeed[] = [];
  for (const workload of workloads) {
    const ours = ourTrainer(workload);
    const threaded = ourTrainer(workload, THREADS);
    const engines: [EngineName, TimedEngine][] = [
      ['ours', inProcess(ours.trainer)],
      ['ours-2-threads', inProcess(threaded.trainer)],
      ['tfjs-cpu', inProcess(await tfjsTrainer(tf, 'cpu', workload, ours.initial))],
      ['tfjs-wasm', inProcess(await tfjsTrainer(tf, 'wasm', workload, ours.initial))],
    ];
    if (pytorch.python !== undefined) {
      engines.push(['pytorch-1-thread', inPyTorch(pytorch.python, 1, workload, ours.initial)]);
      engines.push(['pytorch-2-threads', inPyTorch(pytorch.python, THREADS, workload, ours.initial)]);
    }
    const firstLoss = new Map<EngineName, number>();
    const rounds = new Map<EngineName, number[]>(engines.map(([name]) => [name, []]));
    try {
      for (const [name, engine] of engines) {
        const loss = await engine.first();
        checkFirstLoss(`(${workload.key})`, name, loss, firstLoss.get('ours') ?? loss);
        firstLoss.set(name, loss);
        await engine.round(plan.warmupSeconds);
      }
      for (let round = 0; round < plan.rounds; round++) {
        const line: string[] = [];
        for (const [name, engine] of engines) {
          const rate = await engine.round(plan.secondsPerRound);
          rounds.get(name)!.push(rate);
          line.push(`${name} ${formatRate(rate)}`);
        }
        log(`  (${workload.key}) round ${round + 1}/${plan.rounds}: ${line.join(', ')} steps/s`);
      }
    } finally {
      for (const [, engine] of engines) await engine.dispose();
    }
    const speeds = engines.map(([name]): EngineSpeed => {
      const stepsPerSecond = median(rounds.get(name)!);
      return {
        engine: name,
        stepsPerSecond,
        samplesPerSecond: stepsPerSecond * workload.batch,
        gflops: (stepsPerSecond * flopsPerStep(workload)) / 1e9,
        rounds: rounds.get(name)!,
        firstLoss: firstLoss.get(name)!,
      };
    });
    results.push({ workload, engines: speeds, split: threaded.split, ...(pytorch.python === undefined ? { noTorch: pytorch.reason } : {}) });
  }
  return results;
}

/** Steps per second over at least `seconds` (and MIN_STEPS_PER_ROUND steps), after one untimed step on the activated backend. */
async function timeRound(trainer: Trainer, seconds: number): Promise<number> {
  await trainer.activate();
  trainer.step();
  const budget = seconds * 1000;
  const start = performance.now();
  let steps = 0;
  let elapsed = 0;
  while (elapsed < budget || steps < MIN_STEPS_PER_ROUND) {
    trainer.step();
    steps += 1;
    elapsed = performance.now() - start;
  }
  return steps / (elapsed / 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatRate(rate: number): string {
  if (rate >= 100) return Math.round(rate).toLocaleString('en-US');
  return rate.toPrecision(3);
}
