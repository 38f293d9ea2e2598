import { defineConfig } from 'vitest/config';

// Browser journeys run on one engine (PGlite); on PostgreSQL (TEST_DATABASE_URL) the API tests run again without
// them. Set E2E=1 to run them on PostgreSQL too.
const e2e = !process.env.TEST_DATABASE_URL || process.env.E2E === '1';
if (!e2e) console.log('vitest: browser journeys (e2e/) run on PGlite only; set E2E=1 to run them on PostgreSQL too');

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', ...(e2e ? ['e2e/**/*.test.ts'] : [])],
    // each file boots its own database (PGlite in WASM): give it time, and keep to the machine's 2 cores
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    // a browser re-renders after a fetch: on 2 loaded cores that can take seconds, not vitest's default 1 s
    expect: { poll: { timeout: 20_000, interval: 100 } },
    pool: 'forks',
    // the run's shared folder: the full demo programme is built there once, for the files that ask for it
    globalSetup: ['packages/server/src/test/global-setup.ts'],
    setupFiles: ['packages/server/src/test/one-statement-per-connection.ts'],
  },
});
