import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real local stack for the whole run, started on free ports (see test/support/global-setup.ts).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 150_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    // Expected errors (the 500 path, say) would otherwise print whole stacks between results.
    env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  },
});
