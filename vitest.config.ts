import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/sync-sim/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Staff secrets hash at a 64th of production's scrypt cost in tests (see the file).
    setupFiles: ['test/setup/kdfCost.ts'],
  },
});
