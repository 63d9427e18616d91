// The matrix products inside one training step of a dense workload, run one
// after another as a step runs them and each call timed: through the
// engine's kernels (gemmNTBias, gemmNN and gemmTN of src/engine/kernels, with
// the kernel the engine picked), and through PyTorch's torch.addmm/torch.mm
// on one thread, round by round in turn.
import { activeKernelBuild, activeKernels, gemmNN, gemmNT, gemmNTBias, gemmTN } from '../../src/engine/kernels';
import { wasmVariants } from '../../src/engine/kernels/gemm-wasm';
import { Rng } from '../../src/engine/rng';
import { median } from './speed';
import { MIN_STEPS_PER_ROUND } from './network-workloads';
import { pytorchProducts, type Product, type ProductTimer, type PyTorchFound } from './pytorch';
import { measureSimdPeak, type SimdPeak } from './simd-peak';
import { SEED, type Workload } from './workloads';

/**
 * The products one step of `workload` makes, in the order the dense layers
 * call them: forward z = x·Wᵀ + b for every layer (NTBias: rows × units ×
 * features; every layer of the workloads has a bias), then from the last
 * layer back dW = dzᵀ·x (TN: units × features × rows) and dx = dz·W (NN:
 * rows × features × units), which the first layer skips.
 */
export function stepProducts({ widths, batch }: Workload): Product[] {
  const layers = widths.slice(1).map((units, i) => ({ units, features: widths[i], first: i === 0 }));
  const forward = layers.map(({ units, features }): Product => ({ op: 'NTBias', m: batch, n: units, k: features }));
  const backward = [...layers].reverse().flatMap(({ units, features, first }): Product[] => [
    { op: 'TN', m: units, n: features, k: batch },
    ...(first ? [] : [{ op: 'NN', m: batch, n: features, k: units } as Product]),
  ]);
  return [...forward, ...backward];
}

/** A product's floating-point operations, a multiply-add as two (a bias's additions left out). */
export function productFlops({ m, n, k }: Product): number {
  return 2 * m * n * k;
}

/** Our kernels on each product, with standard-normal operands in the layout the op reads (A k×m for TN, B n×k for NT and NTBias). */
export function ourProducts(products: readonly Product[]): ProductTimer {
  const rng = new Rng(SEED);
  const filled = (length: number) => new Float32Array(length).map(() => rng.normal());
  const runs = products.map(({ op, m, n, k }) => {
    const a = filled(m * k);
    const b = filled(k * n);
    const c = new Float32Array(m * n);
    if (op === 'NTBias') {
      const bias = filled(n);
      return () => gemmNTBias(c, a, b, bias, m, n, k);
    }
    const gemm = op === 'NN' ? gemmNN : op === 'NT' ? gemmNT : gemmTN;
    return () => gemm(c, a, b, m, n, k);
  });
  return {
    ready: async () => undefined,
    round: async (seconds) => timePasses(runs, seconds),
    dispose: async () => undefined,
  };
}

/** Runs every product in order, pass after pass, for at least `seconds` and MIN_STEPS_PER_ROUND passes; per product, each pass's milliseconds. */
function timePasses(runs: readonly (() => void)[], seconds: number): number[][] {
  const times = runs.map((): number[] => []);
  const budget = seconds * 1000;
  const start = performance.now();
  while (performance.now() - start < budget || times[0].length < MIN_STEPS_PER_ROUND) {
    for (let i = 0; i < runs.length; i++) {
      const before = performance.now();
      runs[i]();
      times[i].push(performance.now() - before);
    }
  }
  return times;
}

/** How long to time: rounds, seconds per engine in each round, and an untimed warm-up round first. */
export interface GemmPlan {
  readonly rounds: number;
  readonly secondsPerRound: number;
  readonly warmupSeconds: number;
}

/** One product: the median over rounds of each round's median call, ours and PyTorch's. */
export interface ProductSpeed {
  readonly product: Product;
  readonly oursMs: number;
  /** Absent without PyTorch. */
  readonly torchMs?: number;
}

export interface StepGemmSpeed {
  readonly workload: Workload;
  /** The kernel the engine picked, with its WebAssembly build (src/engine/kernels' activeKernelBuild). */
  readonly kernel: string;
  readonly products: readonly ProductSpeed[];
  /** The WebAssembly SIMD peak of this core in the kernel's build; absent when the products do not run in WebAssembly. */
  readonly peak?: SimdPeak;
  /** Why there is no PyTorch column, when there is none. */
  readonly noTorch?: string;
}

/** Times the products of one step of `workload`, ours and PyTorch's (one thread) taking turns round by round. */
export async function measureStepGemm(workload: Workload, plan: GemmPlan, pytorch: PyTorchFound, log: (line: string) => void): Promise<StepGemmSpeed> {
  const products = stepProducts(workload);
  const timers: [string, ProductTimer][] = [['ours', ourProducts(products)]];
  if (pytorch.python !== undefined) timers.push(['pytorch', pytorchProducts(pytorch.python, products)]);
  // Per timer, per product: each round's median call.
  const medians = timers.map((): number[][] => products.map(() => []));
  try {
    for (const [, timer] of timers) {
      await timer.ready();
      await timer.round(plan.warmupSeconds);
    }
    for (let round = 0; round < plan.rounds; round++) {
      for (let t = 0; t < timers.length; t++) {
        const times = await timers[t][1].round(plan.secondsPerRound);
        times.forEach((calls, i) => medians[t][i].push(median(calls)));
      }
      const totals = timers.map(([name], t) => `${name} ${gflops(products, medians[t].map((m) => m[round])).toFixed(1)}`);
      log(`  (${workload.key}) GEMM round ${round + 1}/${plan.rounds}: ${totals.join(', ')} GFLOP/s over the step's ${products.length} products`);
    }
  } finally {
    for (const [, timer] of timers) await timer.dispose();
  }
  const variant = wasmVariants()[0];
  const peak = activeKernels() === 'wasm' && variant !== undefined ? await measureSimdPeak(variant) : undefined;
  if (peak) log(`  WebAssembly SIMD peak on one core (${peak.chains} chains of ${peak.variant} multiply-adds): ${peak.gflops.toFixed(1)} GFLOP/s`);
  return {
    workload,
    kernel: activeKernelBuild(),
    ...(peak ? { peak } : {}),
    products: products.map((product, i) => ({ product, oursMs: median(medians[0][i]), ...(timers.length > 1 ? { torchMs: median(medians[1][i]) } : {}) })),
    ...(pytorch.python === undefined ? { noTorch: pytorch.reason } : {}),
  };
}

/** All the products' FLOPs over the sum of their times: the GEMM rate of a whole step. */
export function gflops(products: readonly Product[], msPerProduct: readonly number[]): number {
  const flops = products.reduce((sum, p) => sum + productFlops(p), 0);
  const ms = msPerProduct.reduce((sum, t) => sum + t, 0);
  return flops / (ms * 1e6);
}

/** The whole step's GEMM: its milliseconds and GFLOP/s, ours and (when measured) PyTorch's. */
export function stepTotals(g: StepGemmSpeed): { flops: number; ours: { ms: number; gflops: number }; torch?: { ms: number; gflops: number } } {
  const products = g.products.map((p) => p.product);
  const total = (times: readonly number[]) => ({ ms: times.reduce((sum, t) => sum + t, 0), gflops: gflops(products, times) });
  const torchTimes = g.products.flatMap((p) => (p.torchMs === undefined ? [] : [p.torchMs]));
  return {
    flops: products.reduce((sum, p) => sum + productFlops(p), 0),
    ours: total(g.products.map((p) => p.oursMs)),
    ...(torchTimes.length === products.length ? { torch: total(torchTimes) } : {}),
  };
}
