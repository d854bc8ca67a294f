import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports": Node loads its CommonJS build for the libraries, Vite would
    // give our own files the ESM one, and two graphql instances refuse each other's types.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    env: { NODE_ENV: 'test' },
    pool: 'forks',
    // Each file starts real servers on its own database; two cores run two files at once.
    maxWorkers: 2,
    // A worker imports the server's modules once for all its files instead of once per file
    // (importing was a third of the suite's time). Files share no state: every server, database,
    // limiter and cache is built per server, never at module level.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
