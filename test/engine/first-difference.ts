/** Comparing float arrays bit for bit in tests. */

/**
 * The first index where two arrays' bits differ (so −0 differs from +0, and
 * NaN is compared too) with both values, or undefined where they agree: a
 * short failure message where a diff of the whole arrays would take minutes.
 */
export function firstDifference(got: Float32Array, expected: Float32Array): string | undefined {
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  if (a.length !== b.length) return `length ${a.length}, expected ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `at ${i}: ${got[i]} (0x${a[i].toString(16)}), expected ${expected[i]} (0x${b[i].toString(16)})`;
  }
  return undefined;
}
