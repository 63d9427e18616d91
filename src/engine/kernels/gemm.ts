/**
 * The three matrix products dense layers need, on row-major Float32Arrays.
 * Each writes C (m×n) and, when `accumulate` is set, adds to what C holds.
 * Loops run in the order that reads memory contiguously in the innermost loop.
 */

/** C = A·B, with A m×k and B k×n. */
export function gemmNN(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const rowA = i * k;
    const rowC = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[rowA + p];
      const rowB = p * n;
      for (let j = 0; j < n; j++) c[rowC + j] += aip * b[rowB + j];
    }
  }
}

/** C = A·Bᵀ, with A m×k and B n×k (both read along rows). */
export function gemmNT(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  for (let i = 0; i < m; i++) {
    const rowA = i * k;
    const rowC = i * n;
    for (let j = 0; j < n; j++) {
      const rowB = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[rowA + p] * b[rowB + p];
      c[rowC + j] = accumulate ? c[rowC + j] + sum : sum;
    }
  }
}

/** C = Aᵀ·B, with A k×m and B k×n. */
export function gemmTN(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const rowA = p * m;
    const rowB = p * n;
    for (let i = 0; i < m; i++) {
      const api = a[rowA + i];
      const rowC = i * n;
      for (let j = 0; j < n; j++) c[rowC + j] += api * b[rowB + j];
    }
  }
}

/** C = A·Bᵀ + bias, with A m×k, B n×k and the bias (n values) added to every row after the product. */
export function gemmNTBias(
  c: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array,
  m: number, n: number, k: number,
): void {
  gemmNT(c, a, b, m, n, k);
  for (let row = 0; row < m * n; row += n) {
    for (let j = 0; j < n; j++) c[row + j] += bias[j];
  }
}
