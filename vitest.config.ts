import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    // Most tests wait on child processes and sockets rather than compute: three files at a time on two
    // cores keeps the machine busy (vitest's default is one fewer worker than cores: one, here).
    maxWorkers: 3,
    // The developer's own rc files are no part of a test: tasks' PATH skips the login shell (issue 21 §1)
    // except in the tests of exactly that, which start the engine with an environment of their own.
    env: { AGENT_OS_LOGIN_SHELL: 'off' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
