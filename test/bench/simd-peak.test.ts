import { describe, expect, it } from 'vitest';
import { measureSimdPeak } from '../../scripts/bench/simd-peak';

describe('measureSimdPeak', () => {
  it('assembles and times both builds of the peak module', async () => {
    const fused = await measureSimdPeak('relaxed');
    const plain = await measureSimdPeak('plain');
    expect(fused).toMatchObject({ variant: 'relaxed', chains: 12 });
    expect(plain).toMatchObject({ variant: 'plain', chains: 12 });
    // Any core with 128-bit SIMD does several GFLOP/s; a module that did no work would report far more than any core does.
    for (const { gflops } of [fused, plain]) {
      expect(gflops).toBeGreaterThan(2);
      expect(gflops).toBeLessThan(1000);
    }
  });
});
