import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Training runs compete for the two cores: run test files one after another so timings stay honest.
    fileParallelism: false,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
