import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { activeKernelBuild, gemmNTBias, useKernelBuild, useKernels } from '../../../src/engine/kernels';
import { createWasmKernels } from '../../../src/engine/kernels/gemm-wasm';
import { Rng } from '../../../src/engine/rng';

afterEach(() => {
  useKernels('auto');
});

/**
 * A gradient thread takes the caller's build with useKernelBuild, so the two
 * round alike even where the thread's runtime would prefer another build.
 */
describe('useKernelBuild', () => {
  const rng = new Rng(8);
  const [m, n, k] = [9, 13, 31];
  const a = new Float32Array(m * k).map(() => rng.normal());
  const b = new Float32Array(n * k).map(() => rng.normal());
  const bias = new Float32Array(n).map(() => rng.normal());
  const productOf = (compute: (c: Float32Array) => void) => {
    const c = new Float32Array(m * n);
    compute(c);
    return c;
  };

  it.each(['wasm plain', 'wasm relaxed'] as const)('runs every product on the %s build, bit for bit that build', (build) => {
    useKernelBuild(build);
    expect(activeKernelBuild()).toBe(build);
    const own = createWasmKernels(build === 'wasm relaxed' ? 'relaxed' : 'plain')!;
    expect(productOf((c) => gemmNTBias(c, a, b, bias, m, n, k))).toEqual(productOf((c) => own.gemmNTBias(c, a, b, bias, m, n, k)));
  });

  it('gives different bits on the two builds here, so running the wrong one would fail the test above', () => {
    const [plain, relaxed] = (['plain', 'relaxed'] as const).map((variant) => createWasmKernels(variant)!);
    expect(productOf((c) => plain.gemmNTBias(c, a, b, bias, m, n, k))).not.toEqual(productOf((c) => relaxed.gemmNTBias(c, a, b, bias, m, n, k)));
  });

  it('takes the JavaScript implementations by name, and leaves auto to prefer the relaxed build again', () => {
    useKernelBuild('js');
    expect(activeKernelBuild()).toBe('js');
    useKernelBuild('wasm plain');
    useKernels('auto');
    expect(activeKernelBuild()).toBe('wasm relaxed');
  });

  it('refuses a build that is not one', () => {
    expect(() => useKernelBuild('wasm fast' as never)).toThrow(ConfigError);
  });
});
