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
      'test/deploy/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Used with --coverage (`npm run test:unit:ci`, in CI): a summary in the log, lcov for
    // whatever reads it, beside the JUnit file that CI uploads from reports/.
    coverage: {
      provider: 'v8',
      // Every source file, the ones no test loads included (at 0%).
      include: [
        'api/src/**/*.ts',
        'jobs/src/**/*.ts',
        'i18n/src/**/*.ts',
        'scripts/**/*.ts',
        'site/src/**/*.ts',
      ],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'lcov'],
      reportsDirectory: 'reports/coverage',
    },
  },
});
