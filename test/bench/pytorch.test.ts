import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFirstLoss } from '../../scripts/bench/like-for-like';
import type { NetworkTrainer } from '../../scripts/bench/network-workloads';
import {
  blasOf,
  findPyTorch,
  isOptimizedBlas,
  pytorchDenseTrainer,
  pytorchProducts,
  pythonCandidates,
  sequentialWeights,
  type Product,
  type ProductTimer,
} from '../../scripts/bench/pytorch';
import { ourTrainer, WORKLOADS, type Workload } from '../../scripts/bench/workloads';

// Lines of torch.__config__.show() from the two builds on the machine the targets were set on.
const PIP_MKL = '  - Build settings: BLAS_INFO=mkl, BUILD_TYPE=Release, LAPACK_INFO=mkl, USE_MKL=ON, USE_MKLDNN=ON,';
const DEBIAN_GENERIC = '  - Build settings: BLAS_INFO=generic, BUILD_TYPE=RelWithDebInfo, LAPACK_INFO=generic, USE_MKLDNN=ON,';

describe('finding PyTorch', () => {
  it('tries $PYTHON, then the bench venv, then python3 and the system python3', () => {
    expect(pythonCandidates('/opt/py/bin/python', '/repo/.venv-bench/bin/python')).toEqual(['/opt/py/bin/python', '/repo/.venv-bench/bin/python', 'python3', '/usr/bin/python3']);
    expect(pythonCandidates(undefined, '/repo/.venv-bench/bin/python')).toEqual(['/repo/.venv-bench/bin/python', 'python3', '/usr/bin/python3']);
    // $PYTHON naming the venv is tried once
    expect(pythonCandidates('/repo/.venv-bench/bin/python', '/repo/.venv-bench/bin/python')).toEqual(['/repo/.venv-bench/bin/python', 'python3', '/usr/bin/python3']);
  });

  it("reads the build's BLAS and tells a generic one from a tuned one", () => {
    expect(blasOf(PIP_MKL)).toBe('mkl');
    expect(blasOf(DEBIAN_GENERIC)).toBe('generic');
    expect(blasOf('PyTorch built with:\n  - GCC 12.2')).toBe('unknown');
    expect(isOptimizedBlas('mkl')).toBe(true);
    expect(isOptimizedBlas('open')).toBe(true);
    expect(isOptimizedBlas('generic')).toBe(false);
    expect(isOptimizedBlas('unknown')).toBe(false);
  });
});

describe('checkFirstLoss', () => {
  it('accepts float32 rounding and refuses anything past 1e-4 relative', () => {
    expect(() => checkFirstLoss('(b)', 'pytorch-1-thread', 3.2858282, 3.285828)).not.toThrow();
    expect(() => checkFirstLoss('(b)', 'pytorch-1-thread', 3.2858 * (1 + 2e-4), 3.2858)).toThrow(/\(b\): pytorch-1-thread's first loss .* differs from ours/);
    expect(() => checkFirstLoss('(b)', 'pytorch-1-thread', Number.NaN, 3.2858)).toThrow(/differs from ours/);
  });
});

describe('sequentialWeights', () => {
  it("names our dense layers as nn.Sequential's Linear modules between activations", () => {
    const { initial } = ourTrainer(WORKLOADS[0]);
    // 2-8-8-2: Linear at 0, 2 and 4, each with an activation after it but the last
    const named = sequentialWeights(initial);
    expect(named.map(({ name, shape }) => `${name} [${shape.join(', ')}]`)).toEqual([
      '0.weight [8, 2]',
      '0.bias [8]',
      '2.weight [8, 8]',
      '2.bias [8]',
      '4.weight [2, 8]',
      '4.bias [2]',
    ]);
    expect(named[2].value).toBe(initial[1].kernel);
  });
});

const pytorch = findPyTorch();
if (pytorch.python === undefined) console.log(`no PyTorch (${pytorch.reason}); skipping the runs against it`);

describe.skipIf(pytorch.python === undefined)('against PyTorch', () => {
  const python = pytorch.python!;
  // Every process starts at once: most of each one's time is importing torch, which takes
  // tens of seconds when four of them do it on two busy cores.
  const IMPORT_TIMEOUT = 120_000;
  let runs: { workload: Workload; ours: ReturnType<typeof ourTrainer>; theirs: NetworkTrainer }[] = [];
  let timer: ProductTimer;
  const products: Product[] = [
    { op: 'NTBias', m: 3, n: 5, k: 7 },
    { op: 'NT', m: 3, n: 5, k: 7 },
    { op: 'TN', m: 5, n: 7, k: 3 },
    { op: 'NN', m: 7, n: 3, k: 5 },
  ];
  beforeAll(() => {
    runs = WORKLOADS.map((workload) => {
      const ours = ourTrainer(workload);
      return { workload, ours, theirs: pytorchDenseTrainer(python, 1, workload, ours.initial) };
    });
    timer = pytorchProducts(python, products);
  });
  afterAll(async () => {
    for (const { ours, theirs } of runs) {
      ours.trainer.dispose();
      await theirs.dispose();
    }
    await timer.dispose();
  });

  it.each(WORKLOADS.map((w, i) => [w.key, i] as const))("takes workload (%s)'s first step from our weights and batch to our loss", async (_key, i) => {
    const { workload, ours, theirs } = runs[i];
    const loss = ours.trainer.step();
    const first = await theirs.first();
    expect(first.outputShape).toEqual([workload.batch, workload.widths[workload.widths.length - 1]]);
    expect(() => checkFirstLoss(`(${workload.key})`, 'pytorch', first.loss, loss)).not.toThrow();
    expect((await theirs.round(0)).length).toBeGreaterThanOrEqual(3);
  }, IMPORT_TIMEOUT);

  it('times torch.mm or torch.addmm on each product it is given, pass after pass', async () => {
    await timer.ready();
    const times = await timer.round(0);
    expect(times).toHaveLength(products.length);
    expect(times[0].length).toBeGreaterThanOrEqual(3);
    for (const calls of times) expect(calls).toHaveLength(times[0].length);
  }, IMPORT_TIMEOUT);
});
