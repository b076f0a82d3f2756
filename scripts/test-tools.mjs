// The programs from outside npm that some tests need, how to tell whether this machine has each, and which
// Debian package brings it. scripts/preflight.mjs (the first step of `npm test`) installs what is missing
// where it can; the tests that need a tool ask `toolMissing` and skip themselves, naming it, where it
// cannot be had (macOS has no tini) — except under CI=true, where nothing may be skipped.
import { existsSync, statSync } from 'node:fs';
import { arch } from 'node:os';
import { delimiter, join } from 'node:path';

const MULTIARCH = { x64: 'x86_64', arm64: 'aarch64', arm: 'arm', ia32: 'i386' };

/**
 * Where the system's files are looked for: `/`, or AGENT_OS_TOOLS_ROOT (the preflight's own test points it
 * at a temp folder that a fake apt-get fills).
 * @param {NodeJS.ProcessEnv} env @param {string} path
 */
function system(env, path) {
  return env.AGENT_OS_TOOLS_ROOT ? join(env.AGENT_OS_TOOLS_ROOT, path) : path;
}

/** @param {string} name @param {NodeJS.ProcessEnv} env */
export function onPath(name, env) {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        return (statSync(join(dir, name)).mode & 0o111) !== 0;
      } catch {
        return false;
      }
    });
}

/** The libfaketime Debian's faketime package installs (the shell's wall clock in the wake-from-sleep test). */
export function faketimeLibrary(env = process.env) {
  return system(env, `/usr/lib/${MULTIARCH[/** @type {keyof typeof MULTIARCH} */ (arch())] ?? arch()}-linux-gnu/faketime/libfaketimeMT.so.1`);
}

/** @type {import('./test-tools.d.mts').TestTool[]} */
export const TEST_TOOLS = [
  {
    name: 'chromium',
    debianPackage: 'chromium',
    tests: ['tests/e2e/*.e2e.test.ts'],
    present: (env) => existsSync(env.CHROMIUM_PATH || system(env, '/usr/bin/chromium')),
  },
  {
    name: 'faketime',
    debianPackage: 'faketime',
    tests: ['tests/electron/shell-lifecycle.test.ts (waking from sleep)'],
    present: (env) => existsSync(faketimeLibrary(env)),
  },
  {
    name: 'tini',
    debianPackage: 'tini',
    tests: ['tests/headless/hosted-container.test.ts', 'tests/headless/hosted-lifecycle.test.ts', 'tests/headless/hosted-refusals.test.ts'],
    // The image's ENTRYPOINT names it by its full path, and the tests run that ENTRYPOINT as it is.
    present: (env) => existsSync(system(env, '/usr/bin/tini')),
  },
  {
    name: 'unshare',
    debianPackage: 'util-linux',
    tests: ['tests/headless/engine-restart.test.ts (restart in a fresh PID namespace)'],
    present: (env) => onPath('unshare', env),
  },
];

/** @param {string} name */
export function testTool(name) {
  const tool = TEST_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no test tool named ${name}; known: ${TEST_TOOLS.map((t) => t.name).join(', ')}`);
  return tool;
}

/**
 * The tools of `names` this machine lacks, for a test's skip condition. Under CI=true none counts as
 * missing, so the test runs and fails on what is absent instead of being skipped.
 * @param {string[]} names @param {NodeJS.ProcessEnv} [env]
 */
export function toolsMissing(names, env = process.env) {
  if (env.CI === 'true') return [];
  return names.filter((name) => !testTool(name).present(env));
}
