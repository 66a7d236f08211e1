import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'eslint/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // The TURN relay lab test fails about one run in two on a shared 2-core machine (see README, Test): it runs on request.
          exclude: process.env.QUIRE_LAB_RELAY ? configDefaults.exclude : [...configDefaults.exclude, 'e2e/netlab/relay.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['e2e/support/globalSetup.ts'],
          // Polls wait for a condition; on a loaded machine it can take a while to come true.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
    ],
  },
})
