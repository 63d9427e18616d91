// Workloads (f) CNN and (g) LSTM: our engine, TensorFlow.js and PyTorch
// timed in turn, round after round in the same run (PyTorch in child
// processes driven round by round), so a slow moment of the machine hits
// every engine alike. Reported as milliseconds per step.
import { checkFirstLoss } from './like-for-like';
import { median } from './speed';
import { ourNetworkTrainer, type NetworkTrainer, type NetworkWorkload } from './network-workloads';
import { pytorchTrainer, type PyTorchFound } from './pytorch';
import { tfjsNetworkTrainer } from './tfjs-networks';
import type { TensorFlow } from './tfjs';

export type NetworkEngineName = 'ours' | 'tfjs-cpu' | 'tfjs-wasm' | 'pytorch-1-thread' | 'pytorch-2-threads';

/** How long to time: rounds per engine, seconds per round, and an untimed warm-up round first. */
export interface NetworkPlan {
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly warmupSeconds: number;
}

/** One engine on one workload. */
export interface NetworkEngineSpeed {
  readonly engine: NetworkEngineName;
  /** Median over the rounds of each round's median step. */
  readonly msPerStep: number;
  /** The fastest and slowest round's median step: the spread between rounds. */
  readonly fastest: number;
  readonly slowest: number;
  /** Steps timed over all rounds. */
  readonly steps: number;
  /** The first step's loss, from the same weights and batch as ours. */
  readonly firstLoss: number;
  /** The forward output's shape, batch first. */
  readonly outputShape: readonly number[];
}

export interface NetworkSpeed {
  readonly workload: NetworkWorkload;
  readonly engines: readonly NetworkEngineSpeed[];
}

/**
 * Refuses to time an engine that computes something else: its forward output
 * must have the workload's shape, and its first step's loss, from the same
 * weights and batch, must be ours to float32 rounding.
 */
function checkLikeForLike(workload: NetworkWorkload, engine: NetworkEngineName, first: { loss: number; outputShape: number[] }, ours: { loss: number }): void {
  const shape = `[${first.outputShape.join(', ')}]`;
  if (shape !== `[${workload.outputShape.join(', ')}]`) throw new Error(`bench (${workload.key}): ${engine} outputs ${shape}, expected [${workload.outputShape.join(', ')}]`);
  checkFirstLoss(`(${workload.key})`, engine, first.loss, ours.loss);
}

/** Times every workload on every engine; PyTorch's rows only where `pytorch` found it. */
export async function measureNetworkSpeed(
  workloads: readonly NetworkWorkload[],
  plan: NetworkPlan,
  tf: TensorFlow,
  pytorch: PyTorchFound,
  log: (line: string) => void,
): Promise<NetworkSpeed[]> {
  const results: NetworkSpeed[] = [];
  for (const workload of workloads) {
    const ours = ourNetworkTrainer(workload);
    const trainers: [NetworkEngineName, NetworkTrainer][] = [
      ['ours', ours.trainer],
      ['tfjs-cpu', await tfjsNetworkTrainer(tf, 'cpu', workload, ours.initial)],
      ['tfjs-wasm', await tfjsNetworkTrainer(tf, 'wasm', workload, ours.initial)],
    ];
    if (pytorch.python !== undefined) {
      trainers.push(['pytorch-1-thread', pytorchTrainer(pytorch.python, 1, workload, ours.initial)]);
      trainers.push(['pytorch-2-threads', pytorchTrainer(pytorch.python, 2, workload, ours.initial)]);
    }
    const firsts = new Map<NetworkEngineName, { loss: number; outputShape: number[] }>();
    for (const [name, trainer] of trainers) {
      const first = await trainer.first();
      checkLikeForLike(workload, name, first, firsts.get('ours') ?? first);
      firsts.set(name, first);
      await trainer.round(plan.warmupSeconds);
    }
    const rounds = new Map<NetworkEngineName, number[][]>(trainers.map(([name]) => [name, []]));
    for (let round = 0; round < plan.rounds; round++) {
      const line: string[] = [];
      for (const [name, trainer] of trainers) {
        const times = await trainer.round(plan.secondsPerRound);
        rounds.get(name)!.push(times);
        line.push(`${name} ${median(times).toFixed(2)}`);
      }
      log(`  (${workload.key}) round ${round + 1}/${plan.rounds}: ${line.join(', ')} ms/step`);
    }
    for (const [, trainer] of trainers) await trainer.dispose();
    const engines = trainers.map(([name]): NetworkEngineSpeed => {
      const medians = rounds.get(name)!.map(median);
      return {
        engine: name,
        msPerStep: median(medians),
        fastest: Math.min(...medians),
        slowest: Math.max(...medians),
        steps: rounds.get(name)!.reduce((sum, times) => sum + times.length, 0),
        firstLoss: firsts.get(name)!.loss,
        outputShape: firsts.get(name)!.outputShape,
      };
    });
    results.push({ workload, engines });
  }
  return results;
}
