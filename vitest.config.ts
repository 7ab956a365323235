import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Statistical cross-checks simulate millions of events; CI machines are slow and shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
