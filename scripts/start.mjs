// `npm start`: the desktop app when an Electron runtime and a display can be had; otherwise it says why
// and runs the same engine headless (`agent-os serve`), printing the dashboard URL.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronSqliteBinding } from './electron-sqlite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function ensureBuilt() {
  if (existsSync(join(root, 'dist/headless/cli.mjs')) && existsSync(join(root, 'dist/renderer/index.html'))) return;
  console.log('agent-os: building the app first (npm run build)…');
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

/** Why the desktop app cannot start here, or null when it can. */
function desktopBlocker() {
  if (process.env.AGENT_OS_HEADLESS) return 'AGENT_OS_HEADLESS is set';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)';
  if (!existsSync(join(root, 'dist/electron/main.cjs'))) return 'the desktop shell is not built in this checkout yet (dist/electron/main.cjs)';
  let electronDir;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed (npm install)';
  }
  if (!existsSync(join(electronDir, 'path.txt'))) {
    // First start: fetch the runtime now (npm install skips it: see allowScripts in package.json).
    console.log('agent-os: fetching the Electron runtime (first start)…');
    const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'inherit', timeout: 300_000 });
    if (fetched.status !== 0 || !existsSync(join(electronDir, 'path.txt')))
      return 'the Electron runtime could not be downloaded (no access to its GitHub release)';
  }
  return null;
}

ensureBuilt();
const blocker = desktopBlocker();
// better-sqlite3 built for Node's ABI does not load in Electron and vice versa: the desktop app gets its own
// copy (scripts/electron-sqlite.mjs) through AGENT_OS_SQLITE_BINDING (better-sqlite3's nativeBinding option).
const binding = blocker === null ? electronSqliteBinding(root) : null;
if (blocker === null && binding === null) {
  console.log('agent-os: SQLite could not be built for Electron here; running headless instead.');
}
if (blocker === null && binding !== null) {
  const electron = require('electron');
  const child = spawn(electron, [root], { stdio: 'inherit', env: { ...process.env, AGENT_OS_SQLITE_BINDING: binding } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (blocker !== null) console.log(`agent-os: the desktop app cannot start here: ${blocker}. Running headless instead.`);
  const child = spawn(process.execPath, [join(root, 'bin/agent-os.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
