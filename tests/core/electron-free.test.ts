import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ARCHITECTURE.md: "A test loads the core under plain Node and fails if `electron` would be resolved."
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MARKER = 'AGENT_OS_CORE_RAN_WITHOUT_ELECTRON';
const SHIPPED = join(ROOT, 'dist/headless/core-entry.mjs');

// The options of scripts/build-main.mjs for the core entry. Besides the shipped dist/ bundle, the current
// source is bundled into a private folder (inside the checkout, so its external packages resolve from
// node_modules) rather than by re-running build-main.mjs, which empties dist/headless while other test
// files may be running dist/headless/cli.mjs.
const CORE_BUILD: BuildOptions = {
  entryPoints: { 'core-entry': join(ROOT, 'src-main/core/index.ts') },
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'silent',
};

// Runs in the loader thread: any ESM resolution of electron fails loudly.
const HOOKS = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    throw new Error('ELECTRON_RESOLVED: ' + specifier + ' from ' + context.parentURL);
  }
  const resolved = await nextResolve(specifier, context);
  if (/[\\\\/]node_modules[\\\\/]electron[\\\\/]/.test(resolved.url)) throw new Error('ELECTRON_RESOLVED: ' + resolved.url);
  return resolved;
}
`;

// Registers the hooks (ESM) and guards require() too (Node 20 does not route CommonJS requires through
// module hooks), then loads the module under test.
const HARNESS = `
import Module, { register } from 'node:module';
const [hooks, target, home] = process.argv.slice(2);
register(hooks);
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron' || request.startsWith('electron/')) throw new Error('ELECTRON_RESOLVED (require): ' + request);
  return originalResolve.call(this, request, ...rest);
};
const mod = await import(target);
if (typeof mod.createCore === 'function') {
  const core = mod.createCore({ home });
  await core.start();
  await core.stop();
}
console.log(${JSON.stringify(MARKER)});
`;

describe('the core under plain Node', () => {
  let work: string;
  let home: string;
  let bundle: string;

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    work = mkdtempSync(join(ROOT, 'dist', '.electron-free-'));
    home = mkdtempSync(join(tmpdir(), 'agent-os-electron-free-home-'));
    writeFileSync(join(work, 'hooks.mjs'), HOOKS);
    writeFileSync(join(work, 'harness.mjs'), HARNESS);
    writeFileSync(join(work, 'imports-electron.mjs'), "import 'electron';\n");
    writeFileSync(join(work, 'requires-electron.mjs'), "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('electron');\n");
    await build({ ...CORE_BUILD, outdir: work });
    bundle = join(work, 'core-entry.mjs');
    // `npm test` builds dist/ first; build it here only when this file runs on a fresh checkout.
    if (!existsSync(SHIPPED)) execFileSync(process.execPath, [join(ROOT, 'scripts/build-main.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 60_000 });
  }, 90_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function runHarness(target: string) {
    return spawnSync(process.execPath, [join(work, 'harness.mjs'), pathToFileURL(join(work, 'hooks.mjs')).href, pathToFileURL(target).href, home], {
      cwd: work,
      encoding: 'utf8',
      timeout: 30_000,
      // Only what Node needs: nothing from the test runner (e.g. NODE_OPTIONS) leaks into the child.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
    });
  }

  it.each(['imports-electron.mjs', 'requires-electron.mjs'])(
    'fails the harness for a module that resolves electron (%s), so the checks below can fail',
    (file) => {
      const result = runHarness(join(work, file));
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('ELECTRON_RESOLVED');
      expect(result.stdout).not.toContain(MARKER);
    },
  );

  it('creates, starts and stops the built dist/headless/core-entry.mjs without ever resolving electron', () => {
    const result = runHarness(SHIPPED);
    expect(result.stderr).not.toContain('ELECTRON_RESOLVED');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(MARKER);
  });

  it('creates, starts and stops the core bundled from the current source without ever resolving electron', () => {
    const result = runHarness(bundle);
    expect(result.stderr).not.toContain('ELECTRON_RESOLVED');
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(MARKER);
  });

  it('bundles no input whose path mentions electron and imports no electron module', async () => {
    const result = await build({ ...CORE_BUILD, outdir: join(work, 'meta'), metafile: true, write: false });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('src-main/core/index.ts'))).toBe(true);
    expect(inputs.filter((p) => p.includes('electron'))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((p) => p === 'electron' || p.startsWith('electron/') || p.includes('/electron/') || p.includes('src-main/electron'))).toEqual([]);
  });
});
