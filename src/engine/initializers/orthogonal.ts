import { ParamSchema, number } from '../params';
import type { Options, ParamSpecs } from '../params';
import type { Rng } from '../rng';
import { defineEntry } from '../registry';
import { checkTarget } from './initializer';
import type { Initializer, InitializerEntry, WeightShape } from './initializer';

/**
 * Orthogonal initialization and its data-dependent successor LSUV. Both fill a
 * weight, read as a rows×cols matrix, with orthonormal rows or columns: every
 * singular value is 1, so a linear layer preserves the norm of what passes
 * through it in both directions, however deep the stack.
 */

const orthogonalSpecs = {
  gain: number({
    default: 1,
    min: 0,
    minExclusive: true,
    doc: 'Multiplies the matrix, setting every singular value to gain.',
  }),
} satisfies ParamSpecs;

const lsuvSpecs = {
  tolerance: number({
    default: 0.1,
    min: 0,
    minExclusive: true,
    doc: "Calibration stops once |Var(layer output) − 1| < tolerance (the paper's Tol_var).",
  }),
  maxIterations: number({
    default: 10,
    min: 1,
    integer: true,
    doc: "Most rescaling passes per layer (the paper's T_max).",
  }),
} satisfies ParamSpecs;

/** Options of orthogonal. */
export type OrthogonalOptions = Options<typeof orthogonalSpecs>;
/** Options of lsuv. */
export type LsuvOptions = Options<typeof lsuvSpecs>;

const schemas = {
  orthogonal: new ParamSchema('initializer orthogonal', orthogonalSpecs),
  lsuv: new ParamSchema('initializer lsuv', lsuvSpecs),
};

/**
 * Orthogonal (./orthogonal.entry.ts): W = gain·Q, Q uniformly distributed
 * over matrices with orthonormal columns (rows ≥ cols) or rows.
 *
 * How, as PyTorch's orthogonal_ does it: draw G ~ N(0, 1) of shape
 * max(rows, cols) × min(rows, cols) (row-major order from `rng`), factor
 * G = QR, and multiply column j of Q by sign(R_jj). QR is unique only up to
 * those signs; fixing R's diagonal positive makes Q follow the Haar (uniform)
 * distribution (Mezzadri 2007) and makes the result a function of G alone.
 * When rows < cols the result is Qᵀ. A tensor of any shape is flattened to
 * rows×cols first; a 1-D [n] becomes one random unit vector scaled by gain.
 */
export function orthogonal(options: OrthogonalOptions = {}): Initializer {
  const { gain } = schemas.orthogonal.resolve(options);
  return {
    name: 'orthogonal',
    fill: (target, shape, rng) => fillOrthogonal('orthogonal', target, shape, rng, gain),
  };
}

/** LSUV's calibration settings, read by the model code that runs it. */
export interface LsuvCalibration {
  readonly tolerance: number;
  readonly maxIterations: number;
}

/** An orthogonal initializer that carries LSUV's calibration settings. */
export interface LsuvInitializer extends Initializer {
  readonly calibration: LsuvCalibration;
}

/**
 * Layer-sequential unit-variance (LSUV; ./orthogonal.entry.ts). The
 * orthogonal fill needs only the tensor and is what `fill` does; the
 * per-layer rescaling needs the model and a batch, so the model runs it,
 * reading `calibration`.
 */
export function lsuv(options: LsuvOptions = {}): LsuvInitializer {
  const o = schemas.lsuv.resolve(options);
  return {
    name: 'lsuv',
    calibration: { tolerance: o.tolerance, maxIterations: o.maxIterations },
    fill: (target, shape, rng) => fillOrthogonal('lsuv', target, shape, rng, 1),
  };
}

function fillOrthogonal(name: string, target: Float32Array, shape: WeightShape, rng: Rng, gain: number): void {
  checkTarget(name, target, shape);
  const { rows, cols } = shape;
  if (rows >= cols) {
    const q = orthonormalColumns(rows, cols, rng);
    for (let i = 0; i < target.length; i++) target[i] = gain * q[i];
    return;
  }
  // Q is cols×rows with orthonormal columns; its transpose has orthonormal rows.
  const q = orthonormalColumns(cols, rows, rng);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) target[r * cols + c] = gain * q[c * rows + r];
  }
}

/**
 * The sign-fixed Q factor (n×m, n ≥ m, row-major) of a fresh Gaussian matrix,
 * by Householder QR in float64: reflections keep Q orthonormal to rounding
 * error even when G is badly conditioned, where Gram–Schmidt would drift.
 */
function orthonormalColumns(n: number, m: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * m);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();

  // Reflector k is H_k = I − β_k·v_k·v_kᵀ, with v_k kept in column k, rows k…n−1.
  const reflectors = new Float64Array(n * m);
  const beta = new Float64Array(m);
  const diagonalSign = new Float64Array(m);
  const dots = new Float64Array(m);

  for (let k = 0; k < m; k++) {
    let normSquared = 0;
    for (let i = k; i < n; i++) normSquared += a[i * m + k] ** 2;
    // R_kk = α takes the sign opposite to x₀ so that v₀ = x₀ − α adds
    // magnitudes instead of cancelling them.
    const x0 = a[k * m + k];
    const alpha = x0 >= 0 ? -Math.sqrt(normSquared) : Math.sqrt(normSquared);
    diagonalSign[k] = alpha < 0 ? -1 : 1;
    let vv = 0;
    for (let i = k; i < n; i++) {
      const v = i === k ? x0 - alpha : a[i * m + k];
      reflectors[i * m + k] = v;
      vv += v * v;
    }
    if (vv === 0) continue; // an all-zero column: nothing to reflect
    beta[k] = 2 / vv;
    applyReflector(a, reflectors, n, m, k, beta[k], dots);
  }

  // Q = H₀·H₁·…·H_{m−1}·[I; 0]. Applying the reflectors last-first, H_k leaves
  // columns j < k alone (they are still e_j, zero in the rows H_k touches).
  const q = new Float64Array(n * m);
  for (let j = 0; j < m; j++) q[j * m + j] = 1;
  for (let k = m - 1; k >= 0; k--) {
    if (beta[k] !== 0) applyReflector(q, reflectors, n, m, k, beta[k], dots);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) q[i * m + j] *= diagonalSign[j];
  }
  return q;
}

/** x ← (I − β·v·vᵀ)·x on columns k…m−1 and rows k…n−1 of the n×m matrix x. */
function applyReflector(
  x: Float64Array, reflectors: Float64Array, n: number, m: number, k: number, beta: number, dots: Float64Array,
): void {
  dots.fill(0, k, m);
  for (let i = k; i < n; i++) {
    const v = reflectors[i * m + k];
    const row = i * m;
    for (let j = k; j < m; j++) dots[j] += v * x[row + j];
  }
  for (let i = k; i < n; i++) {
    const scaled = beta * reflectors[i * m + k];
    const row = i * m;
    for (let j = k; j < m; j++) x[row + j] -= scaled * dots[j];
  }
}

/** Registry entries: orthogonal (PyTorch orthogonal_) and lsuv. */
export const orthogonalEntries: readonly InitializerEntry[] = [
  defineEntry('orthogonal', ['orthogonal_'], schemas.orthogonal, orthogonal),
  defineEntry('lsuv', [], schemas.lsuv, lsuv),
];
