import { defineConfig } from 'vitest/config';

// The production topology test: real processes on loopback, one file, its steps in order.
export default defineConfig({
  test: {
    include: ['test/topology/**/*.test.ts'],
    env: { TZ: 'UTC' },
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
