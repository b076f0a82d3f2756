// better-sqlite3 built for Electron's ABI, in a copy of its own under build/ (the checkout's node_modules keeps
// the Node build that `npm test` and the CLI load). Used by `npm start` (scripts/start.mjs) and by the desktop
// package (scripts/package-desktop.mjs), so neither ever rebuilds node_modules/better-sqlite3 in place.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron version of this checkout (the electron devDependency). */
export function electronVersion() {
  return require('electron/package.json').version;
}

/**
 * The path of better_sqlite3.node compiled against Electron `version`'s headers (node-gyp fetches them on a
 * first build), or null when it cannot be built here (the reason is printed).
 */
export function electronSqliteBinding(root, version = electronVersion()) {
  const dir = join(root, 'build', `electron-sqlite-${version}`);
  const binding = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  console.log(`agent-os: building SQLite for Electron ${version} (first start)…`);
  try {
    return buildBinding(version, dir, binding);
  } catch (error) {
    console.log(`agent-os: ${error.message}`);
    return null;
  }
}

function buildBinding(version, dir, binding) {
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), dir, { recursive: true, filter: (src) => !src.includes(`${join('build', 'Release')}`) });
  const gyp = require.resolve('node-gyp/bin/node-gyp.js', {
    paths: [dirname(process.execPath), join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')],
  });
  const built = spawnSync(
    process.execPath,
    [gyp, 'rebuild', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--release'],
    { cwd: dir, stdio: 'inherit' },
  );
  return built.status === 0 && existsSync(binding) ? binding : null;
}
