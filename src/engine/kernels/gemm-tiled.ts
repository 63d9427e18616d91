/**
 * The three dense-layer matrix products in plain JavaScript with 4×4 register
 * tiling: each pass over p loads 4 values of A and 4 of B and does 16
 * multiply-adds, where the reference loops load 2 values per multiply-add
 * (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication",
 * ACM TOMS 2008). This is the kernel used where WebAssembly SIMD is missing.
 *
 * Sums are kept in JavaScript numbers (float64) and rounded to float32 once per
 * element, so results differ from the reference loops only by float32 rounding.
 */

/**
 * C(i,j) = [C(i,j) +] Σ_p A(i,p)·B(p,j) for i < m, j < n, p < k, where
 * A(i,p) = a[i·aI + p·aP] and B(p,j) = b[p·bP + j·bJ]: the strides pick the
 * product (A·B, A·Bᵀ or Aᵀ·B) without copying a transpose.
 */
function gemmStrided(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate: boolean,
  aI: number, aP: number, bP: number, bJ: number,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const c0 = i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let j = 0; j < n4; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
      let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
      let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      let pa = i * aI;
      let pb = j * bJ;
      for (let p = 0; p < k; p++) {
        const a0 = a[pa], a1 = a[pa + aI], a2 = a[pa + 2 * aI], a3 = a[pa + 3 * aI];
        const b0 = b[pb], b1 = b[pb + bJ], b2 = b[pb + 2 * bJ], b3 = b[pb + 3 * bJ];
        s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
        s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
        s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
        s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
        pa += aP;
        pb += bP;
      }
      if (accumulate) {
        c[c0 + j] += s00; c[c0 + j + 1] += s01; c[c0 + j + 2] += s02; c[c0 + j + 3] += s03;
        c[c1 + j] += s10; c[c1 + j + 1] += s11; c[c1 + j + 2] += s12; c[c1 + j + 3] += s13;
        c[c2 + j] += s20; c[c2 + j + 1] += s21; c[c2 + j + 2] += s22; c[c2 + j + 3] += s23;
        c[c3 + j] += s30; c[c3 + j + 1] += s31; c[c3 + j + 2] += s32; c[c3 + j + 3] += s33;
      } else {
        c[c0 + j] = s00; c[c0 + j + 1] = s01; c[c0 + j + 2] = s02; c[c0 + j + 3] = s03;
        c[c1 + j] = s10; c[c1 + j + 1] = s11; c[c1 + j + 2] = s12; c[c1 + j + 3] = s13;
        c[c2 + j] = s20; c[c2 + j + 1] = s21; c[c2 + j + 2] = s22; c[c2 + j + 3] = s23;
        c[c3 + j] = s30; c[c3 + j + 1] = s31; c[c3 + j + 2] = s32; c[c3 + j + 3] = s33;
      }
    }
  }
  // Edges: the columns right of the last 4×4 tile in the tiled rows, then
  // every column of the rows below it, one dot product each.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let sum = 0;
      let pa = i * aI;
      let pb = j * bJ;
      for (let p = 0; p < k; p++) {
        sum += a[pa] * b[pb];
        pa += aP;
        pb += bP;
      }
      const at = i * n + j;
      c[at] = accumulate ? c[at] + sum : sum;
    }
  }
}

/** C = A·B, with A m×k and B k×n; 4×4 register tiles. */
export function gemmNNTiled(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  gemmStrided(c, a, b, m, n, k, accumulate, k, 1, n, 1);
}

/** C = A·Bᵀ, with A m×k and B n×k; 4×4 register tiles. */
export function gemmNTTiled(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  gemmStrided(c, a, b, m, n, k, accumulate, k, 1, 1, k);
}

/** C = Aᵀ·B, with A k×m and B k×n; 4×4 register tiles. */
export function gemmTNTiled(
  c: Float32Array, a: Float32Array, b: Float32Array,
  m: number, n: number, k: number, accumulate = false,
): void {
  gemmStrided(c, a, b, m, n, k, accumulate, 1, m, n, 1);
}

/** C = A·Bᵀ + bias, with A m×k, B n×k and the bias added to every row; the sums start at the bias. */
export function gemmNTBiasTiled(
  c: Float32Array, a: Float32Array, b: Float32Array, bias: Float32Array,
  m: number, n: number, k: number,
): void {
  const row = bias.length === n ? bias : bias.subarray(0, n);
  for (let i = 0; i < m; i++) c.set(row, i * n);
  gemmStrided(c, a, b, m, n, k, true, k, 1, 1, k);
}
