// `npm run package:desktop [-- <electron-builder args>]`: the desktop app, packaged by electron-builder from a
// staged copy (build/desktop-app) with its own node_modules whose better-sqlite3 is the Electron-ABI build of
// scripts/electron-sqlite.mjs. electron-builder never rebuilds the checkout's node_modules (npmRebuild: false),
// so `npm test` keeps loading the Node build afterwards. Output goes to release/.
//   --stage-only   stage and stop (no electron-builder)
//   --out <dir>    stage there instead of build/desktop-app
// AGENT_OS_SQLITE_BINDING=<better_sqlite3.node> uses that Electron-ABI build instead of building one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stageDesktopApp } from './desktop-stage.mjs';
import { electronSqliteBinding, electronVersion } from './electron-sqlite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function fail(line) {
  console.error(`agent-os: ${line}`);
  process.exit(1);
}

const args = process.argv.slice(2);
const stageOnly = args.includes('--stage-only');
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? resolve(args[outAt + 1] ?? fail('--out needs a folder')) : join(root, 'build', 'desktop-app');
const builderArgs = args.filter((arg, i) => arg !== '--stage-only' && i !== outAt && i !== outAt + 1);

const version = electronVersion();
const binding = process.env.AGENT_OS_SQLITE_BINDING || electronSqliteBinding(root, version);
if (!binding || !existsSync(binding))
  fail(`better-sqlite3 could not be built for Electron ${version}; see the lines above (node-gyp needs electronjs.org/headers)`);

let packages;
try {
  packages = stageDesktopApp({ root, out, binding });
} catch (error) {
  fail(error.message);
}
console.log(`agent-os: staged the desktop app in ${out} (${packages.length} packages in node_modules)`);
if (stageOnly) process.exit(0);

// electron-builder reads electron-builder.yml and package.json of the staged folder; the runtime is the
// checkout's own when `npm start` fetched it, else electron-builder downloads it.
const electronDir = dirname(require.resolve('electron/package.json'));
const dist = existsSync(join(electronDir, 'path.txt')) ? [`-c.electronDist=${join(electronDir, 'dist')}`] : [];
const cli = require.resolve('electron-builder/cli.js');
const built = spawnSync(
  process.execPath,
  [cli, '--projectDir', out, `-c.electronVersion=${version}`, `-c.directories.output=${join(root, 'release')}`, ...dist, ...builderArgs],
  { cwd: out, stdio: 'inherit' },
);
process.exit(built.status ?? 1);
