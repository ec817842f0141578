import { defineConfig } from 'vitest/config';

// The deploy kit built and run for real: one file, its steps in order. Building the images is
// the set-up: minutes on a machine that has never built them, seconds once its cache is warm.
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    env: { TZ: 'UTC' },
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 180_000,
    hookTimeout: 1_800_000,
  },
});
