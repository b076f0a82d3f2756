import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end: a real `agent-os serve` child and Debian's Chromium driven by playwright-core. One file at a time
// in one forked worker, tests in order: each file's tests share one server and one browser.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false, shuffle: false },
    // The developer's own rc files are no part of a test (see vitest.config.ts).
    env: { AGENT_OS_LOGIN_SHELL: 'off' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
