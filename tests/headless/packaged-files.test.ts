// What the packaged desktop app carries (issue 21 §2), computed the way electron-builder picks it, without
// running it (it needs the Electron runtime): scripts/desktop-stage.mjs stages the app as
// scripts/package-desktop.mjs does, then electron-builder.yml's `files` select the app's files (with
// electron-builder's own matcher), the staged lockfile's production tree gives node_modules, and
// `asarUnpack` what lives outside app.asar. Needs `npm run build` (as `npm test` runs it first).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_PROCESS_PACKAGES, productionClosure, stageDesktopApp, type LockEntry } from '../../scripts/desktop-stage.mjs';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
// electron-builder's own glob matcher (app-builder-lib's minimatch, with the option it passes).
const { minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean;
};
const SQLITE_BUILD = join(REPO, 'node_modules', 'better-sqlite3', 'build');

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface Packaged {
  /** Paths inside the app, `/`-separated, each with its size in bytes. */
  files: Map<string, number>;
  /** The packages of node_modules, by name. */
  packages: Set<string>;
  /** The files electron-builder leaves outside app.asar. */
  unpacked: string[];
}

function walk(dir: string, skip: (rel: string) => boolean, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const rel = relative(base, path).split('\\').join('/');
    if (skip(rel)) return [];
    return entry.isDirectory() ? walk(path, skip, base) : [rel];
  });
}

/** electron-builder's `files`: patterns in order, a later `!pattern` excluding what an earlier one took. */
function selected(path: string, patterns: readonly string[]): boolean {
  let take = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) take &&= !minimatch(path, pattern.slice(1), { dot: true });
    else take ||= minimatch(path, pattern, { dot: true });
  }
  return take;
}

function packagedFiles(stage: string): Packaged {
  const config = parse(readFileSync(join(stage, 'electron-builder.yml'), 'utf8')) as { files: string[]; asarUnpack: string[] };
  const files = new Map<string, number>();
  for (const rel of walk(stage, (rel) => rel === 'node_modules')) {
    if (rel === 'package.json' || selected(rel, config.files)) files.set(rel, statSync(join(stage, rel)).size);
  }
  const lock = JSON.parse(readFileSync(join(stage, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry & { dependencies?: object }> };
  const roots = Object.keys(lock.packages['']?.dependencies ?? {});
  const packages = new Set<string>();
  for (const path of productionClosure(lock.packages, roots)) {
    packages.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    for (const rel of walk(join(stage, path), (rel) => rel === 'node_modules')) files.set(`${path}/${rel}`, statSync(join(stage, path, rel)).size);
  }
  const unpacked = [...files.keys()].filter((path) => config.asarUnpack.some((pattern) => minimatch(path, pattern, { dot: true })));
  return { files, packages, unpacked };
}

/** Every file of better-sqlite3's build folder with its hash and mtime. */
function fingerprint(dir: string): string[] {
  return walk(dir, () => false).map(
    (rel) =>
      `${rel} ${createHash('sha256')
        .update(readFileSync(join(dir, rel)))
        .digest('hex')} ${statSync(join(dir, rel)).mtimeMs}`,
  );
}

/** The packages a folder's sources import (bare specifiers, without subpaths). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const rel of walk(dir, (rel) => rel.includes('node_modules') || rel.startsWith('dist'))) {
    if (!/\.tsx?$/.test(rel)) continue;
    for (const [, spec] of readFileSync(join(dir, rel), 'utf8').matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)) {
      if (!spec || spec.startsWith('node:')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
    }
  }
  return names;
}

describe('the packaged desktop app', () => {
  let stage: string;
  let packaged: Packaged;
  let sqliteBefore: string[];
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as PackageJson;

  beforeAll(() => {
    stage = mkdtempSync(join(tmpdir(), 'agent-os-stage-'));
    sqliteBefore = fingerprint(SQLITE_BUILD);
    // Stands in for the Electron-ABI build package-desktop.mjs makes (it needs Electron's headers).
    const binding = join(SQLITE_BUILD, 'Release', 'better_sqlite3.node');
    stageDesktopApp({ root: REPO, out: join(stage, 'app'), binding });
    packaged = packagedFiles(join(stage, 'app'));
  });
  afterAll(() => rmSync(stage, { recursive: true, force: true }));

  it('holds the built app and the production tree of what the main process loads: no sources, tests, maps or dev dependencies', () => {
    const paths = [...packaged.files.keys()];
    const app = paths.filter((p) => !p.startsWith('node_modules/'));
    expect(app.filter((p) => !/^(dist\/electron|dist\/renderer|assets)\/|^package\.json$/.test(p))).toEqual([]);
    expect(app).toEqual(
      expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'assets/tray/tray-okTemplate.png']),
    );
    expect(paths.filter((p) => /\.(tsx?|map)$|(^|\/)(tests?|__tests__|src-main|src-renderer)\//.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    expect([...packaged.packages].filter((name) => name in pkg.devDependencies)).toEqual([]);
    expect([...packaged.packages].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path']);
  });

  it('lists as runtime dependencies only packages the main process or the CLI load: the renderer is bundled by Vite', () => {
    const runtime = new Set([...importedPackages(join(REPO, 'src-main')), ...importedPackages(join(REPO, 'plugins'))]);
    const rendererOnly = [...importedPackages(join(REPO, 'src-renderer'))].filter((name) => !runtime.has(name));
    expect(rendererOnly.sort()).toEqual(expect.arrayContaining(['@tanstack/react-virtual', 'react', 'react-dom', 'zustand']));
    expect(rendererOnly.filter((name) => name in pkg.dependencies)).toEqual([]);
    expect(Object.keys(pkg.dependencies).filter((name) => !runtime.has(name))).toEqual([]);
  });

  it('packs every package the built main process requires from disk', () => {
    const main = readFileSync(join(REPO, 'dist', 'electron', 'main.cjs'), 'utf8');
    // Real calls only: ajv keeps `require("ajv/…")` in code strings it never runs here.
    const required = new Set([...main.matchAll(/(?<![`'"])require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''));
    const fromDisk = [...required].filter((name) => !builtinModules.includes(name.replace(/^node:/, '')) && name !== 'electron');
    expect(fromDisk.sort()).toEqual([...MAIN_PROCESS_PACKAGES].sort());
    for (const name of fromDisk) expect(packaged.packages.has(name)).toBe(true);
    expect(main).not.toContain('@modelcontextprotocol');
  });

  it('loads the MCP SDK only in the chunk `agent-os mcp` imports on demand', () => {
    const headless = join(REPO, 'dist', 'headless');
    const staticSdk = walk(headless, () => false).filter(
      (rel) => rel.endsWith('.mjs') && /from\s*"@modelcontextprotocol\//.test(readFileSync(join(headless, rel), 'utf8')),
    );
    expect(staticSdk.length).toBe(1);
    expect(staticSdk[0]).toMatch(/^chunks\/mcp-server-[\w-]+\.mjs$/);
    const chunk = staticSdk[0]?.replace(/^chunks\//, '') ?? '';
    const importers = walk(headless, () => false).filter(
      (rel) => rel.endsWith('.mjs') && rel !== staticSdk[0] && readFileSync(join(headless, rel), 'utf8').includes(chunk),
    );
    for (const rel of importers)
      expect(readFileSync(join(headless, rel), 'utf8')).toMatch(new RegExp(`import\\("\\./(chunks/)?${chunk.replace(/[.-]/g, '\\$&')}"\\)`));
    expect(importers).toContain('cli.mjs');
  });

  it("leaves better-sqlite3's native module outside app.asar, and nothing else that is native inside", () => {
    expect(packaged.unpacked).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect([...packaged.files.keys()].filter((p) => p.endsWith('.node') && !packaged.unpacked.includes(p))).toEqual([]);
  });

  it('carries the example projects where the shell looks for them (assets/examples beside dist/)', () => {
    for (const name of ['backups', 'newsletter', 'trading']) expect(packaged.files.has(`assets/examples/${name}/agent-os.yml`)).toBe(true);
    // main.cjs finds them at <app>/assets/examples from dist/electron.
    expect(readFileSync(join(REPO, 'src-main', 'electron', 'main.ts'), 'utf8')).toMatch(/examplesDir: join\(root, 'assets', 'examples'\)/);
  });

  it('stays under the size budget the README states', () => {
    const budget = /The packaged app's files stay under \*\*(\d+) MB\*\*/.exec(readFileSync(join(REPO, 'README.md'), 'utf8'));
    expect(budget, 'README states the budget').not.toBeNull();
    const bytes = [...packaged.files.values()].reduce((a, b) => a + b, 0);
    console.log(`packaged desktop app: ${packaged.files.size} files, ${(bytes / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeLessThan(Number(budget?.[1]) * 1e6);
  });

  it("stages without rebuilding the checkout's better-sqlite3, and electron-builder rebuilds nothing in place", () => {
    expect(fingerprint(SQLITE_BUILD)).toEqual(sqliteBefore);
    const config = parse(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as { npmRebuild?: boolean };
    expect(config.npmRebuild).toBe(false);
    // The staged copy carries its own build, not a link to the checkout's.
    const staged = join(stage, 'app', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    expect(statSync(staged).ino).not.toBe(statSync(join(SQLITE_BUILD, 'Release', 'better_sqlite3.node')).ino);
  });

  it('npm run package:desktop stages into a folder of its own (here with a given Electron build of SQLite), the checkout untouched', () => {
    const out = join(stage, 'by-script');
    const printed = execFileSync(process.execPath, [join(REPO, 'scripts', 'package-desktop.mjs'), '--stage-only', '--out', out], {
      cwd: REPO,
      env: { ...process.env, AGENT_OS_SQLITE_BINDING: join(SQLITE_BUILD, 'Release', 'better_sqlite3.node') },
      encoding: 'utf8',
    });
    expect(printed.trim()).toBe(`agent-os: staged the desktop app in ${out} (3 packages in node_modules)`);
    expect(packagedFiles(out).files).toEqual(packaged.files);
    expect(fingerprint(SQLITE_BUILD)).toEqual(sqliteBefore);
  });
});
