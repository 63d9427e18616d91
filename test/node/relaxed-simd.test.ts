import { describe, expect, it } from 'vitest';
import { activeKernelBuild } from '../../src/engine/kernels';
import { wasmVariants } from '../../src/engine/kernels/gemm-wasm';
import { enableRelaxedSimd } from '../../src/node/relaxed-simd';

describe('enableRelaxedSimd', () => {
  it('makes the relaxed-SIMD kernel the one in use on every Node the README supports (20 by flag, 22+ by default)', () => {
    expect(enableRelaxedSimd()).toBe(true);
    expect(wasmVariants()).toEqual(['relaxed', 'plain']);
    expect(activeKernelBuild()).toBe('wasm relaxed');
  });
});
