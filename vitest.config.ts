import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code; browser e2e has its own config in test/e2e.
export default defineConfig({
  test: {
    include: [
      'api/src/**/*.test.ts',
      'jobs/src/**/*.test.ts',
      'i18n/**/*.test.ts',
      'scripts/**/*.test.ts',
      'site/src/**/*.test.ts',
      'test/checks/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
