import { defineConfig } from 'vitest/config';

/** Slow and stress suites (`npm run test:slow`): large files, memory checks, model stress tests. CI runs them. */
export default defineConfig({
  test: {
    include: ['src/**/*.slow.test.ts', 'src/**/*.stress.test.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
