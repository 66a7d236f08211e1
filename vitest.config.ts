import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'eslint/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          // Integration suites close real services in their hooks (flushing logs with fsync); a loaded machine is slow at it.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
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
