import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What a run here did not check, and why, once at the end (test/reporters/skipped.ts).
    reporters: ['default', './test/reporters/skipped.ts'],
  },
});
