import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createActivation } from '../../src/engine/activations';
import { ConfigError } from '../../src/engine/errors';
import { createInitializer } from '../../src/engine/initializers';
import { activeKernels, availableKernels, gemmNTBias, kernelsFor, useKernels, type GemmKernels, type KernelChoice } from '../../src/engine/kernels';
import { gemmRelaxedWasmBase64, gemmWasmBase64 } from '../../src/engine/kernels/gemm-wasm.generated';
import { createWasmKernels, wasmSimdSupported, wasmVariants } from '../../src/engine/kernels/gemm-wasm';
import { createLoss } from '../../src/engine/losses';
import { Sequential, type LayerConfig } from '../../src/engine/model';
import { createOptimizer } from '../../src/engine/optim/optimizers';
import { Rng } from '../../src/engine/rng';
import { TrainingStep } from '../../src/engine/train/step';

type Product = Exclude<keyof GemmKernels, 'gemmNTBias'>;
const products: Product[] = ['gemmNN', 'gemmNT', 'gemmTN'];
const reference = kernelsFor('reference');
/** The fast kernels this runtime has (Node 20 has WebAssembly SIMD, so both). */
const fast: KernelChoice[] = availableKernels().filter((choice) => choice !== 'reference');
/**
 * Every fast implementation by name: the JavaScript tiles and each build of
 * the WebAssembly kernel this runtime runs (the relaxed-SIMD one only under
 * `node --experimental-wasm-relaxed-simd` in Node 20, always in VS Code).
 */
const implementations: [string, GemmKernels][] = [
  ['js', kernelsFor('js')],
  ...wasmVariants().map((variant): [string, GemmKernels] => [`wasm ${variant}`, createWasmKernels(variant)!]),
];

afterEach(() => {
  useKernels('auto');
});

function random(length: number, rng: Rng): Float32Array {
  return new Float32Array(length).map(() => rng.normal());
}

/** Element counts of op(A) and op(B) for C = op(A)·op(B) of size m×n with inner size k. */
function operandSizes(m: number, n: number, k: number): [number, number] {
  return [m * k, k * n];
}

/**
 * Σ_p |A(i,p)|·|B(p,j)| for every element: the scale a float32 dot product's
 * rounding error is measured against. Summing k products in float32 in any
 * order is off by at most about k·u·Σ|a||b| (u = 2⁻²⁴ ≈ 6·10⁻⁸; Higham,
 * "Accuracy and Stability of Numerical Algorithms", §3.1), typically √k·u·Σ|a||b|.
 * Measuring against |C| instead would fail on elements where terms cancel.
 */
function magnitudes(product: Product, a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float64Array {
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const aip = product === 'gemmTN' ? a[p * m + i] : a[i * k + p];
        const bpj = product === 'gemmNT' ? b[j * k + p] : b[p * n + j];
        sum += Math.abs(aip * bpj);
      }
      scale[i * n + j] = sum;
    }
  }
  return scale;
}

/**
 * Largest |fast − reference| ÷ Σ|a||b| over C. The kernels add in different
 * orders (4 SIMD lanes, float64 accumulators in JavaScript, float32 partial
 * sums in the reference), so results agree to rounding, not bitwise: 1·10⁻⁵
 * allows k·u for k up to about 160 and √k·u far beyond the largest k here.
 */
function worstRelativeError(got: Float32Array, want: Float32Array, scale: Float64Array): number {
  let worst = 0;
  for (let e = 0; e < want.length; e++) worst = Math.max(worst, Math.abs(got[e] - want[e]) / (scale[e] + 1e-30));
  return worst;
}

// [m, n, k]: odd sizes, single rows and columns, k = 1, sizes that are and are
// not multiples of the 4×4 and 4×8 tiles and of the packing's 4×4 blocks, a
// long inner sum, dense-layer-sized products, and products large enough that
// the WebAssembly kernel packs a row-major operand (rows of 256 floats or more).
const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 9, 5], [9, 1, 5], [1, 300, 40], [300, 1, 40], [5, 7, 1], [33, 17, 1], [3, 3, 3],
  [4, 8, 4], [8, 8, 8], [13, 17, 19], [4, 12, 7], [6, 13, 33], [33, 9, 64], [7, 5, 3],
  [10, 2, 8], [64, 64, 64], [128, 10, 128], [37, 130, 257], [128, 96, 300], [5, 11, 1500],
  [67, 259, 9], [259, 67, 13],
];

describe.each(implementations)('%s kernels equal the reference', (_name, kernels) => {
  it.each(shapes)('%i×%i with k = %i, all three products, overwrite and accumulate', (m, n, k) => {
    const rng = new Rng(m * 10007 + n * 101 + k);
    for (const product of products) {
      const [aSize, bSize] = operandSizes(m, n, k);
      const a = random(aSize, rng);
      const b = random(bSize, rng);
      const scale = magnitudes(product, a, b, m, n, k);
      const want = new Float32Array(m * n).fill(Number.NaN);
      reference[product](want, a, b, m, n, k);
      // Stale contents must be overwritten, not added to.
      const got = random(m * n, rng);
      kernels[product](got, a, b, m, n, k);
      expect(worstRelativeError(got, want, scale), `${product} overwrite`).toBeLessThan(1e-5);

      const start = random(m * n, rng);
      const wantSum = Float32Array.from(start);
      reference[product](wantSum, a, b, m, n, k, true);
      const gotSum = Float32Array.from(start);
      kernels[product](gotSum, a, b, m, n, k, true);
      // The start value adds |C₀| to the scale of each element.
      const sumScale = scale.map((s, e) => s + Math.abs(start[e]));
      expect(worstRelativeError(gotSum, wantSum, sumScale), `${product} accumulate`).toBeLessThan(1e-5);
    }
  });

  it.each(shapes)('%i×%i with k = %i, A·Bᵀ + bias', (m, n, k) => {
    const rng = new Rng(m * 7919 + n * 31 + k);
    const a = random(m * k, rng);
    const b = random(n * k, rng);
    const bias = random(n, rng);
    const want = new Float32Array(m * n);
    reference.gemmNTBias(want, a, b, bias, m, n, k);
    const got = random(m * n, rng);
    kernels.gemmNTBias(got, a, b, bias, m, n, k);
    const scale = magnitudes('gemmNT', a, b, m, n, k).map((s, e) => s + Math.abs(bias[e % n]));
    expect(worstRelativeError(got, want, scale)).toBeLessThan(1e-5);
  });

  it('adds the bias to every row, and gives the bias alone for k = 0', () => {
    // A = [1 2; 3 4], B = [5 6; 7 8], bias = [10 20]: A·Bᵀ = [17 23; 39 53], plus the bias per row.
    const c = new Float32Array(4);
    kernels.gemmNTBias(c, Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8), Float32Array.of(10, 20), 2, 2, 2);
    expect([...c]).toEqual([27, 43, 49, 73]);
    kernels.gemmNTBias(c, new Float32Array(0), new Float32Array(0), Float32Array.of(10, 20), 2, 2, 0);
    expect([...c]).toEqual([10, 20, 10, 20]);
  });

  it('works out a 2×2 case by hand, exactly', () => {
    // A = [1 2; 3 4], B = [5 6; 7 8]; small integers are exact in float32.
    const a = Float32Array.of(1, 2, 3, 4);
    const b = Float32Array.of(5, 6, 7, 8);
    const c = new Float32Array(4);
    // A·B  = [1·5+2·7, 1·6+2·8; 3·5+4·7, 3·6+4·8] = [19 22; 43 50]
    kernels.gemmNN(c, a, b, 2, 2, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
    // A·Bᵀ = [1·5+2·6, 1·7+2·8; 3·5+4·6, 3·7+4·8] = [17 23; 39 53]
    kernels.gemmNT(c, a, b, 2, 2, 2);
    expect([...c]).toEqual([17, 23, 39, 53]);
    // Aᵀ·B = [1·5+3·7, 1·6+3·8; 2·5+4·7, 2·6+4·8] = [26 30; 38 44], then + [17 23; 39 53] left in C
    kernels.gemmTN(c, a, b, 2, 2, 2, true);
    expect([...c]).toEqual([43, 53, 77, 97]);
  });

  it('leaves C past m×n alone and handles k = 0 as an empty sum', () => {
    const a = Float32Array.of(2, 3);
    const b = Float32Array.of(4, 5);
    const c = Float32Array.of(9, 9, 9);
    // 1×1 with k = 2: 2·4 + 3·5 = 23, and c[1], c[2] keep their 9s.
    kernels.gemmNT(c, a, b, 1, 1, 2);
    expect([...c]).toEqual([23, 9, 9]);
    kernels.gemmNN(c, a, b, 1, 2, 0);
    expect([...c]).toEqual([0, 0, 9]);
  });

  it('reads only the first m·k and k·n elements of longer operands', () => {
    // A 1×2 = [1 2] inside a longer array, B 2×1 = [3; 4]: 1·3 + 2·4 = 11.
    const c = new Float32Array(1);
    kernels.gemmNN(c, Float32Array.of(1, 2, 100), Float32Array.of(3, 4, 100, 100), 1, 1, 2);
    expect(c[0]).toBe(11);
  });
});

describe.each(wasmVariants())('a new wasm %s instance', (variant) => {
  it.each(products)('runs %s with a long k as its first, memory-sizing product', (product) => {
    // Edge tiles read up to 3 rows of A and 7 floats of B past their ends; a
    // first product sizes the memory to itself, so those reads must fit. With
    // m = 5 and n = 1, A·B's last strip reads 3 rows of 30001 floats past A,
    // far more than B and the memory's last page hold.
    const [m, n, k] = [5, 1, 30001];
    const rng = new Rng(k);
    const a = random(m * k, rng);
    const b = random(n * k, rng);
    const want = new Float32Array(m * n);
    reference[product](want, a, b, m, n, k);
    const got = new Float32Array(m * n);
    createWasmKernels(variant)![product](got, a, b, m, n, k);
    expect(worstRelativeError(got, want, magnitudes(product, a, b, m, n, k))).toBeLessThan(1e-5);
  });
});

describe('the layers\' entry point for A·Bᵀ + bias', () => {
  it('follows the kernel choice', () => {
    // 1×1 with k = 1: 3·4 + 0.5; exact in every implementation.
    for (const choice of availableKernels()) {
      useKernels(choice);
      const c = new Float32Array(1);
      gemmNTBias(c, Float32Array.of(3), Float32Array.of(4), Float32Array.of(0.5), 1, 1, 1);
      expect(c[0]).toBe(12.5);
    }
  });
});

describe('kernel selection', () => {
  it('picks WebAssembly where the runtime has SIMD, as Node 20 does', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(useKernels('auto')).toBe('wasm');
    expect(activeKernels()).toBe('wasm');
  });

  it('can be forced, and names a bad choice', () => {
    expect(useKernels('reference')).toBe('reference');
    expect(useKernels('js')).toBe('js');
    expect(activeKernels()).toBe('js');
    expect(() => useKernels('simd' as KernelChoice)).toThrow(ConfigError);
    expect(() => useKernels('simd' as KernelChoice)).toThrow("kernels: unknown choice 'simd'");
  });

  it('keeps both builds of the module small enough to compile synchronously on a browser main thread (4 KB)', () => {
    expect(atob(gemmWasmBase64).length).toBeLessThan(4096);
    expect(atob(gemmRelaxedWasmBase64).length).toBeLessThan(4096);
  });

  it('prefers the relaxed-SIMD build exactly where the runtime validates it', () => {
    const relaxed = WebAssembly.validate(Uint8Array.from(atob(gemmRelaxedWasmBase64), (char) => char.charCodeAt(0)));
    expect(wasmVariants()).toEqual(relaxed ? ['relaxed', 'plain'] : ['plain']);
    // The plain build uses no relaxed instruction, so SIMD alone runs it.
    expect(wasmSimdSupported()).toBe(true);
  });

  it('has a generated module that matches gemm.wat', () => {
    // Exits non-zero (and execFileSync throws) when the committed bytes are stale.
    expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

function dense(units: number, activation: string): LayerConfig {
  return { kind: 'dense', units, activation: createActivation(activation), kernelInitializer: createInitializer('he_normal'), biasInitializer: createInitializer('zeros') };
}

/** 20 Adam steps of a 12-33-17-5 ReLU MLP at batch 19 (odd sizes hit every tile edge); the final weights. */
function trainedWeights(choice: KernelChoice): Float32Array[] {
  useKernels(choice);
  const rng = new Rng(5);
  const model = new Sequential(12, [dense(33, 'relu'), dense(17, 'relu'), dense(5, 'softmax')], rng);
  const step = new TrainingStep({
    model,
    loss: createLoss('sparse_categorical_crossentropy'),
    optimizer: createOptimizer('adam', model.parameters(), { lr: 1e-2 }),
    rng,
  });
  const batch = 19;
  for (let i = 0; i < 20; i++) {
    const x = random(batch * 12, rng);
    const y = new Float32Array(batch).map(() => rng.int(5));
    step.run(x, y, batch);
  }
  return model.parameters().map((parameter) => Float32Array.from(parameter.value));
}

describe('training does not depend on the kernel beyond float32 rounding', () => {
  const want = trainedWeights('reference');

  it.each(fast)('%s: 20 steps give the reference weights within 1e-5', (choice) => {
    const got = trainedWeights(choice);
    let worst = 0;
    let differs = false;
    for (let t = 0; t < want.length; t++) {
      for (let e = 0; e < want[t].length; e++) {
        worst = Math.max(worst, Math.abs(got[t][e] - want[t][e]));
        differs ||= got[t][e] !== want[t][e];
      }
    }
    // Weights move by up to lr = 1e-2 per step; rounding differences of ~1e-7
    // in the gradients move the weights by about 1e-7 over 20 steps (measured 6e-8).
    expect(worst).toBeLessThan(1e-5);
    // The runs really took different arithmetic paths (not one kernel three times).
    expect(differs).toBe(true);
  });
});
