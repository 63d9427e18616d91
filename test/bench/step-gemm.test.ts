import { describe, expect, it, vi } from 'vitest';
import { flopsPerStep, ourTrainer, WORKLOADS } from '../../scripts/bench/workloads';
import { ourProducts, productFlops, stepProducts, stepTotals, type StepGemmSpeed } from '../../scripts/bench/step-gemm';
import type { Product } from '../../scripts/bench/pytorch';

// Every product the engine's layers ask of the kernels, in call order: the
// GEMM benchmark must time exactly these, so it is checked against a real step.
const calls = vi.hoisted(() => [] as Product[]);

vi.mock(import('../../src/engine/kernels'), async (importOriginal) => {
  const kernels = await importOriginal();
  const recording =
    (op: Product['op'], gemm: typeof kernels.gemmNN): typeof kernels.gemmNN =>
    (c, a, b, m, n, k, accumulate) => {
      calls.push({ op, m, n, k });
      gemm(c, a, b, m, n, k, accumulate);
    };
  return {
    ...kernels,
    gemmNN: recording('NN', kernels.gemmNN),
    gemmNT: recording('NT', kernels.gemmNT),
    gemmTN: recording('TN', kernels.gemmTN),
    gemmNTBias: (c, a, b, bias, m, n, k) => {
      calls.push({ op: 'NTBias', m, n, k });
      kernels.gemmNTBias(c, a, b, bias, m, n, k);
    },
  };
});

describe('stepProducts', () => {
  it.each(WORKLOADS.map((w) => [w.key, w] as const))('lists the products one step of workload (%s) makes, in order', (_key, workload) => {
    const { trainer } = ourTrainer(workload);
    calls.length = 0;
    trainer.step();
    expect(stepProducts(workload)).toEqual(calls);
    trainer.dispose();
  });

  it('adds up to the FLOPs the speed table counts', () => {
    for (const workload of WORKLOADS) {
      expect(stepProducts(workload).reduce((sum, p) => sum + productFlops(p), 0)).toBe(flopsPerStep(workload));
    }
  });

  it("names (b)'s products as the dense layers call them", () => {
    const b = WORKLOADS.find((w) => w.key === 'b')!;
    // 784-256-128-10, batch 128: forward x·Wᵀ + b per layer, then dW (and dx but for the first layer) from the last layer back
    expect(stepProducts(b)).toEqual([
      { op: 'NTBias', m: 128, n: 256, k: 784 },
      { op: 'NTBias', m: 128, n: 128, k: 256 },
      { op: 'NTBias', m: 128, n: 10, k: 128 },
      { op: 'TN', m: 10, n: 128, k: 128 },
      { op: 'NN', m: 128, n: 128, k: 10 },
      { op: 'TN', m: 128, n: 256, k: 128 },
      { op: 'NN', m: 128, n: 256, k: 128 },
      { op: 'TN', m: 256, n: 784, k: 128 },
    ]);
  });
});

describe('ourProducts', () => {
  it('runs the products in order, pass after pass, timing each call through the engine kernels', async () => {
    const products: Product[] = [
      { op: 'NTBias', m: 3, n: 5, k: 7 },
      { op: 'TN', m: 5, n: 7, k: 3 },
      { op: 'NN', m: 7, n: 3, k: 5 },
      { op: 'NT', m: 1, n: 9, k: 17 },
    ];
    const timer = ourProducts(products);
    await timer.ready();
    calls.length = 0;
    const times = await timer.round(0);
    // a round makes at least three passes, each through every product's own kernel and shape, in order
    const passes = times[0].length;
    expect(passes).toBeGreaterThanOrEqual(3);
    expect(times.map((calls) => calls.length)).toEqual(products.map(() => passes));
    expect(calls).toEqual(Array.from({ length: passes }, () => products).flat());
    await timer.dispose();
  });
});

describe('stepTotals', () => {
  const products: Product[] = [
    { op: 'NT', m: 10, n: 10, k: 10 },
    { op: 'NN', m: 20, n: 10, k: 10 },
  ];
  it('sums the products into one step rate, PyTorch only when every product has a time', () => {
    // 2000 + 4000 FLOP in 0.001 + 0.002 ms = 6000 FLOP / 3e-6 s = 2 GFLOP/s; torch in half the time = 4 GFLOP/s
    const g: StepGemmSpeed = {
      workload: WORKLOADS[1],
      kernel: 'wasm',
      products: [
        { product: products[0], oursMs: 0.001, torchMs: 0.0005 },
        { product: products[1], oursMs: 0.002, torchMs: 0.001 },
      ],
    };
    const totals = stepTotals(g);
    expect(totals.flops).toBe(6000);
    expect(totals.ours.gflops).toBeCloseTo(2, 10);
    expect(totals.torch?.gflops).toBeCloseTo(4, 10);
    expect(stepTotals({ ...g, products: [g.products[0], { product: products[1], oursMs: 0.002 }], noTorch: 'none' }).torch).toBeUndefined();
  });
});
