// Workloads (a)–(c): our engine and TensorFlow.js timed in turn, round after
// round in the same process, so a slow moment of the machine (another
// process, a thermal step) hits every engine alike; medians are reported.
import { tfjsTrainer, type TensorFlow } from './tfjs';
import { flopsPerStep, ourTrainer, type Trainer, type Workload } from './workloads';

export type EngineName = 'ours' | 'ours-2-threads' | 'tfjs-cpu' | 'tfjs-wasm';

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
}

/** Fewest steps a round times, however slow the engine, so a round is never a single step. */
const MIN_STEPS_PER_ROUND = 3;

/** Times every workload on every engine; `log` hears each finished round. */
export async function measureSpeed(
  workloads: readonly Workload[],
  plan: SpeedPlan,
  tf: TensorFlow,
  log: (line: string) => void,
): Promise<WorkloadSpeed[]> {
  const results: WorkloadSpeed[] = [];
  for (const workload of workloads) {
    const ours = ourTrainer(workload);
    const trainers: [EngineName, Trainer][] = [
      ['ours', ours.trainer],
      ['ours-2-threads', ourTrainer(workload, THREADS).trainer],
      ['tfjs-cpu', await tfjsTrainer(tf, 'cpu', workload, ours.initial)],
      ['tfjs-wasm', await tfjsTrainer(tf, 'wasm', workload, ours.initial)],
    ];
    const firstLoss = new Map<EngineName, number>();
    for (const [name, trainer] of trainers) {
      await trainer.activate();
      firstLoss.set(name, trainer.step());
      await timeRound(trainer, plan.warmupSeconds);
    }
    const rounds = new Map<EngineName, number[]>(trainers.map(([name]) => [name, []]));
    for (let round = 0; round < plan.rounds; round++) {
      const line: string[] = [];
      for (const [name, trainer] of trainers) {
        const rate = await timeRound(trainer, plan.secondsPerRound);
        rounds.get(name)!.push(rate);
        line.push(`${name} ${formatRate(rate)}`);
      }
      log(`  (${workload.key}) round ${round + 1}/${plan.rounds}: ${line.join(', ')} steps/s`);
    }
    for (const [, trainer] of trainers) trainer.dispose();
    const engines = trainers.map(([name]): EngineSpeed => {
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
    results.push({ workload, engines });
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
