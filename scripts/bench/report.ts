// The benchmark's report: the machine, one markdown table per measurement,
// and the targets of the performance issue each marked met or not met.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { MemoryResult } from './memory';
import type { NetworkEngineName, NetworkEngineSpeed, NetworkSpeed } from './network-speed';
import type { PyTorchFound } from './pytorch';
import type { ResponsivenessResult } from './responsiveness';
import { formatRate, type EngineSpeed, type WorkloadSpeed } from './speed';
import type { WasmFeatures } from './tfjs';
import { EPOCH_CAPACITY, RECENT_EPOCHS } from '../../src/engine/train/telemetry';
import { SEED } from './workloads';

/** Where the numbers were measured. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly tfjs: string;
  readonly wasm: WasmFeatures;
  /** PyTorch's version and interpreter, or why none was found. */
  readonly pytorch: string;
}

export function describeMachine(tfjs: string, wasm: WasmFeatures, pytorch: PyTorchFound): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const name = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (name) cpu = name[1].trim();
  } catch {
    // No /proc (not Linux): os.cpus() names it.
  }
  const torch = pytorch.python === undefined ? `PyTorch not importable (${pytorch.reason})` : `PyTorch ${pytorch.version} (${pytorch.python}, CPU)`;
  return { cpu, cores: availableParallelism(), node: process.version, platform: `${process.platform}-${process.arch}`, tfjs, wasm, pytorch: torch };
}

export function machineLine(m: Machine): string {
  const wasm = `wasm backend: ${m.wasm.simd ? 'SIMD' : 'no SIMD'}, ${m.wasm.threads ? 'threads' : 'one thread'}`;
  return `${m.cpu}, ${m.cores} cores, Node ${m.node} (${m.platform}), TensorFlow.js ${m.tfjs} (${wasm}), ${m.pytorch}`;
}

/** One target of the issue with what was measured. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined: not measured in this run (a --quick run's shortened workloads, or no PyTorch). */
  readonly met: boolean | undefined;
  /** Why an unmeasured target was not measured; default a --quick run. */
  readonly unmeasured?: string;
}

const ratio = (ours: EngineSpeed, theirs: EngineSpeed) => ours.stepsPerSecond / theirs.stepsPerSecond;
const times = (value: number) => `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const percent = (from: number, to: number) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)} %`;

function engine(speed: WorkloadSpeed, name: EngineSpeed['engine']): EngineSpeed {
  return speed.engines.find((e) => e.engine === name)!;
}

export function speedTable(speeds: readonly WorkloadSpeed[]): string {
  const rows = ['| workload | engine | steps/s | samples/s | GFLOP/s | ours ÷ engine |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const speed of speeds) {
    const ours = engine(speed, 'ours');
    for (const e of speed.engines) {
      const label = `(${speed.workload.key}) ${speed.workload.name}, batch ${speed.workload.batch}`;
      // The threaded row compares with one thread: how much the second core adds.
      const versus = e === ours ? '' : e.engine === 'ours-2-threads' ? `${times(ratio(e, ours))} one thread's` : times(ratio(ours, e));
      rows.push(`| ${label} | ${e.engine} | ${formatRate(e.stepsPerSecond)} | ${formatRate(e.samplesPerSecond)} | ${e.gflops >= 0.1 ? e.gflops.toFixed(2) : e.gflops.toPrecision(2)} | ${versus} |`);
    }
  }
  return rows.join('\n');
}

function networkEngine(speed: NetworkSpeed, name: NetworkEngineName): NetworkEngineSpeed | undefined {
  return speed.engines.find((e) => e.engine === name);
}

/** How many times fewer milliseconds a step takes in ours than in `theirs`. */
const networkRatio = (ours: NetworkEngineSpeed, theirs: NetworkEngineSpeed) => theirs.msPerStep / ours.msPerStep;
const milliseconds = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

export function networkTable(speeds: readonly NetworkSpeed[]): string {
  const rows = [
    '| workload | engine | ms/step | rounds: fastest – slowest | steps/s | samples/s | GFLOP/s | ours ÷ engine |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const speed of speeds) {
    const ours = networkEngine(speed, 'ours')!;
    const { workload } = speed;
    for (const e of speed.engines) {
      const stepsPerSecond = 1000 / e.msPerStep;
      const gflops = (stepsPerSecond * workload.flops) / 1e9;
      rows.push(
        `| (${workload.key}) ${workload.name}, batch ${workload.batch} | ${e.engine} | ${milliseconds(e.msPerStep)} | ${milliseconds(e.fastest)} – ${milliseconds(e.slowest)} | ` +
          `${formatRate(stepsPerSecond)} | ${formatRate(stepsPerSecond * workload.batch)} | ${gflops.toFixed(2)} | ${e === ours ? '' : times(networkRatio(ours, e))} |`,
      );
    }
  }
  return rows.join('\n');
}

/** Per workload: every engine's first-step loss and output shape, from the same weights and batch. */
export function networkCheckLines(speeds: readonly NetworkSpeed[]): string[] {
  return speeds.map(
    ({ workload, engines }) =>
      `(${workload.key}) first-step loss and output shape: ${engines.map((e) => `${e.engine} ${e.firstLoss.toFixed(6)} [${e.outputShape.join(', ')}]`).join(', ')}; ${(workload.flops / 1e6).toFixed(1)} MFLOP of matrix products a step`,
  );
}

/** The first step's loss per engine: same weights and batch, so they agree to float32 rounding. */
export function firstLossLines(speeds: readonly WorkloadSpeed[]): string[] {
  return speeds.map((s) => `(${s.workload.key}) first-step loss: ${s.engines.map((e) => `${e.engine} ${e.firstLoss.toFixed(6)}`).join(', ')}`);
}

export function memoryTable(m: MemoryResult): string {
  return [
    '| steps | heap in use (after gc) | without the epoch records | epoch records | loss-series points |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${m.earlySteps.toLocaleString('en-US')} | ${megabytes(m.heapEarly)} | ${megabytes(m.heapEarlyWithoutEpochs)} | | |`,
    `| ${m.totalSteps.toLocaleString('en-US')} | ${megabytes(m.heapFinal)} (${percent(m.heapEarly, m.heapFinal)}) | ${megabytes(m.heapFinalWithoutEpochs)} (${percent(m.heapEarlyWithoutEpochs, m.heapFinalWithoutEpochs)}) | ${m.epochRecords.toLocaleString('en-US')} | ${m.seriesPoints} |`,
  ].join('\n');
}

export function memoryLine(m: MemoryResult): string {
  return (
    `2-8-8-2 tanh through TrainingRun on ${m.samples} spiral samples, batch ${m.batch} (${m.samples / m.batch} steps an epoch), ` +
    `${formatRate(m.stepsPerSecond)} steps/s with telemetry, ${m.progressEvents.toLocaleString('en-US')} progress events`
  );
}

export function responsivenessTable(r: ResponsivenessResult): string {
  return [
    '| event-loop delay p50 | p99 | max | updates/s | longest gap | updates | largest update | steps trained |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${r.max.toFixed(2)} ms | ${r.updatesPerSecond.toFixed(2)} | ${r.longestGapMs.toFixed(0)} ms | ${r.updates} in ${r.seconds.toFixed(1)} s | ${(r.largestUpdateBytes / 1024).toFixed(1)} KB | ${r.steps.toLocaleString('en-US')} |`,
  ].join('\n');
}

/** The issue's targets, each judged on this run's numbers. */
export function checkTargets(
  speeds: readonly WorkloadSpeed[],
  networks: readonly NetworkSpeed[],
  memory: MemoryResult,
  responsiveness: ResponsivenessResult,
  full: boolean,
): TargetCheck[] {
  const [a, b, c] = speeds;
  const vs = (s: WorkloadSpeed, name: EngineSpeed['engine']) => ratio(engine(s, 'ours'), engine(s, name));
  const aCpu = vs(a, 'tfjs-cpu');
  const aWasm = vs(a, 'tfjs-wasm');
  return [
    { target: '(a) ≥ 25× tfjs steps/s (both backends)', measured: `${times(aCpu)} cpu, ${times(aWasm)} wasm`, met: aCpu >= 25 && aWasm >= 25 },
    { target: '(b) ≥ 3× tfjs-wasm samples/s', measured: `${times(vs(b, 'tfjs-wasm'))} (one thread)`, met: vs(b, 'tfjs-wasm') >= 3 },
    { target: '(c) ≥ 3× tfjs-wasm steps/s', measured: `${times(vs(c, 'tfjs-wasm'))} (one thread)`, met: vs(c, 'tfjs-wasm') >= 3 },
    {
      target: `(d) heap after ${memory.totalSteps.toLocaleString('en-US')} steps within 10 % of after ${memory.earlySteps.toLocaleString('en-US')}`,
      measured: `${percent(memory.heapEarly, memory.heapFinal)} (${percent(memory.heapEarlyWithoutEpochs, memory.heapFinalWithoutEpochs)} without the ${memory.epochRecords.toLocaleString('en-US')} epoch records)`,
      met: full ? Math.abs(memory.growth) <= 0.1 : undefined,
    },
    {
      target: '(e) event-loop delay p99 < 20 ms with ≥ 10 updates/s',
      measured: `p99 ${responsiveness.p99.toFixed(1)} ms, ${responsiveness.updatesPerSecond.toFixed(2)} updates/s`,
      met: responsiveness.p99 < 20 && responsiveness.updatesPerSecond >= 10,
    },
    ...networkTargets(networks),
  ];
}

/** (f) and (g) against tfjs-wasm, and (g) against PyTorch on CPU on one thread, as ours runs them (its 2-thread ratio shown beside). */
function networkTargets(networks: readonly NetworkSpeed[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const speed of networks) {
    const ours = networkEngine(speed, 'ours')!;
    const label = `(${speed.workload.key}) ${speed.workload.kind.toUpperCase()}`;
    const wasm = networkRatio(ours, networkEngine(speed, 'tfjs-wasm')!);
    checks.push({ target: `${label} ≥ 3× tfjs-wasm steps/s`, measured: times(wasm), met: wasm >= 3 });
    if (speed.workload.kind !== 'lstm') continue;
    const target = `${label} ≥ PyTorch CPU steps/s (one thread each)`;
    const oneThread = networkEngine(speed, 'pytorch-1-thread');
    const torch = speed.engines.filter((e) => e.engine.startsWith('pytorch'));
    checks.push(
      oneThread === undefined
        ? { target, measured: 'PyTorch not importable', met: undefined, unmeasured: 'no PyTorch' }
        : { target, measured: torch.map((e) => `${times(networkRatio(ours, e))} ${e.engine}`).join(', '), met: networkRatio(ours, oneThread) >= 1 },
    );
  }
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  const verdict = (c: TargetCheck) => (c.met === undefined ? `not measured (${c.unmeasured ?? '--quick'})` : c.met ? '**met**' : '**not met**');
  return ['| target | measured | |', '| --- | --- | --- |', ...checks.map((c) => `| ${c.target} | ${c.measured} | ${verdict(c)} |`)].join('\n');
}

/** Everything a reader of docs/performance.md needs to trust or redo the numbers. */
export interface Report {
  readonly machine: Machine;
  readonly date: string;
  readonly speeds: readonly WorkloadSpeed[];
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly networks: readonly NetworkSpeed[];
  readonly networkRounds: number;
  readonly networkSecondsPerRound: number;
  /** The 1-minute load average when the CNN and LSTM rounds started and ended. */
  readonly networkLoad: readonly [number, number];
  readonly memory: MemoryResult;
  readonly responsiveness: ResponsivenessResult;
  readonly targets: readonly TargetCheck[];
  readonly networkAttempts: number;
  /** The 1-minute load average when the benchmark started and ended: other processes competing for the cores show here. */
  readonly load: readonly [number, number];
}

export function performanceDoc(r: Report): string {
  return `# Performance

Written by \`npm run bench\` (scripts/bench.ts); run it again to refresh this page rather than editing it.
Measured ${r.date} on ${machineLine(r.machine)}.
The 1-minute load average was ${r.load[0].toFixed(2)} when the run started and ${r.load[1].toFixed(2)} when it ended, on ${r.machine.cores} cores;
anything above the benchmark's own busy thread (two in the threaded rows) was other processes taking turns with it, which shows as spread between rounds.

## Targets

${targetsTable(r.targets)}

## Training speed: workloads (a)–(c)

Float32, Adam (lr 1e-3, ε 1e-8), softmax cross-entropy, one fixed random batch, seed ${SEED}.
Our engine (on one thread, and with the batch split over 2 threads where the engine's rule says a split pays:
never for (a)) and TensorFlow.js's cpu and wasm backends take turns, ${r.rounds} rounds of ${r.secondsPerRound} s each
in one process; each figure is the median of its rounds. All start from the same initial weights.
The targets are judged on one thread; TensorFlow.js's wasm backend runs one thread in Node.
GFLOP/s counts only the matrix products of a step (forward x·Wᵀ, backward dW and dx, a multiply-add as two).
"ours ÷ engine" is our steps/s over that engine's.

${speedTable(r.speeds)}

${firstLossLines(r.speeds)
  .map((line) => `- ${line}`)
  .join('\n')}

TensorFlow.js runs as tfjs-core ops, not tfjs-layers: each layer is its fused matMul+bias(+ReLU) (tanh a separate op,
as the fused op has no tanh gradient), \`tf.losses.softmaxCrossEntropy\` on one-hot labels, and \`tf.train.adam\`'s
\`minimize\`, reading the loss back every step as ours returns it. Its wasm backend loads the .wasm files shipped in
its npm package; ${r.networkAttempts === 0 ? 'no network connection was attempted during the run (the benchmark refuses and counts any)' : `${r.networkAttempts} network attempts were refused`}.

## Training speed: CNN and LSTM, workloads (f) and (g)

(f) conv 8 (3×3, ReLU) → maxpool 2 → conv 16 (3×3, ReLU) → maxpool 2 → flatten → dense 10 softmax on 1×28×28 images,
softmax cross-entropy on class indices. (g) LSTM with 64 units over 50 steps of 1 feature, its last hidden state → dense 1,
mean squared error. Both: Adam (lr 1e-3, ε 1e-8), one fixed standard-normal batch, seed ${SEED}, and every framework starts
from our engine's initial weights. Our engine (one thread: it splits only dense networks over threads), TensorFlow.js's cpu
and wasm backends, and PyTorch on CPU at \`torch.set_num_threads(1)\` and \`(2)\` (each in its own Python process, driven
round by round over its stdin) take turns, ${r.networkRounds} rounds of ${r.networkSecondsPerRound} s each (at least 3 steps) in the same run.
A round reports its median step; ms/step is the median of the rounds', with the fastest and slowest round beside it.
The 1-minute load average was ${r.networkLoad[0].toFixed(2)} when these rounds started and ${r.networkLoad[1].toFixed(2)} when they ended, on ${r.machine.cores} cores:
the 2-thread PyTorch rows suffer first from other processes (its two threads meet at every operation, so one delayed thread holds up both), as their spread shows.
"ours ÷ engine" is how many times faster a step is in ours (below 1× the engine is faster).
GFLOP/s counts the matrix products every framework must do (convolutions as im2col products: forward, dW, and dx but for the
first layer; the LSTM's input projection, recurrent product and head likewise), so it is the same work in every row.

${networkTable(r.networks)}

${networkCheckLines(r.networks)
  .map((line) => `- ${line}`)
  .join('\n')}

PyTorch builds nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear) with CrossEntropyLoss, and
nn.LSTM (batch_first) with a Linear on its last hidden state and MSELoss; a step is \`zero_grad(set_to_none=True)\`, forward,
\`backward()\`, \`step()\` and \`loss.item()\`. TensorFlow.js runs tfjs-core ops in NHWC: on cpu each convolution is its fused
conv2d+bias+ReLU; its wasm backend has no Conv2DBackpropFilter kernel, so there each convolution is im2col written in tfjs ops
(the kernel's shifted slices concatenated, then one fused matMul+bias+ReLU), the product our engine does. The LSTM is
tfjs-layers' LSTMCell in ops: the input projection of all steps as one matMul (as ours), then per step one recurrent matMul,
a split into the gates, sigmoid and tanh.

## Memory: workload (d)

${memoryLine(r.memory)}.

${memoryTable(r.memory)}

Heap is \`process.memoryUsage().heapUsed\` after two forced collections (\`node --expose-gc\`), in a process of its own,
with the run and its telemetry still held. The telemetry downsamples its step series to a fixed size and keeps up to
${EPOCH_CAPACITY} epoch records (one per pass over the training set, with per-layer statistics; past that the first two,
the latest ${RECENT_EPOCHS} and an evenly spaced history), so the heap is also weighed with the epoch records set aside.
The target is judged on the whole heap.

## Editor responsiveness: workload (e)

A notebook cell (spirals, 2-32-32-32-32-3 ReLU, batch 10, Adam) trains in the real worker (dist/worker.js) under the
Kernel, as the extension runs it, at the default ${r.responsiveness.updateRate} updates/s. The main thread plays the
extension host: it serialises each live snapshot as the controller does (\`payloadJson\`, \`liveText\`) while
\`perf_hooks.monitorEventLoopDelay\` samples its event loop every 1 ms (each sample includes that 1 ms).

${responsivenessTable(r.responsiveness)}
`;
}
