/**
 * The one place the engine's matrix products are chosen. Layers call
 * `gemmNN`, `gemmNT`, `gemmTN` and `gemmNTBias` from here; which implementation runs is
 * picked once when this module loads ('auto') and can be forced with
 * `useKernels` by tests and the benchmark:
 * - 'reference': the plain loops of gemm.ts, the definition the others are tested against;
 * - 'js': 4×4 register-tiled JavaScript (gemm-tiled.ts), for runtimes without WebAssembly SIMD;
 * - 'wasm': the f32x4 WebAssembly kernel (gemm.wat), with relaxed SIMD's
 *   fused multiply-add where the runtime has it.
 * All three agree to float32 rounding; a seeded run is bit-identical only
 * under the same choice.
 */
import { ConfigError } from '../errors';
import { gemmNN as referenceNN, gemmNT as referenceNT, gemmNTBias as referenceNTBias, gemmTN as referenceTN } from './gemm';
import { gemmNNTiled, gemmNTBiasTiled, gemmNTTiled, gemmTNTiled } from './gemm-tiled';
import { createWasmKernels, wasmVariants, type GemmKernels, type WasmVariant } from './gemm-wasm';

export type { Gemm, GemmBias, GemmKernels } from './gemm-wasm';

/** An implementation of the matrix products. */
export type KernelChoice = 'reference' | 'js' | 'wasm';

const reference: GemmKernels = { gemmNN: referenceNN, gemmNT: referenceNT, gemmTN: referenceTN, gemmNTBias: referenceNTBias };
const tiled: GemmKernels = { gemmNN: gemmNNTiled, gemmNT: gemmNTTiled, gemmTN: gemmTNTiled, gemmNTBias: gemmNTBiasTiled };
/** Each WebAssembly build, made the first time it is asked for; undefined where the runtime cannot run it. */
const wasmBuilds = new Map<WasmVariant, GemmKernels | undefined>();

function wasmBuild(variant: WasmVariant): GemmKernels | undefined {
  if (!wasmBuilds.has(variant)) wasmBuilds.set(variant, createWasmKernels(variant));
  return wasmBuilds.get(variant);
}

/** The preferred WebAssembly build this runtime has, and its kernels. */
function wasmKernels(): { readonly variant: WasmVariant; readonly kernels: GemmKernels } | undefined {
  const variant = wasmVariants()[0];
  const kernels = variant === undefined ? undefined : wasmBuild(variant);
  return variant === undefined || kernels === undefined ? undefined : { variant, kernels };
}

let active: GemmKernels = tiled;
let activeChoice: KernelChoice = 'js';
/** The WebAssembly build `active` is, when activeChoice is 'wasm'. */
let activeVariant: WasmVariant = 'plain';

/** The implementations this runtime can run. */
export function availableKernels(): KernelChoice[] {
  return wasmKernels() ? ['reference', 'js', 'wasm'] : ['reference', 'js'];
}

/**
 * Selects the implementation every later product uses and returns its name.
 * 'auto' takes WebAssembly SIMD where the runtime has it, even for the tiny
 * layers of a playground net (measured faster there too), and the tiled
 * JavaScript otherwise. Forcing 'wasm' runs every product in WebAssembly and
 * throws where it is unavailable.
 */
export function useKernels(choice: KernelChoice | 'auto'): KernelChoice {
  if (choice === 'auto') {
    const fast = wasmKernels();
    if (fast) selectWasm(fast.variant, fast.kernels);
    else [active, activeChoice] = [tiled, 'js'];
  } else if (choice === 'wasm') {
    const fast = wasmKernels();
    if (!fast) throw new ConfigError("kernels: 'wasm' needs WebAssembly SIMD, which this runtime lacks; use 'js' or 'auto'");
    selectWasm(fast.variant, fast.kernels);
  } else if (choice === 'js' || choice === 'reference') {
    active = choice === 'js' ? tiled : reference;
    activeChoice = choice;
  } else {
    throw new ConfigError(`kernels: unknown choice '${String(choice)}' (one of auto, reference, js, wasm)`);
  }
  return activeChoice;
}

function selectWasm(variant: WasmVariant, kernels: GemmKernels): void {
  active = kernels;
  activeChoice = 'wasm';
  activeVariant = variant;
}

/**
 * Selects exactly `build`, WebAssembly build included, and throws a
 * ConfigError where this runtime cannot run it: a thread that computes part
 * of another thread's step must round as that thread does, whatever build
 * it would have preferred itself.
 */
export function useKernelBuild(build: KernelBuild): void {
  if (build !== 'wasm relaxed' && build !== 'wasm plain') {
    useKernels(build);
    return;
  }
  const variant: WasmVariant = build === 'wasm relaxed' ? 'relaxed' : 'plain';
  const kernels = wasmBuild(variant);
  if (kernels === undefined) throw new ConfigError(`kernels: this runtime cannot run the ${build} build of the matrix kernel`);
  selectWasm(variant, kernels);
}

/** The implementation in use. */
export function activeKernels(): KernelChoice {
  return activeChoice;
}

/** An implementation with its WebAssembly build: together they decide how a run rounds. */
export type KernelBuild = 'wasm relaxed' | 'wasm plain' | 'js' | 'reference';

/** The implementation in use, naming the WebAssembly build when it is that. */
export function activeKernelBuild(): KernelBuild {
  if (activeChoice !== 'wasm') return activeChoice;
  return activeVariant === 'relaxed' ? 'wasm relaxed' : 'wasm plain';
}

/** The kernels of one implementation, for tests that compare them side by side. */
export function kernelsFor(choice: KernelChoice): GemmKernels {
  if (choice === 'reference') return reference;
  if (choice === 'js') return tiled;
  const fast = wasmKernels();
  if (!fast) throw new ConfigError("kernels: 'wasm' needs WebAssembly SIMD, which this runtime lacks");
  return fast.kernels;
}

/**
 * C = A·B, with A m×k and B k×n; C is overwritten unless `accumulate`.
 * `reuseB`: B is the previous product's, unchanged (see `Gemm`).
 */
export function gemmNN(c: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number, accumulate = false, reuseB = false): void {
  active.gemmNN(c, a, b, m, n, k, accumulate, reuseB);
}

/** C = A·Bᵀ, with A m×k and B n×k; C is overwritten unless `accumulate`. */
export function gemmNT(c: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number, accumulate = false): void {
  active.gemmNT(c, a, b, m, n, k, accumulate);
}

/** C = Aᵀ·B, with A k×m and B k×n; C is overwritten unless `accumulate`. */
export function gemmTN(c: Float32Array, a: Float32Array, b: Float32Array, m: number, n: number, k: number, accumulate = false): void {
  active.gemmTN(c, a, b, m, n, k, accumulate);
}

/**
 * C = A·Bᵀ + bias, with A m×k, B n×k and the bias (n values) added to every
 * row: a dense layer's forward x·Wᵀ + b in one pass over C. C is overwritten.
 */
export function gemmNTBias(c: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array, m: number, n: number, k: number, reuseB = false): void {
  active.gemmNTBias(c, a, b, bias, m, n, k, reuseB);
}

useKernels('auto');
