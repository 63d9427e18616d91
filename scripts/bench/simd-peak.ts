// The most one core can compute with WebAssembly SIMD: independent chains of
// f32x4 multiply-adds on registers alone, no memory traffic, in the build our
// matrix kernel runs (relaxed SIMD's fused f32x4.relaxed_madd, or a multiply
// then an add). WebAssembly has no vectors wider than 128 bits, so no
// WebAssembly kernel on this machine can beat this rate; the benchmark
// reports our kernel's share of it and the step rate it caps.
import wabtInit from 'wabt';
import type { WasmVariant } from '../../src/engine/kernels/gemm-wasm';

/** Independent accumulators: more than a multiply-add's latency × the core's vector pipes, so none waits on another. */
const CHAINS = 12;
const ITERATIONS = 20_000_000;
const ROUNDS = 5;

/** The module's text: `run(n)` makes n passes of CHAINS multiply-adds on four lanes each. */
function peakModule(variant: WasmVariant): string {
  const locals = Array.from({ length: CHAINS }, (_, i) => `(local $c${i} v128)`).join(' ');
  const multiplyAdd = (i: number) =>
    variant === 'relaxed'
      ? `(local.set $c${i} (f32x4.relaxed_madd (local.get $a) (local.get $b) (local.get $c${i})))`
      : `(local.set $c${i} (f32x4.add (f32x4.mul (local.get $a) (local.get $b)) (local.get $c${i})))`;
  const body = Array.from({ length: CHAINS }, (_, i) => multiplyAdd(i)).join('\n');
  // The sum is returned so no chain is dead code.
  const sum = Array.from({ length: CHAINS }, (_, i) => `(local.get $c${i})`).reduce((x, y) => `(f32x4.add ${x} ${y})`);
  return `(module
  (func (export "run") (param $n i32) (result f32) (local $a v128) (local $b v128) ${locals}
    (local.set $a (f32x4.splat (f32.const 1.0000001)))
    (local.set $b (f32x4.splat (f32.const 0.9999999)))
    (loop $pass
      ${body}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $pass (local.get $n)))
    (f32x4.extract_lane 0 ${sum})))`;
}

export interface SimdPeak {
  readonly variant: WasmVariant;
  readonly chains: number;
  /** The best of ROUNDS timed runs. */
  readonly gflops: number;
}

/** Times the peak module of `variant` on this thread; a multiply-add counts two operations per lane. */
export async function measureSimdPeak(variant: WasmVariant): Promise<SimdPeak> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('simd-peak.wat', peakModule(variant), { simd: true, relaxed_simd: variant === 'relaxed' });
  const { buffer } = parsed.toBinary({});
  parsed.destroy();
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(buffer))).exports as { run: (passes: number) => number };
  run(ITERATIONS / 10);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    run(ITERATIONS);
    const seconds = (performance.now() - started) / 1000;
    best = Math.max(best, (ITERATIONS * CHAINS * 4 * 2) / seconds / 1e9);
  }
  return { variant, chains: CHAINS, gflops: best };
}
