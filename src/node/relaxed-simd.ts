/**
 * Imported first by the processes NN Lab starts itself (the CLI, the
 * benchmark, the test runner): it turns on WebAssembly relaxed SIMD where
 * this Node's V8 implements it behind a flag, before any module compiles.
 *
 * Relaxed SIMD is part of the WebAssembly 3.0 standard and on by default
 * from V8 11.4: in Node 22 and later and in every VS Code the extension
 * supports. Node 20's V8 (11.3) implements it only under
 * `--experimental-wasm-relaxed-simd`. Without it the matrix kernel falls back
 * to its build with a multiply and an add, about a sixth slower on a
 * 784-256-128-10 step, so the CLI on Node 20 would run slower than the same
 * notebook in VS Code and with other rounding. V8 reads the flag when it
 * validates a module, and it is process-wide, so gradient threads inherit
 * it. The extension host is not ours to reconfigure and needs no flag.
 */
import { setFlagsFromString } from 'node:v8';
import { wasmVariants } from '../engine/kernels/gemm-wasm';

const FLAG = '--experimental-wasm-relaxed-simd';

/** Whether relaxed SIMD runs here, after turning it on where a flag can; safe to call more than once. */
export function enableRelaxedSimd(): boolean {
  if (wasmVariants().includes('relaxed')) return true;
  // An unknown flag is ignored with a warning on stderr, so ask only a V8 old enough to need it.
  if (!/^11\./.test(process.versions.v8)) return false;
  setFlagsFromString(FLAG);
  return wasmVariants().includes('relaxed');
}

enableRelaxedSimd();
