import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Temporary files of every test under one directory, removed at the end (test/setup/private-tmp.ts).
    globalSetup: ['test/setup/private-tmp.ts'],
    // Statistical cross-checks simulate millions of events; CI machines are slow and shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
