import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['test/setup-relaxed-simd.ts'],
    // The 2-core CI machine runs test files side by side; first loads (MathJax,
    // a worker thread) can take seconds there, which is not a failure.
    testTimeout: 30_000,
  },
});
