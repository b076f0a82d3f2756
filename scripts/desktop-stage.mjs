// Stages the desktop app into a folder of its own for electron-builder (scripts/package-desktop.mjs): the
// built shell, the dashboard, the assets, a package.json whose dependencies are only what the main process
// loads from disk, and a node_modules holding just their production tree, with better-sqlite3 carrying the
// Electron-ABI build. The checkout's node_modules is only read: packaging never rebuilds it for Electron.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The packages the desktop main process loads from node_modules: everything else is bundled into
 * dist/electron/main.cjs (scripts/build-main.mjs marks exactly these, and `electron`, external).
 */
export const MAIN_PROCESS_PACKAGES = ['better-sqlite3'];

/**
 * Dependencies only an install runs (better-sqlite3 fetches a prebuilt binary with prebuild-install, 37
 * packages): the staged app carries a finished build, so they are left out and dropped from the manifest.
 */
const INSTALL_ONLY = { 'better-sqlite3': ['prebuild-install'] };

/** What the desktop app needs of the build (dist/headless is the CLI and server: not part of the app). */
const APP_PATHS = ['dist/electron', 'dist/renderer', 'assets', 'electron-builder.yml'];
/** Files of a package that never run: docs, tests, examples, source maps, type declarations, tool dotfiles. */
const UNUSED =
  /^(readme|changelog|history|contributing)(\.\w+)?$|^(test|tests|__tests__|example|examples|docs|benchmark)$|^\.(github|npmignore|gitignore|gitattributes|travis\.yml|eslintrc.*|editorconfig)$|\.(map|d\.ts|md|markdown)$/i;
/** better-sqlite3's sources and its Node-ABI build: the staged copy gets the Electron build instead. */
const SQLITE_SOURCES = new Set(['build', 'deps', 'src', 'binding.gyp']);

/**
 * Lock paths (`node_modules/a`, `node_modules/a/node_modules/b`) of the production tree of `names`, resolved
 * the way Node resolves them: from the requiring package's folder up to the top.
 */
export function productionClosure(lockPackages, names) {
  const found = new Set();
  const visit = (from, name, optional = false) => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      const entry = lockPackages[path];
      if (entry) {
        if (found.has(path)) return;
        found.add(path);
        for (const dep of Object.keys(withoutInstallOnly(path, entry).dependencies ?? {})) visit(path, dep);
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
        return;
      }
      // An optional dependency for another platform is not in the lock.
      if (!base && optional) return;
      if (!base) throw new Error(`package-lock.json has no ${name} (needed from ${from || 'the app'}); run npm install`);
    }
  };
  for (const name of names) visit('', name);
  return [...found].sort();
}

/**
 * Writes the staged app into `out` (emptied first) and returns the lock paths of the packages copied.
 * `binding` is better_sqlite3.node as the packaged app must load it (built for Electron's ABI).
 */
export function stageDesktopApp({ root, out, binding }) {
  for (const path of ['dist/electron/main.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, path))) throw new Error(`${path} is missing: run \`npm run build\` first`);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const path of APP_PATHS) cpSync(join(root, path), join(out, path), { recursive: true, filter: (src) => !src.endsWith('.map') });

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const dependencies = Object.fromEntries(MAIN_PROCESS_PACKAGES.map((name) => [name, pkg.dependencies[name]]));
  const { name, version, description, license, main } = pkg;
  const manifest = { name, version, description, license, private: true, main, dependencies };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const packages = productionClosure(lock.packages, MAIN_PROCESS_PACKAGES);
  // The lockfile of the staged app, so electron-builder's `npm list` sees exactly this tree.
  const stagedLock = { name, version, lockfileVersion: 3, requires: true, packages: { '': { name, version, license, dependencies } } };
  for (const path of packages) {
    stagedLock.packages[path] = withoutInstallOnly(path, lock.packages[path]);
    copyPackage(root, out, path);
  }
  writeFileSync(join(out, 'package-lock.json'), `${JSON.stringify(stagedLock, null, 2)}\n`);
  const sqlite = packages.find((p) => p === 'node_modules/better-sqlite3');
  mkdirSync(join(out, sqlite, 'build', 'Release'), { recursive: true });
  copyFileSync(binding, join(out, sqlite, 'build', 'Release', 'better_sqlite3.node'));
  return packages;
}

/** One installed package, without its nested node_modules (staged on their own), docs and tests. */
function copyPackage(root, out, path) {
  const from = join(root, path);
  const to = join(out, path);
  if (!existsSync(join(from, 'package.json'))) throw new Error(`${from} is not installed: run npm install`);
  const isSqlite = path.endsWith('node_modules/better-sqlite3');
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === 'node_modules' || UNUSED.test(entry) || (isSqlite && SQLITE_SOURCES.has(entry))) continue;
    cpSync(join(from, entry), join(to, entry), { recursive: true, filter: (src) => !/\.(map|d\.ts)$/.test(src) });
  }
  const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const trimmed = withoutInstallOnly(path, manifest);
  if (trimmed !== manifest) writeFileSync(join(to, 'package.json'), `${JSON.stringify(trimmed, null, 2)}\n`);
}

/** A package's manifest or lock entry without its install-only dependencies (and install script). */
function withoutInstallOnly(path, entry) {
  const drop = INSTALL_ONLY[path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)];
  if (!drop) return entry;
  const dependencies = Object.fromEntries(Object.entries(entry.dependencies ?? {}).filter(([name]) => !drop.includes(name)));
  const { install: _install, ...scripts } = entry.scripts ?? {};
  const { hasInstallScript: _has, ...rest } = entry;
  return { ...rest, dependencies, ...(entry.scripts ? { scripts } : {}) };
}
