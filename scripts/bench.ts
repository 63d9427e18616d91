// `npm run bench`: training speed against TensorFlow.js and PyTorch on CPU,
// the matrix products inside a step, memory over a long run, and the
// editor's responsiveness while a cell trains — the measurements of
// docs/performance.md, which a full run rewrites.
//
//   npm run bench:setup         once: pip's PyTorch CPU build in .venv-bench/ (see scripts/setup-bench-pytorch.sh)
//   npm run bench               the full benchmark (a few minutes)
//   npm run bench -- --quick    a short smoke run; docs/performance.md is left alone
//
// Workload (d) runs in a child process of this script (`--part=memory`), so
// its heap holds only the training run being weighed.
// First, so every WebAssembly module this run compiles may use relaxed SIMD where a flag turns it on (Node 20).
import '../src/node/relaxed-simd';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { activeKernelBuild } from '../src/engine/kernels';
import { join } from 'node:path';
import { measureMemory, type MemoryPlan, type MemoryResult } from './bench/memory';
import { measureNetworkSpeed, type NetworkPlan } from './bench/network-speed';
import { NETWORK_WORKLOADS } from './bench/network-workloads';
import { networkAttempts, refuseNetwork } from './bench/offline';
import {
  checkTargets,
  describeMachine,
  firstLossLines,
  machineLine,
  memoryLine,
  memoryTable,
  networkCheckLines,
  networkTable,
  performanceDoc,
  pytorchRatioLines,
  responsivenessTable,
  simdCeilingLines,
  speedTable,
  stepGemmTable,
  targetsTable,
} from './bench/report';
import { findPyTorch } from './bench/pytorch';
import { measureResponsiveness } from './bench/responsiveness';
import { measureSpeed, type SpeedPlan } from './bench/speed';
import { measureStepGemm, type GemmPlan } from './bench/step-gemm';
import { loadTensorFlow } from './bench/tfjs';
import { WORKLOADS } from './bench/workloads';

refuseNetwork();

const quick = process.argv.includes('--quick');

const SPEED: SpeedPlan = quick ? { rounds: 2, secondsPerRound: 0.3, warmupSeconds: 0.1 } : { rounds: 7, secondsPerRound: 1.5, warmupSeconds: 0.5 };
const GEMM: GemmPlan = quick ? { rounds: 2, secondsPerRound: 0.2, warmupSeconds: 0.1 } : { rounds: 7, secondsPerRound: 0.75, warmupSeconds: 0.25 };
const NETWORKS: NetworkPlan = quick ? { rounds: 2, secondsPerRound: 0.3, warmupSeconds: 0.1 } : { rounds: 7, secondsPerRound: 1.5, warmupSeconds: 0.5 };
const MEMORY: MemoryPlan = quick ? { earlySteps: 10_000, totalSteps: 50_000, samples: 1000 } : { earlySteps: 10_000, totalSteps: 1_000_000, samples: 1000 };
/** Seconds the notebook cell of workload (e) trains. */
const RESPONSIVENESS_SECONDS = quick ? 3 : 10;

const MEMORY_PART = '--part=memory';

/** Runs workload (d) in a fresh `node --expose-gc` process and reads its result from the last line it prints. */
function memoryInChildProcess(): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', __filename, MEMORY_PART, ...(quick ? ['--quick'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code === 0) resolve(JSON.parse(last) as MemoryResult);
      else reject(new Error(`the memory workload exited with code ${code}: ${output}`));
    });
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  const log = (line = '') => console.log(line);
  const { tf, version, wasm } = await loadTensorFlow();
  const pytorch = findPyTorch();
  const machine = describeMachine(version, wasm, activeKernelBuild(), pytorch);
  log(`${machineLine(machine)}${quick ? '  [--quick]' : ''}\n`);
  if (pytorch.python !== undefined && pytorch.passedOver.length > 0) log(`PyTorch: passed over ${pytorch.passedOver.join('; ')}\n`);
  if (machine.pytorchWarning !== undefined) log(`warning: ${machine.pytorchWarning}\n`);

  log(`(a)–(c) training speed: ${SPEED.rounds} rounds of ${SPEED.secondsPerRound} s per engine, alternating`);
  const speeds = await measureSpeed(WORKLOADS, SPEED, tf, pytorch, log);
  log();
  log(speedTable(speeds));
  log();
  for (const line of [...firstLossLines(speeds), ...pytorchRatioLines(speeds)]) log(line);

  const gemmWorkload = WORKLOADS.find((w) => w.key === 'b')!;
  log(`\n(${gemmWorkload.key}) GEMM inside the step: ${GEMM.rounds} rounds of ${GEMM.secondsPerRound} s per engine, ours and PyTorch (one thread) alternating`);
  const stepGemm = await measureStepGemm(gemmWorkload, GEMM, pytorch, log);
  log();
  log(stepGemmTable(stepGemm));
  for (const line of simdCeilingLines(stepGemm, speeds)) log(line);

  log(`\n(f) CNN and (g) LSTM: ${NETWORKS.rounds} rounds of ${NETWORKS.secondsPerRound} s per engine, alternating`);
  const networkLoadAtStart = loadavg()[0];
  const networks = await measureNetworkSpeed(NETWORK_WORKLOADS, NETWORKS, tf, pytorch, log);
  const networkLoad: [number, number] = [networkLoadAtStart, loadavg()[0]];
  log();
  log(networkTable(networks));
  log();
  for (const line of networkCheckLines(networks)) log(line);
  log(`1-minute load average: ${networkLoad[0].toFixed(2)} when these rounds started, ${networkLoad[1].toFixed(2)} when they ended`);

  log(`\n(d) memory: ${MEMORY.totalSteps.toLocaleString('en-US')} steps through TrainingRun (child process)…`);
  const memory = await memoryInChildProcess();
  log(memoryLine(memory));
  log();
  log(memoryTable(memory));

  log(`\n(e) responsiveness: a notebook cell trains in the worker for ${RESPONSIVENESS_SECONDS} s…`);
  const responsiveness = await measureResponsiveness(join(__dirname, 'worker.js'), RESPONSIVENESS_SECONDS);
  log();
  log(responsivenessTable(responsiveness));

  const targets = checkTargets(speeds, networks, memory, responsiveness, !quick, stepGemm);
  log('\nTargets\n');
  log(targetsTable(targets));
  const attempts = networkAttempts();
  log(`\nnetwork: ${attempts.length === 0 ? 'no connection attempted' : `${attempts.length} attempts refused: ${attempts.join('; ')}`}`);

  if (quick) {
    log('\n--quick: docs/performance.md left unchanged.');
  } else {
    const doc = performanceDoc({
      machine,
      date: new Date().toISOString().slice(0, 10),
      speeds,
      rounds: SPEED.rounds,
      secondsPerRound: SPEED.secondsPerRound,
      networks,
      networkRounds: NETWORKS.rounds,
      networkSecondsPerRound: NETWORKS.secondsPerRound,
      networkLoad,
      memory,
      responsiveness,
      targets,
      networkAttempts: attempts.length,
      stepGemm,
      gemmRounds: GEMM.rounds,
      gemmSecondsPerRound: GEMM.secondsPerRound,
      load: [loadAtStart, loadavg()[0]],
    });
    writeFileSync(join(__dirname, '..', 'docs', 'performance.md'), doc);
    log('\nwrote docs/performance.md');
  }
  log(`1-minute load average: ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (${machine.cores} cores)`);
  log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv.includes(MEMORY_PART)) {
  console.log(JSON.stringify(measureMemory(MEMORY)));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
