// The benchmark's report: the machine, one markdown table per measurement,
// and the targets of the performance issue each marked met or not met.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import type { MemoryResult } from './memory';
import type { NetworkEngineName, NetworkEngineSpeed, NetworkSpeed } from './network-speed';
import { LOSS_TOLERANCE } from './like-for-like';
import type { PyTorchFound } from './pytorch';
import type { ResponsivenessResult } from './responsiveness';
import { formatRate, THREADS, type EngineSpeed, type WorkloadSpeed } from './speed';
import { productFlops, stepTotals, type StepGemmSpeed } from './step-gemm';
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
  /** Our engine's matrix kernel and its build (activeKernelBuild), e.g. 'wasm relaxed'. */
  readonly kernel: string;
  /** PyTorch's version, interpreter and BLAS, or why none was found. */
  readonly pytorch: string;
  /** A warning when the PyTorch found is a generic-BLAS build, so its rows understate PyTorch. */
  readonly pytorchWarning?: string;
}

export function describeMachine(tfjs: string, wasm: WasmFeatures, kernel: string, pytorch: PyTorchFound): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const name = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (name) cpu = name[1].trim();
  } catch {
    // No /proc (not Linux): os.cpus() names it.
  }
  const torch = pytorch.python === undefined ? `PyTorch not importable (${pytorch.reason})` : `PyTorch ${pytorch.version} (${pytorch.python}, CPU, BLAS_INFO=${pytorch.blas})`;
  return {
    cpu,
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    tfjs,
    wasm,
    kernel,
    pytorch: torch,
    ...(pytorch.python !== undefined && !pytorch.optimized ? { pytorchWarning: genericBlasWarning(pytorch.version, pytorch.blas) } : {}),
  };
}

function genericBlasWarning(version: string, blas: string): string {
  return (
    `PyTorch ${version} here is not an optimized build (BLAS_INFO=${blas}, no MKL): its matrix products run several times slower ` +
    `than pip's torch, so every "ours ÷ pytorch" figure is against a slow PyTorch. \`npm run bench:setup\` installs pip's build for the benchmark.`
  );
}

export function machineLine(m: Machine): string {
  const wasm = `wasm backend: ${m.wasm.simd ? 'SIMD' : 'no SIMD'}, ${m.wasm.threads ? 'threads' : 'one thread'}`;
  const ours = m.kernel === 'wasm relaxed' ? 'our kernel: WebAssembly SIMD with relaxed SIMD (fused multiply-add)' : `our kernel: ${m.kernel}`;
  return `${m.cpu}, ${m.cores} cores, Node ${m.node} (${m.platform}), ${ours}, TensorFlow.js ${m.tfjs} (${wasm}), ${m.pytorch}`;
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
  const rows = [
    '| workload | engine | steps/s | rounds: slowest – fastest | samples/s | GFLOP/s | ours ÷ engine |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const speed of speeds) {
    const ours = engine(speed, 'ours');
    const label = `(${speed.workload.key}) ${speed.workload.name}, batch ${speed.workload.batch}`;
    for (const e of speed.engines) {
      // The threaded row compares with one thread: how much the second core adds.
      const versus = e === ours ? '' : e.engine === 'ours-2-threads' ? `${times(ratio(e, ours))} one thread's` : times(ratio(ours, e));
      const spread = `${formatRate(Math.min(...e.rounds))} – ${formatRate(Math.max(...e.rounds))}`;
      const gflops = e.gflops >= 0.1 ? e.gflops.toFixed(2) : e.gflops.toPrecision(2);
      rows.push(`| ${label} | ${e.engine} | ${formatRate(e.stepsPerSecond)} | ${spread} | ${formatRate(e.samplesPerSecond)} | ${gflops} | ${versus} |`);
    }
    if (speed.noTorch !== undefined) rows.push(`| ${label} | pytorch | not measured: ${speed.noTorch} | | | | |`);
  }
  return rows.join('\n');
}

/**
 * Ours' best configuration on a workload: one thread, or the batch split
 * over threads when the engine split it and that was faster. Where the
 * engine's rule keeps the batch whole, the threaded row is one thread again
 * and only timing noise could set it apart.
 */
function oursBest(speed: WorkloadSpeed): EngineSpeed {
  const one = engine(speed, 'ours');
  const split = speed.engines.find((e) => e.engine === 'ours-2-threads');
  return speed.split && split !== undefined && split.stepsPerSecond > one.stepsPerSecond ? split : one;
}

const configuration = (e: EngineSpeed) => (e.engine === 'ours' ? 'one thread' : `the batch split over ${THREADS} threads`);

/** Per workload: ours ÷ PyTorch at one and at two threads, or why PyTorch was not measured. */
export function pytorchRatioLines(speeds: readonly WorkloadSpeed[]): string[] {
  return speeds.map((speed) => {
    const key = `(${speed.workload.key})`;
    const one = speed.engines.find((e) => e.engine === 'pytorch-1-thread');
    const two = speed.engines.find((e) => e.engine === 'pytorch-2-threads');
    if (one === undefined || two === undefined) return `${key} ours ÷ pytorch: not measured (${speed.noTorch ?? 'no PyTorch'})`;
    const best = oursBest(speed);
    return (
      `${key} ours ÷ pytorch-1-thread ${times(ratio(engine(speed, 'ours'), one))} (ours on one thread); ` +
      `ours ÷ pytorch-2-threads ${times(ratio(best, two))} (ours' best: ${configuration(best)}, ${formatRate(best.stepsPerSecond)} steps/s)`
    );
  });
}

/** The products of one dense step, ours and PyTorch's (torch.mm, torch.addmm) on one thread, and the whole step's GEMM rate. */
export function stepGemmTable(g: StepGemmSpeed): string {
  const rate = (flops: number, ms: number) => (flops / (ms * 1e6)).toFixed(1);
  const rows = [
    `| product (kernels' name: m × n × k) | MFLOP | ours (${g.kernel}) µs | ours GFLOP/s | PyTorch µs | PyTorch GFLOP/s | ours ÷ PyTorch |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { product, oursMs, torchMs } of g.products) {
    const flops = productFlops(product);
    const torch = torchMs === undefined ? '| | |' : `| ${(torchMs * 1000).toFixed(1)} | ${rate(flops, torchMs)} | ${times(torchMs / oursMs)}`;
    rows.push(`| gemm${product.op} ${product.m} × ${product.n} × ${product.k} | ${(flops / 1e6).toFixed(2)} | ${(oursMs * 1000).toFixed(1)} | ${rate(flops, oursMs)} ${torch} |`);
  }
  const { flops, ours, torch } = stepTotals(g);
  const torchCells = torch === undefined ? `| not measured: ${g.noTorch ?? 'no PyTorch'} | |` : `| ${(torch.ms * 1000).toFixed(1)} | ${torch.gflops.toFixed(1)} | ${times(torch.ms / ours.ms)}`;
  rows.push(`| the whole step | ${(flops / 1e6).toFixed(2)} | ${(ours.ms * 1000).toFixed(1)} | ${ours.gflops.toFixed(1)} ${torchCells} |`);
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

/** The targets of the issues, each judged on this run's numbers. */
export function checkTargets(
  speeds: readonly WorkloadSpeed[],
  networks: readonly NetworkSpeed[],
  memory: MemoryResult,
  responsiveness: ResponsivenessResult,
  full: boolean,
  stepGemm: StepGemmSpeed,
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
    ...pytorchTargets(speeds),
    stepGemmTarget(stepGemm),
  ];
}

/** PyTorch at 1.5 : 1 when each has one thread; with two threads, the better of ours' configurations at least matches PyTorch's. */
export const PYTORCH_ONE_THREAD_TARGET = 1.5;
export const PYTORCH_TWO_THREADS_TARGET = 1;
/** GFLOP/s of all the matrix products of one (b) step together, on one core. */
export const STEP_GEMM_TARGET = 35;

/** (a)–(c) against PyTorch CPU, at one thread each and at two threads (our best configuration). */
export function pytorchTargets(speeds: readonly WorkloadSpeed[]): TargetCheck[] {
  return speeds.flatMap((speed): TargetCheck[] => {
    const key = `(${speed.workload.key})`;
    const oneTarget = `${key} ≥ ${PYTORCH_ONE_THREAD_TARGET.toFixed(1)}× PyTorch CPU steps/s, one thread each`;
    const twoTarget = `${key} ≥ ${PYTORCH_TWO_THREADS_TARGET.toFixed(1)}× PyTorch CPU steps/s at ${THREADS} threads (ours' best configuration)`;
    const one = speed.engines.find((e) => e.engine === 'pytorch-1-thread');
    const two = speed.engines.find((e) => e.engine === 'pytorch-2-threads');
    if (one === undefined || two === undefined) {
      const unmeasured = { measured: 'PyTorch not importable', met: undefined, unmeasured: 'no PyTorch' };
      return [
        { target: oneTarget, ...unmeasured },
        { target: twoTarget, ...unmeasured },
      ];
    }
    const oneRatio = ratio(engine(speed, 'ours'), one);
    const best = oursBest(speed);
    const twoRatio = ratio(best, two);
    return [
      { target: oneTarget, measured: times(oneRatio), met: oneRatio >= PYTORCH_ONE_THREAD_TARGET },
      { target: twoTarget, measured: `${times(twoRatio)} (ours on ${configuration(best)})`, met: twoRatio >= PYTORCH_TWO_THREADS_TARGET },
    ];
  });
}

/** The GEMM rate of a whole step against STEP_GEMM_TARGET, with PyTorch's on the same products beside it. */
export function stepGemmTarget(g: StepGemmSpeed): TargetCheck {
  const { ours, torch } = stepTotals(g);
  const ofPeak = g.peak === undefined ? '' : `, ${((ours.gflops / g.peak.gflops) * 100).toFixed(0)} % of the ${g.peak.gflops.toFixed(1)} GFLOP/s WebAssembly SIMD peak`;
  return {
    target: `(${g.workload.key}) GEMM inside the step ≥ ${STEP_GEMM_TARGET} GFLOP/s on one core`,
    measured: `${ours.gflops.toFixed(1)} GFLOP/s (${g.kernel} kernel${ofPeak})${torch === undefined ? '' : `; PyTorch on the same products ${torch.gflops.toFixed(1)}`}`,
    met: ours.gflops >= STEP_GEMM_TARGET,
  };
}

/**
 * What the WebAssembly SIMD peak allows the GEMM workload: its products
 * alone at the peak rate bound one thread's steps/s, whatever the rest of
 * the step costs. Empty without a peak (products not in WebAssembly).
 */
export function simdCeilingLines(g: StepGemmSpeed, speeds: readonly WorkloadSpeed[]): string[] {
  if (g.peak === undefined) return [];
  const { flops, ours } = stepTotals(g);
  const peak = g.peak.gflops;
  const floorMs = flops / (peak * 1e6);
  const ceiling = 1000 / floorMs;
  const lines = [
    `WebAssembly SIMD peak on one core: ${peak.toFixed(1)} GFLOP/s (${g.peak.chains} independent chains of f32x4 ${g.peak.variant === 'relaxed' ? 'fused multiply-adds (relaxed_madd)' : 'multiplies and adds'} on registers, no memory traffic). WebAssembly has no vectors wider than 128 bits, so no WebAssembly kernel here computes faster; ours runs the step's products at ${((ours.gflops / peak) * 100).toFixed(0)} % of it.`,
  ];
  const speed = speeds.find((s) => s.workload.key === g.workload.key);
  const torch = speed?.engines.find((e) => e.engine === 'pytorch-1-thread');
  const perTorch = torch === undefined ? '' : `: ${times(ceiling / torch.stepsPerSecond)} PyTorch's one-thread rate here, against the ${PYTORCH_ONE_THREAD_TARGET.toFixed(1)}× the target asks`;
  lines.push(
    `At that peak the (${g.workload.key}) step's ${(flops / 1e6).toFixed(0)} MFLOP of products alone take ${floorMs.toFixed(2)} ms, so one thread cannot exceed ${ceiling.toFixed(0)} steps/s on (${g.workload.key})${perTorch}.`,
  );
  return lines;
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
  /** The matrix products of one (b) step, ours and PyTorch's, and how long each was timed. */
  readonly stepGemm: StepGemmSpeed;
  readonly gemmRounds: number;
  readonly gemmSecondsPerRound: number;
  /** The 1-minute load average when the benchmark started and ended: other processes competing for the cores show here. */
  readonly load: readonly [number, number];
}

export function performanceDoc(r: Report): string {
  return `# Performance

Written by \`npm run bench\` (scripts/bench.ts); run it again to refresh this page rather than editing it.
Measured ${r.date} on ${machineLine(r.machine)}.
${r.machine.pytorchWarning === undefined ? '' : `\n**${r.machine.pytorchWarning}**\n\n`}The 1-minute load average was ${r.load[0].toFixed(2)} when the run started and ${r.load[1].toFixed(2)} when it ended, on ${r.machine.cores} cores;
anything above the benchmark's own busy thread (two in the threaded rows) was other processes taking turns with it, which shows as spread between rounds.

## Targets

${targetsTable(r.targets)}

## Training speed: workloads (a)–(c)

Float32, Adam (lr 1e-3, ε 1e-8), softmax cross-entropy, one fixed random batch, seed ${SEED}.
Our engine (on one thread, and with the batch split over ${THREADS} threads where the engine's rule says a split pays:
never for (a)), TensorFlow.js's cpu and wasm backends, and PyTorch on CPU at \`torch.set_num_threads(1)\` and \`(${THREADS})\`
(each in its own Python process, driven round by round over its stdin) take turns, ${r.rounds} rounds of ${r.secondsPerRound} s each;
each figure is the median of its rounds, with the slowest and fastest round beside it. All start from the same initial weights
and batch, and the benchmark refuses to time an engine whose first step's loss is not ours within ${LOSS_TOLERANCE.toExponential()} relative.
PyTorch's ${THREADS}-thread rows suffer first when other processes load the machine: its OpenMP threads meet (spinning, by
default) at every parallel operation, so a thread the system has set aside holds up the other for its whole time slice
(see the load average at the top and the spread of its rounds).
The TensorFlow.js targets are judged on one thread; TensorFlow.js's wasm backend runs one thread in Node.
GFLOP/s counts only the matrix products of a step (forward x·Wᵀ, backward dW and dx, a multiply-add as two).
"ours ÷ engine" is our one-thread steps/s over that engine's; against PyTorch's ${THREADS}-thread row the target takes
the better of our two configurations, as the lines under the table say.

${speedTable(r.speeds)}

${[...firstLossLines(r.speeds), ...pytorchRatioLines(r.speeds)].map((line) => `- ${line}`).join('\n')}

PyTorch builds \`nn.Sequential\` of \`nn.Linear\` with \`nn.Tanh\` or \`nn.ReLU\` between them, loads our initial weights,
and trains with \`nn.CrossEntropyLoss\` on the class indices and \`torch.optim.Adam(lr=1e-3, eps=1e-8)\`; a step is
\`zero_grad(set_to_none=True)\`, forward, \`backward()\`, \`step()\` and \`loss.item()\`, since ours returns the loss every step too.
The benchmark takes the interpreter from \`$PYTHON\` when set, else the virtual environment \`.venv-bench/\` that
\`npm run bench:setup\` makes (it pip-installs PyTorch's CPU build, numpy and safetensors there with the machine's pip
configuration, about 1 GB), else \`python3\` if it imports torch. This run: ${r.machine.pytorch}.
A build whose \`torch.__config__.show()\` says \`BLAS_INFO=generic\` (Debian's python3-torch) multiplies matrices
several times slower than pip's MKL build; the page says so at the top when it measured one.

TensorFlow.js runs as tfjs-core ops, not tfjs-layers: each layer is its fused matMul+bias(+ReLU) (tanh a separate op,
as the fused op has no tanh gradient), \`tf.losses.softmaxCrossEntropy\` on one-hot labels, and \`tf.train.adam\`'s
\`minimize\`, reading the loss back every step as ours returns it. Its wasm backend loads the .wasm files shipped in
its npm package; ${r.networkAttempts === 0 ? 'no network connection was attempted during the run (the benchmark refuses and counts any)' : `${r.networkAttempts} network attempts were refused`}.

## GEMM inside a training step: workload (${r.stepGemm.workload.key})

The matrix products one (${r.stepGemm.workload.key}) step makes, with its shapes and transposes, in the order it makes them, each called as the
dense layers call it: through the engine's \`gemmNTBias\` (the forward x·Wᵀ + b), \`gemmTN\` (dW) and \`gemmNN\` (dx) with the kernel
the engine picked (${r.stepGemm.kernel}), copies into its memory included, on fixed standard-normal operands. Beside them, PyTorch on the
same shapes on one thread: \`torch.addmm(b, x, W.t())\` (nn.Linear's forward) and \`torch.mm\`, \`out=\` a preallocated result, the
transposed operand a transposed view as nn.Linear passes it, called from Python, so its figures include PyTorch's per-call
overhead (a few µs, which shows on the smallest products). Each engine runs the products one after another, pass after pass,
as a step would (so each meets the caches the previous one left), timing every call; ours and PyTorch take turns,
${r.gemmRounds} rounds of ${r.gemmSecondsPerRound} s each, and each figure is the median over rounds of a round's median call.
"the whole step" sums the products' times: the GEMM rate a step gets.

${stepGemmTable(r.stepGemm)}
${simdCeilingLines(r.stepGemm, r.speeds)
  .map((line) => `\n${line}`)
  .join('\n')}

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
