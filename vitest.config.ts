import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-once.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Real-runtime tests compile and run programs; two cores, so keep files in parallel at 2.
    maxWorkers: 2,
  },
});
