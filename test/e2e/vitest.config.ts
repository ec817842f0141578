import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    setupFiles: ['test/e2e/phone-sweep.ts'],
    env: { TZ: 'UTC' },
    // Browser tests share one server and one machine with 2 cores: run files one at a time.
    fileParallelism: false,
    // Bounds, not waits: every test waits on conditions, and these only end one that never comes.
    // CI runs the suite with a CPU burner on one core, so they are far above a quiet run's need.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 30_000 } },
  },
});
